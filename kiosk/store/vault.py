"""The attachment vault: content-addressed (SHA-256 of the plaintext), encrypted files.

A file is named by a keyed digest of its hash (`DeviceKeys.file_name`), not by the hash: a
copied folder lists no document hashes (issue 11), and its encryption is bound to that name.
Files of older versions, named `<sha256>.bin`, are moved to their new names when the vault
opens.

Files are written before the database transaction that references them, so a crash leaves at
worst an unreferenced file (collected by `collect_orphans`), never a row pointing at nothing.
The same order means a file a moment old may be a capture whose draft is not saved yet, or a
write still under its temporary name: a sweep while the kiosk runs leaves files younger than
`min_age` alone (they are collected by a later sweep, or at the next start).
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Iterable
from pathlib import Path

from kiosk.errors import AttachmentUnreadable
from kiosk.store.crypto import DecryptionFailed, DeviceKeys
from kiosk.store.files import fsync_dir, write_atomic

log = logging.getLogger("kiosk.db")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_SUFFIX = ".kv"
TEMPORARY_FILE_AGE = 600.0
"""Seconds after which a `.tmp-*` file in the vault is taken as left by an interrupted write."""


class Vault:
    def __init__(self, root: Path, keys: DeviceKeys) -> None:
        self.root = root
        self._keys = keys
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        self._rename_legacy_files()

    def _rename_legacy_files(self) -> None:
        """Moves `<sha256>.bin` files (named by their plain hash) to their keyed names.

        Their encryption was bound to the hash; it is bound to the new name instead.
        """
        for legacy in self.root.glob("??/*.bin"):
            if not _SHA256.match(legacy.stem):
                continue
            target = self.path_for(legacy.stem)
            blob = legacy.read_bytes()
            try:
                data = self._keys.decrypt(blob, legacy.stem.encode())
                blob = self._keys.encrypt(data, target.stem.encode())
            except DecryptionFailed:
                log.warning("a damaged vault file was renamed as it was")
            write_atomic(target, blob)
            legacy.unlink()
            fsync_dir(legacy.parent)

    def path_for(self, sha256: str) -> Path:
        if not _SHA256.match(sha256):
            raise AttachmentUnreadable(
                "Kode berkas lampiran tidak sah", f"Invalid attachment hash {sha256[:80]!r}"
            )
        name = self._keys.file_name(sha256)
        return self.root / name[:2] / f"{name}{_SUFFIX}"

    def put(self, data: bytes) -> str:
        """Stores `data` (once, however often it is put) and returns its SHA-256."""
        sha256 = hashlib.sha256(data).hexdigest()
        path = self.path_for(sha256)
        if not path.exists():
            write_atomic(path, self._keys.encrypt(data, path.stem.encode()))
        return sha256

    def get(self, sha256: str) -> bytes:
        path = self.path_for(sha256)
        try:
            blob = path.read_bytes()
        except FileNotFoundError as exc:
            raise AttachmentUnreadable(
                "Berkas lampiran tidak ada lagi di perangkat ini (sudah dihapus setelah diterima "
                "server, atau hilang)",
                "The attachment file is no longer on this device (deleted after the server "
                "received it, or lost)",
            ) from exc
        try:
            data = self._keys.decrypt(blob, path.stem.encode())
        except DecryptionFailed as exc:
            raise AttachmentUnreadable(
                "Berkas lampiran rusak dan tidak bisa dibuka",
                "An attachment file is damaged and cannot be opened",
            ) from exc
        if hashlib.sha256(data).hexdigest() != sha256:
            raise AttachmentUnreadable(
                "Isi berkas lampiran tidak cocok dengan sidiknya",
                "An attachment's content does not match its hash",
            )
        return data

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).exists()

    def stored_names(self) -> set[str]:
        """The file names in the vault (keyed digests, see `name_of`)."""
        return {p.stem for p in self.root.glob(f"??/*{_SUFFIX}")}

    def name_of(self, sha256: str) -> str:
        """The vault file name (without folder or suffix) a content hash is stored under."""
        return self.path_for(sha256).stem

    def collect_orphans(self, referenced: Iterable[str], *, min_age: float) -> int:
        """Deletes vault files no row references that are at least `min_age` seconds old.

        Temporary files of an interrupted write are deleted once `TEMPORARY_FILE_AGE` old
        (another thread or process may be writing one right now).
        """
        keep = {self.name_of(sha256) for sha256 in referenced}
        now = time.time()
        removed = 0
        for name in self.stored_names() - keep:
            if _older_than(self.root / name[:2] / f"{name}{_SUFFIX}", now - min_age):
                removed += 1
        for tmp in self.root.glob("??/.tmp-*"):
            _older_than(tmp, now - max(min_age, TEMPORARY_FILE_AGE))
        if removed:
            log.info("removed %d unreferenced vault files", removed)
        return removed


def _older_than(path: Path, cutoff: float) -> bool:
    """Deletes `path` if it was last modified before `cutoff`; True when it did."""
    try:
        if path.stat().st_mtime >= cutoff:
            return False
        path.unlink()
    except FileNotFoundError:
        return False
    return True
