"""Sealed USB bundles (jemput bola): the file a field laptop carries to the district by hand.

A bundle is a ZIP archive, every member STORED (sealed bytes do not compress):

- ``manifest.json``: BundleManifest, canonical JSON (kiosk.contract.canonical_json);
- ``manifest.sig``: ``bundle_mac(credential_hash, BUNDLE_LABEL, manifest.json)`` in hex;
- ``files/<sha256>``: each sealed attachment, exactly the bytes network sync would upload;
- ``audit.json``: the device's audit entries the server may lack (DeviceAuditEntry list).

The manifest lists every application exactly as network sync would send it (the same
ApplicationManifest, so the same manifest digest: a bundle and a sync of one application are
the same upload to the server) and the SHA-256 and size of every member. Its MAC is keyed by
the SHA-256 of the device's credential secret, which the device holds (encrypted with its
device key) and the server stores: so a bundle altered on the stick, or one claiming to come
from another device, is refused. A lost stick reveals nothing: every attachment, the
applicant's fields included, is sealed to the server's key.

The server answers with a receipt (BundleReceipt, MAC'd the same way under RECEIPT_LABEL, so
one can never pass for the other) listing the application versions it holds complete; the
laptop takes it with ``kiosk bundle ack`` as it would take acknowledgements from a sync.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from typing import Final, Literal
from uuid import UUID

from pydantic import AwareDatetime, Field

from .applications import ApplicationManifest
from .base import OFFICE_CODE_PATTERN, Sha256, Strict

BUNDLE_FORMAT: Final = "kiosk-bundle/1"
RECEIPT_FORMAT: Final = "kiosk-bundle-receipt/1"
BUNDLE_LABEL: Final = b"kiosk-bundle/1 manifest\n"
RECEIPT_LABEL: Final = b"kiosk-bundle/1 receipt\n"
MANIFEST_MEMBER: Final = "manifest.json"
SIGNATURE_MEMBER: Final = "manifest.sig"
AUDIT_MEMBER: Final = "audit.json"
FILES_PREFIX: Final = "files/"
MAX_BUNDLE_APPLICATIONS: Final = 20_000
MAX_MANIFEST_BYTES: Final = 64 * 1024 * 1024
MAX_AUDIT_BYTES: Final = 256 * 1024 * 1024
RECEIPT_SUFFIX: Final = ".receipt.json"


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
    format: Literal["kiosk-bundle/1"] = BUNDLE_FORMAT
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
