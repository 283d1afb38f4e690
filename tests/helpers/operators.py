"""Named operators in a data dir, for the CLI commands that sign one in."""

from __future__ import annotations

from pathlib import Path

from kiosk.accounts import Role
from kiosk.local_store import Store

PASSWORD = "rahasia-123"


def add_operator(
    data_dir: Path, username: str, role: Role = Role.PETUGAS, password: str = PASSWORD
) -> None:
    """Adds `username` (the first one needs no creator; later ones are made by a supervisor)."""
    store = Store.open(data_dir)
    try:
        creator = None
        if not store.accounts.needs_first_run():
            from kiosk.accounts import Operator

            creator = Operator("kepala", "Kepala", Role.SUPERVISOR)
        store.accounts.create(username, username.title(), password, role, created_by=creator)
    finally:
        store.close()


def signed_in(username: str) -> tuple[str, ...]:
    """The CLI arguments that sign `username` in; pass stdin=PASSWORD + newline."""
    return ("--operator", username, "--password-stdin")
