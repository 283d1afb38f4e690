"""Signed documents from the district: release manifests and district configuration.

Both travel through the sync channel, and both are signed with an Ed25519 key the kiosk
already trusts before it asks (docs/adr/0006-update-and-config-trust.md): the public keys ship
with the app (`resources/keys/trusted_keys.json`), never arrive over the wire, so neither a
captive portal, a hostile proxy nor a compromised intake server can push code or
configuration a district did not sign. The signature covers the canonical JSON of
``{"kind": ..., "payload": ...}``: a configuration signature can never pass for a release's.

The envelope shape (kind, payload, key_id, signature) is part of the wire contract and
re-exported by sync.protocol; it lives here because the kiosk's domain verifies it and kiosk/
may not import sync/ (ADR 0004). Stdlib and cryptography only.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Final

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from kiosk.contract import canonical_json
from kiosk.errors import KioskError
from resources import RESOURCES_DIR

KIND_RELEASE: Final = "release"
KIND_DISTRICT_CONFIG: Final = "district-config"
KINDS: Final = (KIND_RELEASE, KIND_DISTRICT_CONFIG)
KEY_ID_PATTERN: Final = r"^[0-9a-f]{16}$"
SIGNATURE_PATTERN: Final = r"^[A-Za-z0-9_-]{86}$"
BUNDLED_TRUSTED_KEYS: Final = RESOURCES_DIR / "keys" / "trusted_keys.json"
ENV_TRUSTED_KEYS: Final = "KIOSK_TRUSTED_KEYS"
"""A further trusted-keys file (a test's key), same shape as the bundled one. Whoever can set
the kiosk's environment can already replace its program."""


def system_trusted_keys() -> Path:
    """Where district IT puts the district's public key: writable by administrators only."""
    if os.name == "nt":
        return (
            Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData"))
            / "kelurahan-kiosk"
            / "trusted_keys.json"
        )
    return Path("/etc/kelurahan-kiosk/trusted_keys.json")


class UntrustedDocument(KioskError):
    """A signed document that must not be used: bad signature, unknown key, wrong kind."""

    code = "untrusted_document"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def from_b64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def raw_public_key(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_id_of(raw_public: bytes) -> str:
    """First 8 bytes of the SHA-256 of the raw public key, in hex."""
    return hashlib.sha256(raw_public).hexdigest()[:16]


def signed_bytes(kind: str, payload: dict[str, Any]) -> bytes:
    return canonical_json({"kind": kind, "payload": payload}).encode("utf-8")


def sign_document(private_key: Ed25519PrivateKey, kind: str, payload: dict[str, Any]) -> dict:
    """The envelope of `payload`: what the server stores and hands out unchanged."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    public = raw_public_key(private_key.public_key())
    signature = private_key.sign(signed_bytes(kind, payload))
    return {
        "kind": kind,
        "payload": payload,
        "key_id": key_id_of(public),
        "signature": b64url(signature),
    }


@dataclass(frozen=True)
class TrustedKey:
    key_id: str
    public_key: Ed25519PublicKey
    purposes: frozenset[str]
    not_after: date | None = None


def _refused(message_id: str, message_en: str) -> UntrustedDocument:
    return UntrustedDocument(message_id, message_en)


@dataclass(frozen=True)
class TrustedKeys:
    """The public keys this kiosk accepts, by key id (rotation: several at once)."""

    keys: dict[str, TrustedKey]

    @classmethod
    def from_entries(cls, entries: Iterable[dict[str, Any]]) -> TrustedKeys:
        keys: dict[str, TrustedKey] = {}
        for entry in entries:
            raw = from_b64url(str(entry["public_key"]))
            if len(raw) != 32:
                raise ValueError("an Ed25519 public key has 32 bytes")
            key_id = key_id_of(raw)
            not_after = entry.get("not_after")
            keys[key_id] = TrustedKey(
                key_id=key_id,
                public_key=Ed25519PublicKey.from_public_bytes(raw),
                purposes=frozenset(entry.get("purposes", KINDS)),
                not_after=date.fromisoformat(not_after) if not_after else None,
            )
        return cls(keys)

    @classmethod
    def load(cls, extra: Path | None = None) -> TrustedKeys:
        """The bundled keys, the machine's (system_trusted_keys), and those of `extra` or of
        the KIOSK_TRUSTED_KEYS file."""
        entries: list[dict[str, Any]] = []
        paths = [BUNDLED_TRUSTED_KEYS, system_trusted_keys()]
        chosen = extra or os.environ.get(ENV_TRUSTED_KEYS)
        if chosen:
            paths.append(Path(chosen))
        for path in paths:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                entries.extend(data["keys"])
            except FileNotFoundError:
                continue
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise _refused(
                    f"Daftar kunci tepercaya {path} rusak: {exc}",
                    f"The trusted keys file {path} is damaged: {exc}",
                ) from exc
        try:
            return cls.from_entries(entries)
        except (ValueError, KeyError, binascii.Error) as exc:
            raise _refused(
                f"Daftar kunci tepercaya rusak: {exc}", f"The trusted keys are damaged: {exc}"
            ) from exc

    def verify(self, envelope: Any, kind: str, *, today: date | None = None) -> dict[str, Any]:
        """The payload of a genuine `kind` envelope; UntrustedDocument for anything else."""
        label_id, label_en = (
            ("manifes pembaruan", "update manifest")
            if kind == KIND_RELEASE
            else ("konfigurasi kabupaten", "district configuration")
        )
        if not isinstance(envelope, dict) or set(envelope) != {
            "kind",
            "payload",
            "key_id",
            "signature",
        }:
            raise _refused(
                f"Bentuk {label_id} tidak dikenal; tidak dipakai",
                f"The {label_en} has an unknown shape; not used",
            )
        if envelope["kind"] != kind or not isinstance(envelope["payload"], dict):
            raise _refused(
                f"Dokumen ini bukan {label_id}; tidak dipakai",
                f"This document is not a {label_en}; not used",
            )
        key = self.keys.get(str(envelope["key_id"]))
        if key is None or kind not in key.purposes:
            raise _refused(
                f"{label_id.capitalize()} ditandatangani kunci yang tidak dipercaya "
                f"({envelope['key_id']}); tidak dipakai",
                f"The {label_en} is signed by a key this kiosk does not trust; not used",
            )
        if key.not_after is not None and (today or date.today()) > key.not_after:
            raise _refused(
                f"Kunci {key.key_id} untuk {label_id} sudah kedaluwarsa; tidak dipakai",
                f"Key {key.key_id} for the {label_en} has expired; not used",
            )
        try:
            signature = from_b64url(str(envelope["signature"]))
            key.public_key.verify(signature, signed_bytes(kind, envelope["payload"]))
        except (InvalidSignature, ValueError, binascii.Error) as exc:
            raise _refused(
                f"Tanda tangan {label_id} tidak sah (berkas diubah di jalan?); tidak dipakai, "
                "tidak ada yang berubah",
                f"The {label_en}'s signature is invalid (altered on the way?); not used, "
                "nothing changed",
            ) from exc
        payload: dict[str, Any] = envelope["payload"]
        return payload
