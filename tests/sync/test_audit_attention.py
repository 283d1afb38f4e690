"""A kiosk audit chain the server refuses, or one cut shorter than the server's copy, needs a
person: on the kiosk (`sync status`, exit code) and on the server (`audit verify`).

The probe behind issue 11 (point 3): after entries were edited and the chain recomputed the
upload got a 409 while `kiosk sync --once` exited 0 and `sync status` showed nothing; after
the chain was cut from 60 to 40 entries nothing was reported at all.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest

from kiosk.audit import entry_hash
from kiosk.contract import AUDIT_CHAIN_FIELDS
from kiosk.local_store import Store
from kiosk.store import machine_state as ms
from sync.engine import SyncEngine
from tests.helpers.applications import ktp_el_hilang
from tests.helpers.processes import ENV, ROOT, ServerProcess


@pytest.fixture(autouse=True)
def _audit_problems_warn(expected_warnings: set[str]) -> None:
    expected_warnings.add("kiosk.sync")


def open_raw(store: Store) -> sqlite3.Connection:
    conn = sqlite3.connect(store.data_dir / "kiosk.sqlite3")
    conn.execute("DROP TRIGGER audit_log_no_update")  # whoever holds the file can do this
    conn.execute("DROP TRIGGER audit_log_no_delete")
    return conn


def rechain(conn: sqlite3.Connection, start: int) -> None:
    """Recomputes every hash from `start` on and the head, as a careful forger would."""
    conn.row_factory = sqlite3.Row
    prev = conn.execute("SELECT hash FROM audit_log WHERE seq = ?", (start - 1,)).fetchone()
    prev_hash = prev["hash"] if prev else "0" * 64
    last = None
    for row in conn.execute("SELECT * FROM audit_log WHERE seq >= ? ORDER BY seq", (start,)):
        fields = {name: row[name] for name in AUDIT_CHAIN_FIELDS}
        fields["prev_hash"] = prev_hash
        prev_hash = entry_hash(fields)
        conn.execute(
            "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?",
            (fields["prev_hash"], prev_hash, row["seq"]),
        )
        last = row["seq"]
    conn.execute(
        "UPDATE device_state SET value = ? WHERE key = ?",
        (f"{last}:{prev_hash}", ms.AUDIT_HEAD.name),
    )


def audit_verify(server: ServerProcess, device_id: str) -> dict[str, object]:
    done = subprocess.run(
        server.command("audit", "verify", "--json"),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=ENV,
        timeout=120,
        check=False,
    )
    report = json.loads(done.stdout)
    return next(c for c in report["chains"] if c["chain"] == f"device {device_id}")


def uploaded(engine: SyncEngine, enrolled: Store) -> int:
    enrolled.submission.submit(ktp_el_hilang(31))
    report = engine.run_once()
    assert report.audit_uploaded > 0
    assert report.audit_problem is None
    return int(enrolled.audit.entries(limit=1)[0]["seq"])


def test_an_edited_and_rechained_log_is_refused_and_needs_attention(
    engine: SyncEngine, enrolled: Store, server: ServerProcess
) -> None:
    uploaded(engine, enrolled)
    with open_raw(enrolled) as conn:
        conn.execute("UPDATE audit_log SET operator = 'orang-lain' WHERE seq = 2")
        rechain(conn, 2)

    report = engine.run_once()

    assert report.audit_problem is not None
    problem = enrolled.state.get(ms.AUDIT_PROBLEM)
    assert "supervisor" in problem
    device = audit_verify(server, enrolled.state.get(ms.DEVICE_ID))
    assert device["ok"] is False


def test_a_log_cut_short_is_detected_on_the_kiosk_and_reported_to_the_server(
    engine: SyncEngine, enrolled: Store, server: ServerProcess
) -> None:
    newest = uploaded(engine, enrolled)
    with open_raw(enrolled) as conn:
        conn.execute("DELETE FROM audit_log WHERE seq > ?", (newest - 3,))
        rechain(conn, newest - 3)

    report = engine.run_once()

    assert report.audit_problem == "chain_shorter"
    assert enrolled.audit.verify().ok is False
    device = audit_verify(server, enrolled.state.get(ms.DEVICE_ID))
    assert device["ok"] is False
    assert "chain_shorter" in str(device["problem"])


def test_an_emptied_log_does_not_verify_on_a_device_with_a_history(
    engine: SyncEngine, enrolled: Store
) -> None:
    uploaded(engine, enrolled)
    with open_raw(enrolled) as conn:
        conn.execute("DELETE FROM audit_log")
        conn.execute("DELETE FROM device_state WHERE key = ?", (ms.AUDIT_HEAD.name,))

    check = enrolled.audit.verify()

    assert check.ok is False
    assert "server" in check.problem


def test_sync_status_and_the_exit_code_show_the_problem(
    engine: SyncEngine, enrolled: Store, data_dir: Path
) -> None:
    from ui.cli.sync_commands import sync_status

    newest = uploaded(engine, enrolled)
    with open_raw(enrolled) as conn:
        conn.execute("DELETE FROM audit_log WHERE seq > ?", (newest - 2,))
        rechain(conn, newest - 2)
    engine.run_once()

    assert sync_status(enrolled)["audit_problem"].startswith("chain_shorter")
