"""Encryption at rest: AES-GCM with a per-device key, and keyed digests for exact-match search.

The device master key lives in the OS keyring where there is one, else in a 0600 key file
(kiosk/store/keystore.py); purpose-specific subkeys are derived from it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kiosk.errors import StorageError
from kiosk.store.keystore import load_or_create_master_key

KEY_BYTES = 32
NONCE_BYTES = 12
MAGIC = b"KV1"


class DecryptionFailed(StorageError):
    code = "decryption_failed"


class DeviceKeys:
    """Keys derived from the device master key; one subkey per purpose."""

    def __init__(self, master: bytes) -> None:
        if len(master) != KEY_BYTES:
            raise StorageError("Kunci perangkat rusak", "The device key is damaged")
        self._encryption = self._derive(master, b"kiosk/encryption/v1")
        self._index = self._derive(master, b"kiosk/search-index/v1")
        self._file_names = self._derive(master, b"kiosk/vault-file-names/v1")

    @staticmethod
    def _derive(master: bytes, label: bytes) -> bytes:
        return hmac.new(master, label, hashlib.sha256).digest()

    @classmethod
    def load_or_create(cls, data_dir: Path) -> DeviceKeys:
        return cls(load_or_create_master_key(data_dir))

    def encrypt(self, plaintext: bytes, aad: bytes) -> bytes:
        nonce = secrets.token_bytes(NONCE_BYTES)
        return MAGIC + nonce + AESGCM(self._encryption).encrypt(nonce, plaintext, aad)

    def decrypt(self, blob: bytes, aad: bytes) -> bytes:
        if not blob.startswith(MAGIC) or len(blob) < len(MAGIC) + NONCE_BYTES + 16:
            raise DecryptionFailed("Data terenkripsi rusak", "Encrypted data is damaged")
        nonce = blob[len(MAGIC) : len(MAGIC) + NONCE_BYTES]
        try:
            return AESGCM(self._encryption).decrypt(nonce, blob[len(MAGIC) + NONCE_BYTES :], aad)
        except InvalidTag as exc:
            raise DecryptionFailed(
                "Data terenkripsi rusak atau kunci tidak cocok",
                "Encrypted data is damaged or the key does not match",
            ) from exc

    def file_name(self, sha256: str) -> str:
        """The vault file name of a content hash: keyed, so a folder listing names no hash.

        The server accepts a stored blob only from the office that uploaded it, yet the
        hashes of a citizen's documents are still worth hiding from whoever copies the folder.
        """
        return hmac.new(self._file_names, sha256.encode("ascii"), hashlib.sha256).hexdigest()

    def digest(self, value: str) -> str:
        """A keyed digest for exact search (e.g. by NIK) without storing the value in clear."""
        return hmac.new(self._index, value.encode("utf-8"), hashlib.sha256).hexdigest()
