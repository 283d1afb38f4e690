"""The keyed digest of a NIK, so the back office can search by NIK without storing one in clear.

HMAC-SHA256 with the back office's own key; review writes the digest when it first opens an
application, and the work queue's search turns a typed NIK into the same digest.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

NIK_KEY_FILE = "nik-digest.key"


class NikDigester:
    """The keyed digest of a NIK; the key never leaves the back office's data dir."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    @classmethod
    def from_dir(cls, keys_dir: Path) -> NikDigester:
        """Loads the key, creating it (32 random bytes, mode 0600) on first use."""
        path = keys_dir / NIK_KEY_FILE
        if not path.exists():
            keys_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                pass
            else:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(os.urandom(32))
                    handle.flush()
                    os.fsync(handle.fileno())
        return cls(path.read_bytes())

    def digest(self, nik: str) -> str:
        return hmac.new(self._key, nik.encode("ascii"), hashlib.sha256).hexdigest()
