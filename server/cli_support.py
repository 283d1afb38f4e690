"""What every `kiosk-server` command shares: exit codes, the database check, who acts.

Separate from server.cli so command modules (server.cli_security) can use it without an
import cycle through the parser.
"""

from __future__ import annotations

import sys
import uuid
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .config import ServerSettings
    from .db import Database

EXIT_REFUSED = 1
EXIT_USAGE = 2
EXIT_NOT_MIGRATED = 3


def parse_uuid(text: str, name_id: str, name_en: str) -> uuid.UUID | None:
    """An id typed on the command line, or None after saying it is not a UUID."""
    try:
        return uuid.UUID(text)
    except ValueError:
        sys.stderr.write(f"{name_id} harus UUID / {name_en} must be a UUID\n")
        return None


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
