"""Sealed USB bundles (jemput bola): the file a field laptop carries to the district by hand.

A bundle is a ZIP archive, every member STORED (sealed bytes do not compress):

- ``manifest.json``: BundleManifest, canonical JSON (kiosk.contract.canonical_json);
- ``manifest.sig``: in format 2, the Ed25519 signature (hex) of ``SIGNATURE_LABEL +
  manifest.json`` by the device's signing key (sign_manifest); in the transitional format 1,
  ``bundle_mac(credential_hash, BUNDLE_LABEL, manifest.json)`` in hex;
- ``files/<sha256>``: each sealed attachment, exactly the bytes network sync would upload;
- ``audit.json``: the device's audit entries the server may lack (DeviceAuditEntry list).

The manifest lists every application exactly as network sync would send it (the same
ApplicationManifest, so the same manifest digest: a bundle and a sync of one application are
the same upload to the server) and the SHA-256 and size of every member. Its signature is
made with the device's Ed25519 private key, which never leaves the device (encrypted with its
device key, as the credential); the server holds only the public key (registered at
enrollment or once over an authenticated request). So a bundle altered on the stick, or one
claiming to come from another device, is refused, and nobody who reads the server's database
can make one. Format 1 (a MAC keyed by the credential's SHA-256, which the server stores) is
accepted only from a device with no public key registered yet: a laptop enrolled before
signing keys, until its next sync (docs/adr/0008-signed-field-bundles.md). A lost stick
reveals nothing: every attachment, the applicant's fields included, is sealed to the server's
key.

The server answers with a receipt (BundleReceipt, MAC'd with the credential hash under
RECEIPT_LABEL, so one can never pass for a format 1 manifest) listing the application versions
it holds complete; the laptop takes it with ``kiosk bundle ack`` as it would take
acknowledgements from a sync. The MAC lets the laptop check the server, whose intake host has
no private signing key of its own (docs/adr/0006-update-and-config-trust.md).
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from typing import Annotated, Final, Literal
from uuid import UUID

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pydantic import AwareDatetime, Field

from .applications import ApplicationManifest
from .base import OFFICE_CODE_PATTERN, Sha256, Strict

BUNDLE_FORMAT: Final = "kiosk-bundle/2"
MAC_BUNDLE_FORMAT: Final = "kiosk-bundle/1"
"""Transitional: MAC'd with the credential hash; only from a device without a signing key."""
RECEIPT_FORMAT: Final = "kiosk-bundle-receipt/1"
BUNDLE_LABEL: Final = b"kiosk-bundle/1 manifest\n"
SIGNATURE_LABEL: Final = b"kiosk-bundle/2 manifest\n"
RECEIPT_LABEL: Final = b"kiosk-bundle/1 receipt\n"
MANIFEST_MEMBER: Final = "manifest.json"
SIGNATURE_MEMBER: Final = "manifest.sig"
AUDIT_MEMBER: Final = "audit.json"
FILES_PREFIX: Final = "files/"
MAX_BUNDLE_APPLICATIONS: Final = 20_000
MAX_MANIFEST_BYTES: Final = 64 * 1024 * 1024
MAX_AUDIT_BYTES: Final = 256 * 1024 * 1024
RECEIPT_SUFFIX: Final = ".receipt.json"
SIGNING_KEY_PATTERN: Final = r"^[0-9a-f]{64}$"

SigningPublicKey = Annotated[str, Field(pattern=SIGNING_KEY_PATTERN, min_length=64, max_length=64)]
"""A device's Ed25519 public key: the 32 raw bytes in lowercase hex."""


def credential_hash(secret: str) -> str:
    """What the server stores of a device secret (server.enrollment.sha256_hex): the MAC key."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def secret_of(credential: str) -> str:
    """The secret part of a credential ``<device_id>.<secret>``."""
    return credential.partition(".")[2]


def bundle_mac(key_hex: str, label: bytes, data: bytes) -> str:
    return hmac.new(key_hex.encode("ascii"), label + data, hashlib.sha256).hexdigest()


def mac_matches(key_hex: str, label: bytes, data: bytes, mac: str) -> bool:
    return hmac.compare_digest(bundle_mac(key_hex, label, data), mac.strip())


def public_key_hex(private_key: Ed25519PrivateKey) -> str:
    return private_key.public_key().public_bytes_raw().hex()


def sign_manifest(private_key: Ed25519PrivateKey, data: bytes) -> str:
    """The format 2 ``manifest.sig``: the device's signature of the manifest, in hex."""
    return private_key.sign(SIGNATURE_LABEL + data).hex()


def signature_matches(public_key: str, data: bytes, signature: str) -> bool:
    """True when `signature` is the holder of `public_key` signing manifest `data`."""
    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key))
        key.verify(bytes.fromhex(signature.strip()), SIGNATURE_LABEL + data)
    except (ValueError, InvalidSignature):
        return False
    return True


def file_member(sha256: str) -> str:
    return FILES_PREFIX + sha256


class BundleFile(Strict):
    sha256: Sha256
    size: int = Field(ge=1, strict=True)


class BundleAudit(Strict):
    first_seq: int = Field(ge=1, strict=True)
    last_seq: int = Field(ge=1, strict=True)
    sha256: Sha256
    size: int = Field(ge=1, strict=True)


class BundleManifest(Strict):
    format: Literal["kiosk-bundle/2", "kiosk-bundle/1"] = BUNDLE_FORMAT
    bundle_id: UUID
    device_id: UUID
    office_code: str = Field(pattern=OFFICE_CODE_PATTERN)
    created_at: AwareDatetime
    applications: list[ApplicationManifest] = Field(max_length=MAX_BUNDLE_APPLICATIONS)
    files: list[BundleFile] = Field(max_length=MAX_BUNDLE_APPLICATIONS * 32)
    audit: BundleAudit | None = None


class ReceiptEntry(Strict):
    application_id: UUID
    version: int = Field(ge=1, strict=True)
    number: str = Field(max_length=40)


class RefusedEntry(ReceiptEntry):
    code: str = Field(max_length=64)
    message: str = Field(max_length=1000)


class BundleReceipt(Strict):
    format: Literal["kiosk-bundle-receipt/1"] = RECEIPT_FORMAT
    bundle_id: UUID
    device_id: UUID
    imported_at: datetime
    received: list[ReceiptEntry]
    refused: list[RefusedEntry] = Field(default_factory=list)
    audit_last_seq: int = Field(ge=0, strict=True)
    audit_last_hash: str = Field(max_length=64)
