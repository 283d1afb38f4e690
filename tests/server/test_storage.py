"""Content-addressed attachment storage: verified blobs only, partials cut back to the offset.

The behaviour tests run on both backends: the local disk and S3 on a real SeaweedFS.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from server.object_storage import S3Storage
from server.storage import AttachmentStorage, LocalDiskStorage, PartialLost, partial_key
from tests.helpers.seaweedfs import SeaweedS3

APP = "6a4e1e0e-6a55-4d8e-9d1c-2f1b0c7a9e01"


def _blob(storage: AttachmentStorage, sha: str) -> bytes:
    with storage.open_blob(sha) as handle:
        return handle.read()


@pytest.fixture(params=["local", "s3"])
def make_storage(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], AttachmentStorage]:
    """Builds storages over ONE place: a second call is a second server process's view."""
    if request.param == "local":
        return lambda: LocalDiskStorage(tmp_path)
    server: SeaweedS3 = request.getfixturevalue("s3_env")
    url = server.new_bucket_url()
    return lambda: S3Storage.from_url(url)


@pytest.fixture
def storage(make_storage: Callable[[], AttachmentStorage]) -> AttachmentStorage:
    return make_storage()


def test_a_promoted_partial_is_stored_under_its_hash(storage: AttachmentStorage) -> None:
    data = b"kartu keluarga" * 1000
    sha = hashlib.sha256(data).hexdigest()
    key = partial_key(APP, 1, sha)
    assert storage.append_partial(key, 0, data[:5000]) == 5000
    assert storage.append_partial(key, 5000, data[5000:]) == len(data)
    assert storage.partial_sha256(key) == sha
    assert not storage.has_blob(sha)
    assert storage.blob_size(sha) is None
    storage.promote_partial(key, sha)
    assert storage.has_blob(sha)
    assert storage.blob_size(sha) == len(data)
    assert _blob(storage, sha) == data
    with pytest.raises(FileNotFoundError):
        storage.partial_sha256(key)  # the partial is gone


def test_the_local_layout_is_blobs_by_hash_prefix(tmp_path: Path) -> None:
    storage = LocalDiskStorage(tmp_path)
    data = b"akta kelahiran"
    sha = hashlib.sha256(data).hexdigest()
    key = partial_key(APP, 1, sha)
    storage.append_partial(key, 0, data)
    storage.promote_partial(key, sha)
    assert (tmp_path / "blobs" / sha[:2] / sha).read_bytes() == data
    assert list((tmp_path / "partial").iterdir()) == []


def test_a_partial_longer_than_the_recorded_offset_is_cut_back(storage: AttachmentStorage) -> None:
    key = partial_key(APP, 1, "a" * 64)
    storage.append_partial(key, 0, b"0123456789")  # written, but the commit was lost
    assert storage.append_partial(key, 4, b"XY") == 6
    assert storage.partial_head(key, 100) == b"0123XY"


def test_a_chunk_stored_after_a_lost_commit_is_replaced(storage: AttachmentStorage) -> None:
    key = partial_key(APP, 1, "d" * 64)
    storage.append_partial(key, 0, b"01234")
    storage.append_partial(key, 5, b"56789")  # its commit was lost: the offset stays 5
    storage.append_partial(key, 5, b"ab")
    assert storage.partial_head(key, 100) == b"01234ab"
    assert storage.append_partial(key, 7, b"") == 7
    assert storage.partial_head(key, 100) == b"01234ab"


def test_a_partial_shorter_than_the_recorded_offset_is_reported_lost(
    storage: AttachmentStorage,
) -> None:
    key = partial_key(APP, 1, "b" * 64)
    with pytest.raises(PartialLost):
        storage.append_partial(key, 100, b"x")


def test_promoting_a_hash_that_is_already_stored_keeps_one_copy(
    storage: AttachmentStorage,
) -> None:
    data = b"same bytes"
    sha = hashlib.sha256(data).hexdigest()
    for version in (1, 2):
        key = partial_key(APP, version, sha)
        storage.append_partial(key, 0, data)
        storage.promote_partial(key, sha)
        with pytest.raises(FileNotFoundError):
            storage.partial_head(key, 1)
    assert _blob(storage, sha) == data


def test_the_local_store_keeps_one_file_per_hash(tmp_path: Path) -> None:
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


