"""Content-addressed attachment storage: verified blobs only, partials cut back to the offset."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from server.storage import LocalDiskStorage, PartialLost, partial_key

APP = "6a4e1e0e-6a55-4d8e-9d1c-2f1b0c7a9e01"


def test_a_promoted_partial_is_stored_under_its_hash(tmp_path: Path) -> None:
    storage = LocalDiskStorage(tmp_path)
    data = b"kartu keluarga" * 1000
    sha = hashlib.sha256(data).hexdigest()
    key = partial_key(APP, 1, sha)
    assert storage.append_partial(key, 0, data[:5000]) == 5000
    assert storage.append_partial(key, 5000, data[5000:]) == len(data)
    assert storage.partial_sha256(key) == sha
    assert not storage.has_blob(sha)
    storage.promote_partial(key, sha)
    assert storage.has_blob(sha)
    assert storage.blob_size(sha) == len(data)
    assert (tmp_path / "blobs" / sha[:2] / sha).read_bytes() == data
    assert list((tmp_path / "partial").iterdir()) == []


def test_a_partial_longer_than_the_recorded_offset_is_cut_back(tmp_path: Path) -> None:
    storage = LocalDiskStorage(tmp_path)
    key = partial_key(APP, 1, "a" * 64)
    storage.append_partial(key, 0, b"0123456789")  # written, but the commit was lost
    assert storage.append_partial(key, 4, b"XY") == 6
    assert (tmp_path / "partial" / f"{key}.part").read_bytes() == b"0123XY"


def test_a_partial_shorter_than_the_recorded_offset_is_reported_lost(tmp_path: Path) -> None:
    storage = LocalDiskStorage(tmp_path)
    key = partial_key(APP, 1, "b" * 64)
    with pytest.raises(PartialLost):
        storage.append_partial(key, 100, b"x")


def test_promoting_a_hash_that_is_already_stored_keeps_one_copy(tmp_path: Path) -> None:
    storage = LocalDiskStorage(tmp_path)
    data = b"same bytes"
    sha = hashlib.sha256(data).hexdigest()
    for version in (1, 2):
        key = partial_key(APP, version, sha)
        storage.append_partial(key, 0, data)
        storage.promote_partial(key, sha)
    assert [p.name for p in (tmp_path / "blobs").rglob("*") if p.is_file()] == [sha]
    assert list((tmp_path / "partial").iterdir()) == []


@pytest.mark.parametrize(
    "name", ["../../etc/passwd", "a" * 63, "A" * 64, "/" + "a" * 63, "a" * 64 + "/.."]
)
def test_names_that_are_not_hashes_never_become_paths(tmp_path: Path, name: str) -> None:
    storage = LocalDiskStorage(tmp_path)
    with pytest.raises(ValueError, match="not a"):
        storage.has_blob(name)
    with pytest.raises(ValueError, match="not a"):
        storage.append_partial(f"{APP}-1-{name}", 0, b"x")
    assert not (tmp_path.parent / "etc").exists()


def test_the_head_of_a_partial_is_its_first_bytes(tmp_path: Path) -> None:
    storage = LocalDiskStorage(tmp_path)
    key = partial_key(APP, 1, "c" * 64)
    storage.append_partial(key, 0, b"KSEAL1\x01\x02")
    storage.append_partial(key, 8, b"rest of it")
    assert storage.partial_head(key, 6) == b"KSEAL1"
    assert storage.partial_head(key, 100) == b"KSEAL1\x01\x02rest of it"
    with pytest.raises(ValueError, match="not a"):
        storage.partial_head("../x", 6)
