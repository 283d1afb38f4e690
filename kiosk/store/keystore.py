"""Where the device master key lives: the OS keyring when there is one, else a 0600 file.

With the keyring (Windows Credential Manager, macOS Keychain, Secret Service on Linux), a copy
of the data folder alone cannot be decrypted: the key stays with the user's login. Without one
(a kiosk with no desktop keyring), the key is a file readable only by the app's user; a copied
data folder that includes `keys/` can then be decrypted, which docs/adr/0001-local-store.md
records as the trade-off. A marker file says where the key is, so a keyring that is merely
locked or missing on a later start is an error, never a silently generated new key that would
make every stored application unreadable.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
from pathlib import Path
from typing import Protocol

from kiosk.errors import StorageError
from kiosk.store.files import write_atomic

log = logging.getLogger("kiosk.db")
KEY_BYTES = 32
SERVICE = "kelurahan-kiosk"
MARKER = "device.key.location"


class KeyStorage(Protocol):
    name: str

    def load(self) -> bytes | None: ...

    def save(self, key: bytes) -> None: ...


class FileKeyStorage:
    name = "file"

    def __init__(self, keys_dir: Path) -> None:
        self.path = keys_dir / "device.key"

    def load(self) -> bytes | None:
        return self.path.read_bytes() if self.path.exists() else None

    def save(self, key: bytes) -> None:
        write_atomic(self.path, key, mode=0o600)


class KeyringKeyStorage:
    name = "keyring"

    def __init__(self, data_dir: Path) -> None:
        # One entry per data dir, so a test or portable install never shares a key by accident.
        self.account = "device-key:" + hashlib.sha256(str(data_dir).encode()).hexdigest()[:16]

    @staticmethod
    def available() -> bool:
        try:
            import keyring
            from keyring.backends import fail
        except ImportError:
            return False
        backend = keyring.get_keyring()
        return not isinstance(backend, fail.Keyring) and float(backend.priority) > 0

    def load(self) -> bytes | None:
        import keyring
        from keyring.errors import KeyringError

        try:
            value = keyring.get_password(SERVICE, self.account)
        except KeyringError as exc:
            raise _keyring_unavailable() from exc
        return bytes.fromhex(value) if value else None

    def save(self, key: bytes) -> None:
        import keyring
        from keyring.errors import KeyringError

        try:
            keyring.set_password(SERVICE, self.account, key.hex())
        except KeyringError as exc:
            raise _keyring_unavailable() from exc


def _keyring_unavailable() -> StorageError:
    return StorageError(
        "Kunci perangkat tersimpan di keyring sistem, tetapi keyring tidak bisa dibuka. Masuk "
        "ke akun komputer yang sama atau hubungi petugas TI; jangan hapus data.",
        "The device key is in the system keyring, which cannot be opened. Sign in to the same "
        "computer account or call IT support; do not delete any data.",
        code="device_key_unavailable",
    )


def load_or_create_master_key(data_dir: Path, preference: str | None = None) -> bytes:
    """The device master key; created on first use where `preference` (or $KIOSK_KEY_STORAGE:
    auto|keyring|file) says."""
    keys_dir = data_dir / "keys"
    keys_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(keys_dir, 0o700)
    marker = keys_dir / MARKER
    preference = preference or os.environ.get("KIOSK_KEY_STORAGE", "auto")
    storage: KeyStorage
    if marker.exists():
        where = marker.read_text(encoding="utf-8").strip()
        storage = KeyringKeyStorage(data_dir) if where == "keyring" else FileKeyStorage(keys_dir)
    elif FileKeyStorage(keys_dir).path.exists():
        storage = FileKeyStorage(keys_dir)  # created before the marker existed
    elif preference == "keyring" or (preference == "auto" and KeyringKeyStorage.available()):
        storage = KeyringKeyStorage(data_dir)
    else:
        storage = FileKeyStorage(keys_dir)
    key = storage.load()
    if key is None:
        if marker.exists():
            raise StorageError(
                "Kunci perangkat hilang; data lama tidak bisa dibuka. Hubungi petugas TI.",
                "The device key is missing; stored data cannot be opened. Call IT support.",
                code="device_key_missing",
            )
        key = secrets.token_bytes(KEY_BYTES)
        storage.save(key)
        write_atomic(marker, storage.name.encode(), mode=0o600)
        log.info("device key created in %s storage", storage.name)
    if len(key) != KEY_BYTES:
        raise StorageError(
            "Kunci perangkat rusak", "The device key is damaged", code="device_key_damaged"
        )
    return key
