"""Issue 11, point 6: a really full disk (a small tmpfs), on every path that writes.

The probe filled a disk and found a raw OSError traceback at the vault's folder, a raw
OperationalError at the SQLite commit, and `kiosk list` / `audit verify` saying "database
damaged, call IT" with a 133-line traceback. Every path must say the disk is full, that
nothing saved is lost and to free space and retry; and nothing saved may be lost.
"""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.errors import KioskError
from kiosk.local_store import Store
from tests.helpers.applications import ktp_el_hilang
from tests.helpers.processes import kiosk


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 16 MB tmpfs of our own (the suite runs as root, as the .deb test needs)."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mount_point)], check=True
    )
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=True)


def fill(disk: Path) -> Path:
    filler = disk / "filler"
    for block in (65536, 1):  # big blocks, then the last bytes
        with pytest.raises(OSError, match="No space") as full, filler.open("ab") as handle:  # noqa: PT012, E501
            while True:
                handle.write(b"\0" * block)
                handle.flush()
        assert full.value.errno == errno.ENOSPC
    return filler


def is_disk_full_message(error: KioskError) -> bool:
    return (
        error.code == "disk_full"
        and "penuh" in error.message_id
        and "aman" in error.message_id
        and "free some space" in error.message_en.lower()
    )


def test_every_write_on_a_full_disk_says_so_and_nothing_saved_is_lost(small_disk: Path) -> None:
    data_dir = small_disk / "data"
    store = Store.open(data_dir)
    kept = store.submission.submit(ktp_el_hilang(1))
    filler = fill(small_disk)

    with pytest.raises(KioskError) as submit:
        store.submission.submit(ktp_el_hilang(2))
    assert is_disk_full_message(submit.value), submit.value

    # The vault's own folder cannot be made on a full disk.
    vault_folder = data_dir / "vault" / "zz-new-folder" / "file"
    from kiosk.store.files import write_atomic

    with pytest.raises(KioskError) as folder:
        write_atomic(vault_folder, b"x")
    assert is_disk_full_message(folder.value)

    # The SQLite commit: audit entries until the WAL cannot grow any more.
    with pytest.raises(KioskError) as commit:  # noqa: PT012 - the loop is the point
        for _ in range(20000):
            store.audit.record("view", operator="siti", detail="x" * 200)
    assert is_disk_full_message(commit.value)
    store.close()

    for command in (("list", "--json"), ("audit", "verify")):
        done = kiosk(*command, "--data-dir", str(data_dir))
        assert "Traceback" not in done.stderr, done.stderr
        assert "rusak" not in done.stdout + done.stderr
        if done.returncode != 0:
            assert "penuh" in done.stderr.lower()

    os.remove(filler)
    store = Store.open(data_dir)
    try:
        assert [s.id for s in store.records.list_applications()] == [kept.id]
        assert store.audit.verify().ok
        assert store.submission.submit(ktp_el_hilang(3)).number
    finally:
        store.close()
