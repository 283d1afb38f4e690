"""Issue 16, point 2: free space is checked before each capture, on a real small tmpfs.

Below the warn limit the kiosk warns; below the refuse limit a new capture is refused before
anything is written, while the disk still has room for what is queued to be submitted, synced
and exported; nothing queued is touched.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk.disk_space import MIB, DiskLevel, DiskSpaceLow
from kiosk.local_store import Store
from kiosk.store.outbox import OutboxState
from tests.helpers.applications import fake_jpeg, ktp_el_hilang
from tests.kiosk.store.test_full_disk import small_disk

__all__ = ["small_disk"]


def leave_free(disk: Path, free_bytes: int) -> None:
    filler = disk / "filler"
    current = shutil.disk_usage(disk).free
    with filler.open("ab") as handle:
        handle.write(b"\0" * (current - free_bytes))


def vault_files(data_dir: Path) -> set[Path]:
    return {p for p in (data_dir / "vault").rglob("*") if p.is_file()}


def test_low_disk_warns_then_refuses_captures_and_keeps_the_queue(small_disk: Path) -> None:
    data_dir = small_disk / "data"
    store = Store.open(data_dir)
    try:
        guard = store.drafts.disk
        guard.warn_bytes, guard.refuse_bytes = 8 * MIB, 4 * MIB
        queued = store.submission.submit(ktp_el_hilang(1))
        assert guard.status().level is DiskLevel.OK

        leave_free(small_disk, 6 * MIB)
        assert guard.status().level is DiskLevel.LOW
        store.drafts.put_file(fake_jpeg(200_000, seed=1))  # low: warned, still allowed

        before = vault_files(data_dir)
        with pytest.raises(DiskSpaceLow) as refused:
            store.drafts.put_file(fake_jpeg(3 * MIB, seed=2))
        assert "Ruang disk hampir habis" in refused.value.message_id
        assert "queued applications stay safe" in refused.value.message_en
        assert vault_files(data_dir) == before  # nothing half written

        # What is queued is intact, and an application already captured still goes in.
        assert store.outbox.counts()[OutboxState.PENDING] == 1
        for attachment in store.records.attachments(queued.id, queued.version):
            assert len(store.records.read_attachment(attachment.sha256)) == attachment.size
        store.submission.submit(ktp_el_hilang(2))
        assert store.outbox.counts()[OutboxState.PENDING] == 2
    finally:
        store.close()