def test_names_that_are_not_hashes_never_become_object_keys(
    storage: AttachmentStorage,
) -> None:
    for name in ("../../etc/passwd", "a" * 64 + "/.."):
        with pytest.raises(ValueError, match="not a"):
            storage.blob_size(name)
        with pytest.raises(ValueError, match="not a"):
            storage.append_partial(f"{APP}-1-{name}", 0, b"x")


def test_the_head_of_a_partial_is_its_first_bytes(storage: AttachmentStorage) -> None:
    key = partial_key(APP, 1, "c" * 64)
    storage.append_partial(key, 0, b"KSEAL1\x01\x02")
    storage.append_partial(key, 8, b"rest of it")
    assert storage.partial_head(key, 6) == b"KSEAL1"
    assert storage.partial_head(key, 100) == b"KSEAL1\x01\x02rest of it"
    with pytest.raises(ValueError, match="not a"):
        storage.partial_head("../x", 6)


def test_a_partial_goes_on_in_another_process(
    make_storage: Callable[[], AttachmentStorage],
) -> None:
    """No per-process state: a fresh storage object (another process, a restart) continues."""
    data = bytes(range(256)) * 40
    sha = hashlib.sha256(data).hexdigest()
    key = partial_key(APP, 3, sha)
    make_storage().append_partial(key, 0, data[:4000])
    second = make_storage()
    assert second.append_partial(key, 4000, data[4000:]) == len(data)
    assert second.partial_sha256(key) == sha
    second.promote_partial(key, sha)
    assert _blob(make_storage(), sha) == data


def test_a_discarded_partial_is_gone(storage: AttachmentStorage) -> None:
    key = partial_key(APP, 1, "e" * 64)
    storage.append_partial(key, 0, b"junk")
    storage.discard_partial(key)
    storage.discard_partial(key)  # twice is harmless
    with pytest.raises(PartialLost):
        storage.append_partial(key, 4, b"more")


def test_the_storage_reports_itself_reachable(storage: AttachmentStorage) -> None:
    storage.check_reachable()


def test_a_stored_blob_costs_two_fsyncs_and_a_held_one_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Durability needs the file's bytes and then its directory entry; no more."""
    storage = LocalDiskStorage(tmp_path)
    data = memoryview(b"surat kehilangan" * 4000)  # a view into a request body: no copy
    sha = hashlib.sha256(data).hexdigest()
    (tmp_path / "blobs" / sha[:2]).mkdir()  # the prefix folder exists (after the first 256)
    synced: list[int] = []
    real_fsync = os.fsync

    def counting_fsync(fd: int) -> None:
        synced.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", counting_fsync)
    storage.store_blob(sha, data)
    assert len(synced) == 2
    assert _blob(storage, sha) == bytes(data)
    assert list((tmp_path / "partial").iterdir()) == []  # no temporary file left
    synced.clear()
    storage.store_blob(sha, data)  # the same bytes again (content-addressed): nothing to do
    assert synced == []
    assert _blob(storage, sha) == bytes(data)


def test_removing_a_blob_twice_is_harmless(storage: AttachmentStorage) -> None:
    sha = storage.put_blob(b"akta kelahiran")
    storage.remove_blob(sha)
    storage.remove_blob(sha)
    assert not storage.has_blob(sha)


def test_removing_a_blob_whose_folder_is_gone_is_a_no_op(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing to remove, nothing to make durable: no fsync of a folder that is not there."""
    storage = LocalDiskStorage(tmp_path)
    sha = storage.put_blob(b"surat pindah")
    (tmp_path / "blobs" / sha[:2] / sha).unlink()
    (tmp_path / "blobs" / sha[:2]).rmdir()
    never_stored = hashlib.sha256(b"never stored").hexdigest()
    synced: list[int] = []
    monkeypatch.setattr(os, "fsync", synced.append)

    storage.remove_blob(sha)
    storage.remove_blob(never_stored)

    assert synced == []
    assert not storage.has_blob(sha)


def test_a_blob_that_cannot_be_removed_still_raises(tmp_path: Path) -> None:
    storage = LocalDiskStorage(tmp_path)
    sha = hashlib.sha256(b"not a file").hexdigest()
    (tmp_path / "blobs" / sha[:2] / sha).mkdir(parents=True)  # unlink() refuses a folder

    with pytest.raises(IsADirectoryError):
        storage.remove_blob(sha)
