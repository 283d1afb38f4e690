"""Sealing to the server's public key: what a kiosk does to a finalised application.

Hybrid encryption, X25519 + HKDF-SHA256 + AES-256-GCM (the byte format is SEAL_FORMAT below,
published in sync.protocol). Whoever holds only the device (and even its device key) cannot
open a sealed payload; only the district server's private key can. Every payload gets a
fresh ephemeral key, so sealing the same bytes twice gives different results: seal once, at
submit, and keep the sealed bytes.

The context (e.g. ``seal_context(app_id, "kk")``) is authenticated, not encrypted: a sealed
KK scan moved to another application or document slot no longer opens.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from kiosk.errors import KioskError

SEAL_ALGORITHM: Final = "X25519-HKDF-SHA256-AES256GCM"
SEAL_MAGIC: Final = b"KSEAL1"
SEAL_HKDF_INFO: Final = b"kiosk-seal/v1"
SEAL_FORMAT: Final = """\
sealed = SEAL_MAGIC (6 bytes) || key_id (8 bytes) || ephemeral X25519 public key (32 bytes)
         || nonce (12 bytes) || AES-256-GCM ciphertext with its 16-byte tag
key_id = first 8 bytes of SHA-256(server raw public key); fingerprint = full SHA-256 hex
shared = X25519(ephemeral private key, server public key)
aes_key = HKDF-SHA256(shared, length=32, salt=ephemeral_pub || server_pub, info=SEAL_HKDF_INFO)
aad given to AES-GCM = the 46 header bytes (magic || key_id || ephemeral_pub) || caller's
context (b"application/<uuid>/<document_code>", see kiosk.sealing.seal_context), which the
opener must repeat. A fresh ephemeral key per payload; never reuse one."""
SEALED_FIELDS_DOCUMENT: Final = "data-pemohon"
"""The sealed attachment that carries the applicant's fields (JSON) of a sealed application."""
SEALED_FIELDS_CONTENT_TYPE: Final = "application/json"
CORNER_CHOICES: Final = ("auto", "adjusted", "manual")
"""How a photographed document's corners were set: detected, detected then moved by the
operator, or placed by hand when nothing was detected."""


@dataclass(frozen=True)
class CaptureNote:
    """How one photographed document's corners were set, for the verifier.

    It travels inside the sealed fields document as ``documents[code]["capture"]``:
    ``{"corners": one of CORNER_CHOICES, "points": [[x, y], ...] (TL, TR, BR, BL in the
    photo's pixels), "checks": [quality codes the image failed]}``. The checks are not kept
    here: they are the image's quality findings (kiosk.contract.quality_entry's
    ``failed_checks``, the override audited with the submit), repeated by `to_json`.
    """

    corners: str
    points: Sequence[Sequence[float]] = ()

    def __post_init__(self) -> None:
        if self.corners not in CORNER_CHOICES:
            raise ValueError(f"corners must be one of {CORNER_CHOICES}, not {self.corners!r}")

    def to_json(self, failed_checks: Sequence[str] = ()) -> dict[str, Any]:
        """The sealed form; `failed_checks` are the image's quality findings."""
        return {
            "corners": self.corners,
            "points": [[round(float(x), 1), round(float(y), 1)] for x, y in self.points],
            "checks": list(failed_checks),
        }


KEY_ID_BYTES: Final = 8
HEADER_BYTES: Final = len(SEAL_MAGIC) + KEY_ID_BYTES + 32
NONCE_BYTES: Final = 12
MIN_SEALED_BYTES: Final = HEADER_BYTES + NONCE_BYTES + 16


class SealError(KioskError):
    """A sealed payload is damaged, or was opened with the wrong key or context."""

    code = "seal_invalid"


def fingerprint(public_raw: bytes) -> str:
    return hashlib.sha256(public_raw).hexdigest()


def key_id_of(public_raw: bytes) -> str:
    return fingerprint(public_raw)[: 2 * KEY_ID_BYTES]


def b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def seal_context(application_id: str, document_code: str) -> bytes:
    """Binds a sealed payload to one application and document slot, across its versions.

    No version in it: a correction re-uses the rejected version's sealed scans as they are.
    """
    return f"application/{application_id.lower()}/{document_code}".encode()


@dataclass(frozen=True)
class SealKey:
    """A server public key as the kiosk keeps it (public data; safe in clear)."""

    key_id: str
    public_raw: bytes

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_raw)

    @classmethod
    def from_b64(cls, key_id: str, public_b64: str) -> SealKey:
        try:
            raw = b64decode(public_b64)
            X25519PublicKey.from_public_bytes(raw)
        except ValueError as exc:
            raise SealError(
                "Kunci publik server rusak", "The server's public key is damaged"
            ) from exc
        if key_id_of(raw) != key_id:
            raise SealError(
                "Kunci publik server tidak cocok dengan kodenya",
                "The server's public key does not match its key id",
            )
        return cls(key_id, raw)


def _aes_key(shared: bytes, ephemeral_raw: bytes, server_raw: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=ephemeral_raw + server_raw, info=SEAL_HKDF_INFO
    ).derive(shared)


def seal(public_raw: bytes, plaintext: bytes, context: bytes) -> bytes:
    """Seals `plaintext` to a server public key; only its private key opens the result."""
    server = X25519PublicKey.from_public_bytes(public_raw)
    ephemeral = X25519PrivateKey.generate()
    ephemeral_raw = ephemeral.public_key().public_bytes_raw()
    header = SEAL_MAGIC + bytes.fromhex(key_id_of(public_raw)) + ephemeral_raw
    nonce = secrets.token_bytes(NONCE_BYTES)
    key = _aes_key(ephemeral.exchange(server), ephemeral_raw, public_raw)
    return header + nonce + AESGCM(key).encrypt(nonce, plaintext, header + context)


def sealed_key_id(sealed: bytes) -> str:
    """Which server key a payload was sealed to (read from its header, before opening)."""
    if len(sealed) < MIN_SEALED_BYTES or not sealed.startswith(SEAL_MAGIC):
        raise SealError("Data tersegel rusak", "The sealed data is damaged")
    return sealed[len(SEAL_MAGIC) : len(SEAL_MAGIC) + KEY_ID_BYTES].hex()


def open_sealed(private_key: X25519PrivateKey, sealed: bytes, context: bytes) -> bytes:
    sealed_key_id(sealed)
    header, nonce = sealed[:HEADER_BYTES], sealed[HEADER_BYTES : HEADER_BYTES + NONCE_BYTES]
    ephemeral_raw = header[-32:]
    server_raw = private_key.public_key().public_bytes_raw()
    shared = private_key.exchange(X25519PublicKey.from_public_bytes(ephemeral_raw))
    try:
        return AESGCM(_aes_key(shared, ephemeral_raw, server_raw)).decrypt(
            nonce, sealed[HEADER_BYTES + NONCE_BYTES :], header + context
        )
    except InvalidTag:
        raise SealError(
            "Data tersegel rusak, atau kunci/konteksnya salah",
            "The sealed data is damaged, or the key or context is wrong",
        ) from None
