"""Every file of the kiosk's data folder is 0600 and every folder 0700 (issue 11, point 13).

The probe found `kiosk.sqlite3` 0644 and `vault/` 0755: readable by every account on a shared
office PC. New files are created private, and folders of older versions are fixed at start-up.
"""

from __future__ import annotations

import os
from pathlib import Path

from kiosk.local_store import Store
from tests.helpers.applications import ktp_el_hilang


def loose_modes(root: Path) -> list[str]:
    found = []
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        mode = path.stat().st_mode & 0o777
        wanted = 0o700 if path.is_dir() else 0o600
        if mode != wanted:
            found.append(f"{path.relative_to(root)} {mode:o}")
    return found


def test_a_new_data_folder_is_private_throughout(data_dir: Path) -> None:
    old_umask = os.umask(0o022)
    try:
        store = Store.open(data_dir)
        store.submission.submit(ktp_el_hilang(1))
        store.close()
    finally:
        os.umask(old_umask)
    assert loose_modes(data_dir) == []


def test_a_folder_left_readable_by_an_older_version_is_fixed_at_start(data_dir: Path) -> None:
    store = Store.open(data_dir)
    store.submission.submit(ktp_el_hilang(1))
    store.close()
    for path in [data_dir, *data_dir.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)

    Store.open(data_dir).close()

    assert loose_modes(data_dir) == []
