"""Helpers of the security tests: kiosk-style audit chains, tampering as a DBA would, the CLI."""

from __future__ import annotations

import json
from typing import Any

import pytest
import sqlalchemy as sa

from server.cli import main
from server.db import Database
from sync import protocol as P

from .conftest import Harness

APPEND_ONLY = ("audit_events", "device_audit_entries")


def kiosk_chain(count: int, *, start: int = 1, prev: str = P.AUDIT_GENESIS) -> list[dict[str, Any]]:
    """Entries exactly as kiosk.audit writes them (same fields, same hash construction)."""
    entries = []
    for seq in range(start, start + count):
        fields: dict[str, Any] = {
            "seq": seq,
            "at": f"2025-03-04T09:{seq % 60:02d}:00.123456+00:00",
            "device": "K7QZ",
            "operator": "petugas1" if seq % 3 else "system:server",
            "action": ("create", "view", "print")[seq % 3],
            "application_id": "6a4e1e0e-6a55-4d8e-9d1c-2f1b0c7a9e01",
            "number": "250304-K7QZ-0001",
            "detail": "" if seq % 2 else "3171********0001",
            "prev_hash": prev,
        }
        prev = P.audit_entry_hash(fields)
        entries.append({**fields, "hash": prev})
    return entries


def tamper(database: Database, *statements: str) -> None:
    """Runs SQL past the append-only triggers, as a database superuser could."""
    postgres = database.engine.dialect.name == "postgresql"
    with database.engine.begin() as connection:
        for table in APPEND_ONLY:
            if postgres:
                connection.execute(sa.text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
            else:
                for verb in ("update", "delete"):
                    connection.execute(sa.text(f"DROP TRIGGER {table}_no_{verb}"))
        for statement in statements:
            connection.execute(sa.text(statement))
        for table in APPEND_ONLY:
            if postgres:
                connection.execute(sa.text(f"ALTER TABLE {table} ENABLE TRIGGER USER"))
            else:
                for verb in ("UPDATE", "DELETE"):
                    connection.execute(
                        sa.text(
                            f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                            f"BEGIN SELECT RAISE(ABORT, 'append-only table {table}'); END"
                        )
                    )


def swap(table: str, where: str, a: int, b: int) -> tuple[str, str, str]:
    """Statements that swap the seq numbers of two entries (reordering them)."""
    return (
        f"UPDATE {table} SET seq = -1 WHERE {where} seq = {a}",
        f"UPDATE {table} SET seq = {a} WHERE {where} seq = {b}",
        f"UPDATE {table} SET seq = {b} WHERE {where} seq = -1",
    )


def cli(server: Harness, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(
        [
            *args,
            "--database-url",
            server.settings.database_url,
            "--data-dir",
            str(server.settings.data_dir),
        ]
    )
    out, err = capsys.readouterr()
    return code, out, err


def verify(server: Harness, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, Any]]:
    code, out, _ = cli(server, capsys, "audit", "verify", "--json")
    return code, json.loads(out)
