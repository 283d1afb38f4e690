"""What every `kiosk-server` command shares: exit codes, the database check, who acts.

Separate from server.cli so command modules (server.cli_security) can use it without an
import cycle through the parser.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .config import ServerSettings
    from .db import Database

EXIT_REFUSED = 1
EXIT_USAGE = 2
EXIT_NOT_MIGRATED = 3


def default_operator() -> str:
    """The audit identity of a CLI user: `cli:<login name>`."""
    import getpass

    try:
        return f"cli:{getpass.getuser()}"[:80]
    except (KeyError, OSError):
        return "cli"


def open_database(settings: ServerSettings) -> Database | None:
    """The database, or None (after saying why) when its schema is not at head."""
    from .db import Database, schema_is_current

    database = Database(settings.database_url)
    if schema_is_current(database):
        return database
    database.dispose()
    sys.stderr.write(
        "Skema basis data belum mutakhir; jalankan `kiosk-server migrate` dulu / "
        "the database schema is not up to date; run `kiosk-server migrate` first\n"
    )
    return None
