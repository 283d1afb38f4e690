"""Writing an opened document: a new 0600 file, complete or absent, never over another."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from server.errors import Conflict
from server.unsealing import write_new_file


def test_a_new_file_is_written_whole_with_mode_0600(tmp_path: Path) -> None:
    target = tmp_path / "kk.jpg"
    write_new_file(target, b"\xff\xd8 scan")
    assert target.read_bytes() == b"\xff\xd8 scan"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["kk.jpg"]  # no temp file left behind


def test_an_existing_file_is_never_overwritten(tmp_path: Path) -> None:
    target = tmp_path / "kk.jpg"
    target.write_bytes(b"verifier's own file")
    with pytest.raises(Conflict, match="not overwritten"):
        write_new_file(target, b"opened document")
    assert target.read_bytes() == b"verifier's own file"
    assert [p.name for p in tmp_path.iterdir()] == ["kk.jpg"]


def test_without_hard_links_the_file_is_created_exclusively(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(_source: object, _target: object) -> None:
        raise OSError(errno.EPERM, "hard links not supported")  # e.g. a FAT USB stick

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "ktp.jpg"
    write_new_file(target, b"opened")
    assert target.read_bytes() == b"opened"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with pytest.raises(Conflict):
        write_new_file(target, b"other")
    assert target.read_bytes() == b"opened"
    assert [p.name for p in tmp_path.iterdir()] == ["ktp.jpg"]
