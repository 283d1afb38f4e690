"""What every `kiosk-server` command shares: exit codes, the database, who acts, output.

A command is declared once (`Command`: its name, help, arguments and handler) in the module of
its resource; server.cli lists them in the order `--help` shows.
"""

from __future__ import annotations

import argparse
import getpass
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..config import ServerSettings
    from ..db import Database

Parents = list[argparse.ArgumentParser]
"""The parsers of the options every command takes (before or after its name)."""

EXIT_REFUSED = 1
EXIT_USAGE = 2
EXIT_NOT_MIGRATED = 3

MIN_PASSPHRASE = 12
"""The shortest passphrase a NEW private key (sealing or signing) is encrypted with."""


@dataclass(frozen=True)
class Command:
    """One `kiosk-server` command.

    Attributes:
        name: what is typed (`enrollment-code`).
        help: the line `kiosk-server --help` shows.
        configure: adds its arguments (and sub-actions, with `common` as their parents).
        run: does it; returns the exit code. A ServerError it raises exits 1 with its detail.
    """

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser, Parents], None]
    run: Callable[[argparse.Namespace, ServerSettings], int]


class SchemaNotCurrent(Exception):
    """The database is not migrated to the newest revision: `kiosk-server migrate` first."""

    message = (
        "Skema basis data belum mutakhir; jalankan `kiosk-server migrate` dulu / "
        "the database schema is not up to date; run `kiosk-server migrate` first"
    )


@contextmanager
def open_database(settings: ServerSettings, *, check_schema: bool = True) -> Iterator[Database]:
    """The database for one command, disposed of when the block ends.

    Raises:
        SchemaNotCurrent: `check_schema` and the schema is not at head (exit 3).
    """
    from ..db import Database, schema_is_current

    database = Database(settings.database_url)
    try:
        if check_schema and not schema_is_current(database):
            raise SchemaNotCurrent(SchemaNotCurrent.message)
        yield database
    finally:
        database.dispose()


def parse_uuid(text: str, name_id: str, name_en: str) -> uuid.UUID | None:
    """An id typed on the command line, or None after saying it is not a UUID."""
    try:
        return uuid.UUID(text)
    except ValueError:
        err(f"{name_id} harus UUID / {name_en} must be a UUID")
        return None


def default_operator() -> str:
    """The audit identity of a CLI user: `cli:<login name>`."""
    try:
        return f"cli:{getpass.getuser()}"[:80]
    except (KeyError, OSError):
        return "cli"


def check_ttl_hours(hours: int) -> bool:
    """Whether a one-time code's lifetime is 1 hour .. 90 days."""
    return 1 <= hours <= 24 * 90


def say(text: str) -> None:
    sys.stdout.write(text + "\n")


def err(text: str) -> None:
    sys.stderr.write(text + "\n")


def read_secret(from_stdin: bool, what: str) -> str | None:
    """A password from stdin (first line) or typed twice at a terminal; None if neither."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        err(f"Gunakan --{what}-stdin bila tidak di terminal / use --{what}-stdin without a tty")
        return None
    first = getpass.getpass(f"{what}: ")
    if getpass.getpass(f"{what} (ulangi / again): ") != first:
        err("Tidak sama / they differ")
        return None
    return first


class PassphraseTooShort(Exception):
    """A new key's passphrase is shorter than MIN_PASSPHRASE (exit 2, nothing created)."""

    message = (
        f"Frasa sandi minimal {MIN_PASSPHRASE} karakter / passphrase: {MIN_PASSPHRASE}+ characters"
    )


def stdin_passphrase(wanted: bool) -> bytes | None:
    """A private key's passphrase: the first line of stdin when `--passphrase-stdin` was given."""
    if not wanted:
        return None
    return sys.stdin.readline().rstrip("\r\n").encode("utf-8") or None


def new_key_passphrase(wanted: bool) -> bytes | None:
    """The passphrase to encrypt a new private key with (None: not encrypted).

    Raises:
        PassphraseTooShort: `wanted` and the line read is shorter than MIN_PASSPHRASE.
    """
    passphrase = stdin_passphrase(wanted)
    if wanted and len(passphrase or b"") < MIN_PASSPHRASE:
        raise PassphraseTooShort(PassphraseTooShort.message)
    return passphrase
