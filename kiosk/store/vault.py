"""The attachment vault: content-addressed (SHA-256 of the plaintext), encrypted files.

Files are written before the database transaction that references them, so a crash leaves at
worst an unreferenced file (collected by `collect_orphans`), never a row pointing at nothing.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable
from pathlib import Path

from kiosk.errors import AttachmentUnreadable
from kiosk.store.crypto import DecryptionFailed, DeviceKeys
from kiosk.store.files import write_atomic

log = logging.getLogger("kiosk.db")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class Vault:
    def __init__(self, root: Path, keys: DeviceKeys) -> None:
        self.root = root
        self._keys = keys
        root.mkdir(parents=True, exist_ok=True)

    def path_for(self, sha256: str) -> Path:
        if not _SHA256.match(sha256):
            raise AttachmentUnreadable(
                "Kode berkas lampiran tidak sah", f"Invalid attachment hash {sha256[:80]!r}"
            )
        return self.root / sha256[:2] / f"{sha256}.bin"

    def put(self, data: bytes) -> str:
        """Stores `data` (once, however often it is put) and returns its SHA-256."""
        sha256 = hashlib.sha256(data).hexdigest()
        path = self.path_for(sha256)
        if not path.exists():
            write_atomic(path, self._keys.encrypt(data, sha256.encode()))
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
            data = self._keys.decrypt(blob, sha256.encode())
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

    def stored_hashes(self) -> set[str]:
        return {p.stem for p in self.root.glob("??/*.bin")}

    def collect_orphans(self, referenced: Iterable[str]) -> int:
        """Deletes vault files no row references (left by a crash before commit)."""
        keep = set(referenced)
        removed = 0
        for sha256 in self.stored_hashes() - keep:
            self.path_for(sha256).unlink(missing_ok=True)
            removed += 1
        for tmp in self.root.glob("??/.tmp-*"):
            tmp.unlink(missing_ok=True)
        if removed:
            log.info("removed %d unreferenced vault files", removed)
        return removed
