"""The server's sealing key pairs: kiosks seal finalised citizen data to the public key.

Hybrid encryption, X25519 + HKDF-SHA256 + AES-256-GCM (format: sync.protocol.SEAL_FORMAT),
chosen over RSA-OAEP because keys are 32 bytes (easy to compare aloud as a fingerprint),
there is no padding mode to get wrong, and every payload gets a fresh ephemeral key, so one
compromised payload key reveals nothing about the others.

Key ring layout (DATA_DIR/keys/seal/, directory 0700, files 0600):
    keyring.json          {"current": key_id, "keys": [{key_id, fingerprint, public_key,
                          created_at, encrypted}]}; public data only, replaced atomically
    <key_id>.pem          PKCS#8 private key, optionally encrypted with a passphrase
Rotation adds a key and moves "current"; old private keys stay, because payloads sealed to
them (queued on a laptop that was offline for a week) must still open. The API only ever
reads public keys, so `serve` needs no passphrase; only opening sealed data does.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from kiosk import sealing as primitives
from kiosk.sealing import SealError, fingerprint, key_id_of, seal
from kiosk.store.files import fsync_dir
from sync.protocol import ServerPublicKey

from .errors import Conflict, InvalidRequest, NotFound
from .models import utc_now

__all__ = ["KeyRing", "SealKey", "fingerprint", "key_id_of", "open_sealed", "seal"]

KEYRING_FILE = "keyring.json"
_b64 = primitives.b64encode
_unb64 = primitives.b64decode


def sealed_key_id(sealed: bytes) -> str:
    """Which key a payload was sealed to (so the right private key is loaded)."""
    try:
        return primitives.sealed_key_id(sealed)
    except SealError:
        raise InvalidRequest("Data tersegel rusak / the sealed data is damaged") from None


def open_sealed(private_key: X25519PrivateKey, sealed: bytes, context: bytes) -> bytes:
    try:
        return primitives.open_sealed(private_key, sealed, context)
    except SealError:
        raise InvalidRequest(
            "Data tersegel rusak atau konteks/kunci salah / "
            "the sealed data is damaged, or the context or key is wrong"
        ) from None


@dataclass(frozen=True)
class SealKey:
    key_id: str
    fingerprint: str
    public_raw: bytes
    created_at: datetime
    encrypted: bool

    def as_public(self) -> ServerPublicKey:
        return ServerPublicKey(
            key_id=self.key_id,
            public_key=_b64(self.public_raw),
            fingerprint=self.fingerprint,
            created_at=self.created_at,
        )

    def as_dict(self, current: bool) -> dict[str, Any]:
        public = self.as_public().model_dump(mode="json")
        return {**public, "encrypted": self.encrypted, "current": current}


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


class KeyRing:
    """The sealing key pairs in one directory; see the module docstring for the layout."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _index(self) -> dict[str, Any]:
        path = self.directory / KEYRING_FILE
        if not path.exists():
            return {"current": None, "keys": []}
        index: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return index

    def list_keys(self) -> list[SealKey]:
        return [
            SealKey(
                key_id=entry["key_id"],
                fingerprint=entry["fingerprint"],
                public_raw=_unb64(entry["public_key"]),
                created_at=datetime.fromisoformat(entry["created_at"]),
                encrypted=bool(entry["encrypted"]),
            )
            for entry in self._index()["keys"]
        ]

    def current(self) -> SealKey | None:
        current_id = self._index()["current"]
        return next((key for key in self.list_keys() if key.key_id == current_id), None)

    def create(self, passphrase: bytes | None) -> SealKey:
        """The first key pair. Refuses when one exists: replacing it is `rotate`."""
        if self.list_keys():
            raise Conflict(
                "Kunci server sudah ada; gunakan `kiosk-server keys rotate` / "
                "a server key exists already; use `kiosk-server keys rotate`"
            )
        return self._add(passphrase)

    def rotate(self, passphrase: bytes | None) -> SealKey:
        """A new current key pair; the old private keys stay to open older payloads."""
        if not self.list_keys():
            raise NotFound(
                "Belum ada kunci server; jalankan `kiosk-server keys create` / "
                "no server key yet; run `kiosk-server keys create`"
            )
        return self._add(passphrase)

    def _add(self, passphrase: bytes | None) -> SealKey:
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(self.directory, 0o700)
        private = X25519PrivateKey.generate()
        public_raw = private.public_key().public_bytes_raw()
        encryption: serialization.KeySerializationEncryption = (
            serialization.BestAvailableEncryption(passphrase)
            if passphrase
            else serialization.NoEncryption()
        )
        key = SealKey(
            key_id=key_id_of(public_raw),
            fingerprint=fingerprint(public_raw),
            public_raw=public_raw,
            created_at=utc_now().replace(microsecond=0),
            encrypted=bool(passphrase),
        )
        _write_private(
            self.directory / f"{key.key_id}.pem",
            private.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
            ),
        )
        index = self._index()
        index["keys"].append(
            {
                "key_id": key.key_id,
                "fingerprint": key.fingerprint,
                "public_key": _b64(public_raw),
                "created_at": key.created_at.isoformat(),
                "encrypted": key.encrypted,
            }
        )
        index["current"] = key.key_id
        tmp = self.directory / f".{KEYRING_FILE}.{secrets.token_hex(4)}"
        _write_private(tmp, json.dumps(index, indent=1).encode("utf-8"))
        os.replace(tmp, self.directory / KEYRING_FILE)
        fsync_dir(self.directory)
        return key

    def key_ids(self) -> frozenset[str]:
        """Every key id payloads may be sealed to: the current key and the older ones."""
        return frozenset(key.key_id for key in self.list_keys())

    def private_key(self, key_id: str, passphrase: bytes | None) -> X25519PrivateKey:
        """The private key; `passphrase` is only used (and only needed) when it is encrypted."""
        key = next((key for key in self.list_keys() if key.key_id == key_id), None)
        if key is None:
            raise NotFound(f"Kunci {key_id} tidak ada / no key {key_id}")
        if key.encrypted and not passphrase:
            raise InvalidRequest(
                f"Kunci {key_id} dilindungi frasa sandi; berikan frasa sandinya "
                f"(--passphrase-stdin) / key {key_id} is protected by a passphrase; "
                "give it (--passphrase-stdin)"
            )
        data = (self.directory / f"{key_id}.pem").read_bytes()
        try:
            private = serialization.load_pem_private_key(
                data, password=passphrase if key.encrypted else None
            )
        except (TypeError, ValueError):
            raise InvalidRequest(
                "Frasa sandi kunci salah atau tidak diberikan / "
                "the key passphrase is wrong or missing"
            ) from None
        if not isinstance(private, X25519PrivateKey):
            raise InvalidRequest(f"Kunci {key_id} bukan X25519 / key {key_id} is not X25519")
        return private

    def open(self, sealed: bytes, context: bytes, passphrase: bytes | None) -> bytes:
        """Opens a payload with whichever key (current or older) it was sealed to."""
        return open_sealed(self.private_key(sealed_key_id(sealed), passphrase), sealed, context)
