"""INVARIANT 1 at the store level: SIGKILL at random points never leaves half an application."""

from __future__ import annotations

import gc
import hashlib
import os
import random
import sqlite3
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from kiosk.local_store import Store
from kiosk.store.models import AttachmentRow
from kiosk.store.orphans import live_attachment_hashes
from tests.helpers.processes import kill_when_ready
from tests.helpers.sealing import new_server_key

ROOT = Path(__file__).resolve().parents[3]
TARGET = 200


def verify_complete(data_dir: Path) -> set[str]:
    """Every application present is whole: rows, outbox, history and readable files."""
    store = Store.open(data_dir)  # also removes orphans, as a restart would
    try:
        ids = set()
        for summary in store.records.list_applications():
            ids.add(summary.id)
            infos = store.records.attachments(summary.id, summary.version)
            assert sorted(i.document for i in infos) == ["f-1.02", "kk", "surat-kehilangan"]
            for info in infos:
                data = store.records.read_attachment(info.sha256)
                assert hashlib.sha256(data).hexdigest() == info.sha256
                assert len(data) == info.size
            assert [e["status"] for e in store.records.history(summary.id, summary.version)] == [
                "submitted"
            ]
            assert store.records.read_applicant_audited(
                summary.id, summary.version, operator="test"
            )["nik"]
        with sqlite3.connect(data_dir / "kiosk.sqlite3") as conn:
            outbox = conn.execute("SELECT COUNT(*) FROM outbox").fetchone()[0]
            integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        assert integrity == "ok"
        assert outbox == len(ids)
        # Every stored file belongs to a row (sealed applications have one more: the
        # sealed applicant fields), and no clear copy of a sealed document is left behind.
        vault = store.core.vault
        assert vault.stored_names() == {
            vault.name_of(h) for h in live_attachment_hashes(store.core)
        }
        with store.core.engine.connect() as conn:
            sealed = conn.execute(
                AttachmentRow.__table__.select().where(AttachmentRow.sealed.is_(True))
            ).all()
        assert all(vault.name_of(row.plain_sha256) not in vault.stored_names() for row in sealed)
        return ids
    finally:
        store.close()


@pytest.mark.parametrize(("sealed", "target"), [(False, TARGET), (True, TARGET // 2)])
def test_sigkill_while_submitting_never_leaves_half_an_application(
    data_dir: Path, sealed: bool, target: int
) -> None:
    if sealed:  # the device knows the server's key: every submit seals
        key = new_server_key()
        store = Store.open(data_dir)
        store.state.set_seal_key(key.key_id, key.public_b64)
        store.close()
    rng = random.Random(int(os.environ.get("CRASH_SEED", "20261122")))
    reported: set[str] = set()
    kills = 0
    present: set[str] = set()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    while len(present) < target:
        out = kill_when_ready(
            [
                sys.executable,
                "-m",
                "tests.helpers.submit_forever",
                str(data_dir),
                str(len(present) * 7 + 1),
            ],
            delay=rng.uniform(0.0, 0.4),
            env=env,
        )
        kills += 1
        reported |= {line.split()[1] for line in out.splitlines() if line.startswith("COMMITTED")}
        present = verify_complete(data_dir)
        # Durability: whatever the child was told is committed survived the kill.
        assert reported <= present
    assert kills >= 3


@pytest.mark.parametrize(
    "script",
    [
        "pass",  # dies before READY
        # A grandchild keeps the pipe open after the kill: reading it to the end times out.
        "import subprocess; subprocess.Popen(['sleep', '3']); print('READY', flush=True)",
    ],
)
def test_a_child_that_goes_wrong_leaves_no_process_or_pipe_behind(script: str) -> None:
    """A failed or timed-out crash run must not leak its child's pipe: the ResourceWarning
    would surface in whichever test happens to run next."""
    command = [sys.executable, "-c", script]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises((AssertionError, subprocess.TimeoutExpired)):
            kill_when_ready(command, delay=0, env=dict(os.environ), timeout=0.5)
        gc.collect()
    assert [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)] == []
