"""The server's files are 0600 and its folders 0700 (issue 11, point 13).

The probe found the server SQLite file 0644 in a 0755 folder; it holds operators' password
hashes and, for applications sent before a sealing key existed, NIK, name and phone in clear.
"""

from __future__ import annotations

import os
from pathlib import Path

from server.cli import main
from server.config import ServerSettings
from server.db import Database, migrate

from .builders import Application, Kiosk, documents, submit
from .conftest import Harness


def loose_modes(root: Path) -> list[str]:
    found = []
    for path in [root, *root.rglob("*")]:
        mode = path.stat().st_mode & 0o777
        wanted = 0o700 if path.is_dir() else 0o600
        if mode != wanted:
            found.append(f"{path.relative_to(root)} {mode:o}")
    return found


def test_a_new_sqlite_database_file_is_private(tmp_path: Path) -> None:
    old_umask = os.umask(0o022)
    try:
        database = Database(f"sqlite:///{tmp_path / 'data' / 'server.sqlite3'}")
        migrate(database)
        database.dispose()
    finally:
        os.umask(old_umask)
    assert loose_modes(tmp_path / "data") == []


def test_stored_attachments_are_private(server: Harness, kiosk: Kiosk) -> None:
    old_umask = os.umask(0o022)
    try:
        submit(server.client, kiosk, Application(documents(3000, 200)))
    finally:
        os.umask(old_umask)
    assert loose_modes(server.settings.attachments_dir) == []


def test_migrate_fixes_what_an_older_version_left_readable(
    tmp_path: Path, settings: ServerSettings
) -> None:
    data_dir = tmp_path / "old-server"
    url = f"sqlite:///{data_dir / 'server.sqlite3'}"
    args = ["--database-url", url, "--data-dir", str(data_dir)]
    assert main([*args, "migrate"]) == 0
    (data_dir / "attachments" / "blobs" / "ab").mkdir(parents=True)
    (data_dir / "attachments" / "blobs" / "ab" / ("ab" + "0" * 62)).write_bytes(b"scan")
    for path in [data_dir, *data_dir.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)

    assert main([*args, "migrate"]) == 0

    assert loose_modes(data_dir) == []
