"""Attachment storage: content-addressed blobs plus resumable partial uploads.

A blob is stored under its SHA-256 and only ever written verified: bytes arrive in a partial
file, the finished file is hashed, and only a matching file is renamed into place. So a blob
that exists is complete and correct, and the server may report an attachment complete the
moment its blob exists (a corrected application re-using an unchanged scan uploads nothing).

Durability: every chunk is fsynced before the database records the new offset, and the
rename into the blob store is followed by an fsync of the directory. The database offset is
authoritative: a partial file longer than it (a crash between write and commit) is truncated
back on the next chunk.

S3-compatible object storage (server.object_storage) implements the same Protocol for a
province: `KIOSK_SERVER_STORAGE_URL=s3://bucket/prefix` chooses it (`open_storage`), local disk
stays the default for a single office. The Protocol below is the seam; the API code never
touches paths or objects.

`stored_blobs()` and `stored_partials()` list what is stored, with sizes and modification
times, for the orphan sweep (server.orphan_sweep), which removes what no row refers to.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO, Protocol

from kiosk.store.files import fsync_dir

log = logging.getLogger("kiosk.server.storage")

_SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
_PARTIAL_KEY_RE = re.compile(r"^[0-9a-f-]{36}-[0-9]{1,4}-[0-9a-f]{64}$")
_READ_BLOCK = 1024 * 1024


class PartialLost(Exception):
    """The partial file holds fewer bytes than the database says: start that upload over."""


def check_sha256(sha256: str) -> str:
    """`sha256` if it is a lowercase hex SHA-256; ValueError otherwise (no input becomes a path)."""
    if not _SHA256_RE.match(sha256):
        raise ValueError("not a sha256")
    return sha256


def check_partial_key(key: str) -> str:
    """`key` if it is a partial_key(); ValueError otherwise."""
    if not _PARTIAL_KEY_RE.match(key):
        raise ValueError("not a partial key")
    return key


def valid_sha256(name: str) -> bool:
    return _SHA256_RE.match(name) is not None


def valid_partial_key(name: str) -> bool:
    return _PARTIAL_KEY_RE.match(name) is not None


def split_partial_key(key: str) -> tuple[uuid.UUID, int, str] | None:
    """(application id, version, sha256) of a partial_key(); None when it names no upload
    (not a UUID, e.g. hand-made), which no database row can then refer to."""
    check_partial_key(key)
    application_id, version, sha256 = key[:36], key[37:-65], key[-64:]
    try:
        return uuid.UUID(application_id), int(version), sha256
    except ValueError:
        return None


@dataclass(frozen=True)
class StoredObject:
    """A stored blob (`key` is its SHA-256) or partial upload (`key` is its partial_key())."""

    key: str
    size: int
    modified: datetime
    """When it was last written (local disk: mtime; S3: LastModified), timezone-aware UTC."""


class AttachmentStorage(Protocol):
    """Where attachment bytes live. Keys are validated, so no caller input becomes a path."""

    def has_blob(self, sha256: str) -> bool: ...

    def blob_size(self, sha256: str) -> int | None: ...

    def open_blob(self, sha256: str) -> BinaryIO: ...

    def append_partial(self, key: str, offset: int, data: bytes) -> int:
        """Cuts the partial back to `offset`, appends `data`, fsyncs; returns the new size."""
        ...

    def partial_sha256(self, key: str) -> str: ...

    def partial_head(self, key: str, length: int) -> bytes:
        """The first `length` bytes of a partial (fewer if it is shorter)."""
        ...

    def promote_partial(self, key: str, sha256: str) -> None:
        """Moves a verified partial into the blob store under its hash."""
        ...

    def discard_partial(self, key: str) -> None: ...

    def put_blob(self, data: bytes) -> str:
        """Stores `data` under its SHA-256, read back and verified; returns the hash."""
        ...

    def store_blob(self, sha256: str, data: bytes | memoryview) -> None:
        """Stores bytes the caller has already hashed to `sha256`, visible only when whole
        (local disk: a temporary file renamed; S3: one PUT, shown only once complete)."""
        ...

    def remove_blob(self, sha256: str) -> None:
        """Removes the blob; one already gone is a no-op, any other failure raises."""
        ...

    def remove_blobs(self, sha256s: Sequence[str]) -> list[str]:
        """Removes these blobs (a missing one counts as removed); returns those that could
        not be removed (logged)."""
        ...

    def stored_blobs(self) -> Iterator[StoredObject]:
        """Every stored blob, read as the iteration goes (a bucket is listed page by page)."""
        ...

    def stored_partials(self) -> Iterator[StoredObject]:
        """Every stored partial upload (its size so far, its last write)."""
        ...

    def check_reachable(self) -> None:
        """Raises StorageUnavailable when the storage cannot be used now (readiness)."""
        ...


def partial_key(application_id: str, version: int, sha256: str) -> str:
    """Partial uploads are per application version, so two kiosks never share a file."""
    return f"{application_id}-{version}-{sha256}"


class LocalDiskStorage:
    """Blobs under `root/blobs/ab/<sha256>`, partial uploads under `root/partial/`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.blobs = root / "blobs"
        self.partials = root / "partial"
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.blobs.mkdir(mode=0o700, exist_ok=True)
        self.partials.mkdir(mode=0o700, exist_ok=True)

    def _blob_path(self, sha256: str) -> Path:
        return self.blobs / check_sha256(sha256)[:2] / sha256

    def _partial_path(self, key: str) -> Path:
        return self.partials / f"{check_partial_key(key)}.part"

    def check_reachable(self) -> None:
        if not (os.access(self.blobs, os.W_OK | os.X_OK) and os.access(self.partials, os.W_OK)):
            from .errors import StorageUnavailable

            raise StorageUnavailable(
                f"Folder lampiran {self.root} tidak dapat ditulisi / the attachments folder "
                f"{self.root} is not writable"
            )

    def has_blob(self, sha256: str) -> bool:
        return self._blob_path(sha256).is_file()

    def blob_size(self, sha256: str) -> int | None:
        try:
            return self._blob_path(sha256).stat().st_size
        except FileNotFoundError:
            return None

    def open_blob(self, sha256: str) -> BinaryIO:
        return self._blob_path(sha256).open("rb")

    def append_partial(self, key: str, offset: int, data: bytes) -> int:
        path = self._partial_path(key)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if os.fstat(fd).st_size < offset:
                raise PartialLost(key)
            os.ftruncate(fd, offset)
            os.lseek(fd, offset, os.SEEK_SET)
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        if offset == 0:
            fsync_dir(self.partials)  # the new file's directory entry must survive too
        return offset + len(data)

    def partial_sha256(self, key: str) -> str:
        digest = hashlib.sha256()
        with self._partial_path(key).open("rb") as handle:
            while block := handle.read(_READ_BLOCK):
                digest.update(block)
        return digest.hexdigest()

    def partial_head(self, key: str, length: int) -> bytes:
        with self._partial_path(key).open("rb") as handle:
            return handle.read(length)

    def promote_partial(self, key: str, sha256: str) -> None:
        source = self._partial_path(key)
        target = self._blob_path(sha256)
        if not target.parent.is_dir():
            target.parent.mkdir(mode=0o700, exist_ok=True)
            fsync_dir(self.blobs)
        if target.exists():
            # Same hash, same bytes: another application stored this file first.
            source.unlink(missing_ok=True)
            return
        os.replace(source, target)
        fsync_dir(target.parent)
        fsync_dir(self.partials)

    def discard_partial(self, key: str) -> None:
        self._partial_path(key).unlink(missing_ok=True)

    def put_blob(self, data: bytes) -> str:
        return put_verified_blob(self, data)

    def store_blob(self, sha256: str, data: bytes | memoryview) -> None:
        """Written to a temporary file, fsynced, then renamed: never visible half written.

        Two fsyncs, what durability needs: the file's bytes, then the blob's directory once
        the name is in it. The temporary file's own directory entry need not survive a crash
        (nothing names it; the caller's transaction is not committed yet), and a blob already
        there is complete and verified (content-addressed), so it is not written again.
        """
        target = self._blob_path(sha256)
        if not target.parent.is_dir():
            target.parent.mkdir(mode=0o700, exist_ok=True)
            fsync_dir(self.blobs)
        elif target.exists():
            return
        temporary = self._partial_path(partial_key(str(uuid.uuid4()), 0, sha256))
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(temporary, target)
            fsync_dir(target.parent)
        finally:
            temporary.unlink(missing_ok=True)

    def remove_blob(self, sha256: str) -> None:
        """Removes the blob and makes that durable; one already gone (its folder too) is a
        no-op, any other failure raises."""
        path = self._blob_path(sha256)
        try:
            path.unlink()
        except FileNotFoundError:
            return  # gone already: nothing to make durable
        fsync_dir(path.parent)

    def remove_blobs(self, sha256s: Sequence[str]) -> list[str]:
        failed: list[str] = []
        folders: set[Path] = set()
        for sha256 in sha256s:
            path = self._blob_path(sha256)
            try:
                path.unlink()
            except FileNotFoundError:
                continue  # gone already: nothing to make durable
            except OSError as exc:
                log.warning("blob %s not removed: %s", sha256[:12], exc.strerror)
                failed.append(sha256)
                continue
            folders.add(path.parent)
        for folder in sorted(folders):
            fsync_dir(folder)
        return failed

    def stored_blobs(self) -> Iterator[StoredObject]:
        """Folder by folder (256 of them), each read whole before any of it is yielded, so
        removing what was yielded does not disturb the walk."""
        for folder in sorted(self.blobs.iterdir()):
            if not folder.is_dir():
                continue
            for name in sorted(os.listdir(folder)):
                if valid_sha256(name) and name.startswith(folder.name):
                    found = _stored(folder / name, name)
                    if found is not None:
                        yield found

    def stored_partials(self) -> Iterator[StoredObject]:
        for name in sorted(os.listdir(self.partials)):
            key = name.removesuffix(".part")
            if name.endswith(".part") and valid_partial_key(key):
                found = _stored(self.partials / name, key)
                if found is not None:
                    yield found


def _stored(path: Path, key: str) -> StoredObject | None:
    """The file as a StoredObject; None if it went away since its folder was read."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return StoredObject(key, stat.st_size, datetime.fromtimestamp(stat.st_mtime, UTC))


def put_verified_blob(storage: AttachmentStorage, data: bytes) -> str:
    """Stores `data` as a partial, re-reads and hashes it, then promotes it like an upload."""
    sha256 = hashlib.sha256(data).hexdigest()
    if storage.blob_size(sha256) == len(data):
        return sha256
    key = partial_key(str(uuid.uuid4()), 0, sha256)
    try:
        storage.append_partial(key, 0, data)
        if storage.partial_sha256(key) != sha256:
            raise OSError(f"blob {sha256[:12]} read back differently; not stored")
        storage.promote_partial(key, sha256)
    finally:
        storage.discard_partial(key)
    return sha256
