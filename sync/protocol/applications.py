"""One application version on its way to the server (request 3): manifest, then attachments.

Two manifests are "the same content" exactly when `manifest_digest` is equal; that digest is
stored by the server, so its construction (kiosk.contract.canonical_sha256) never changes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Annotated, Final, NamedTuple
from uuid import UUID

from pydantic import AfterValidator, AwareDatetime, Field, model_validator

from kiosk.contract import CONTACT_CHANNELS as CONTACT_CHANNELS
from kiosk.contract import CONTACT_CONSENT_FIELD as CONTACT_CONSENT_FIELD
from kiosk.contract import CONTACT_EMAIL_FIELD as CONTACT_EMAIL_FIELD
from kiosk.contract import ApplicationStatus as ApplicationStatus
from kiosk.contract import canonical_sha256

from .base import API_PREFIX, MAX_SAFE_INT, PRINTABLE_PATTERN, OperatorId, Sha256, Strict
from .keys import SEAL_KEY_ID_PATTERN

MAX_CHUNK_BYTES: Final = 1024 * 1024
"""Largest attachment chunk per request: far below common proxy limits (nginx: 1 MiB+)."""
MAX_ATTACHMENT_BYTES: Final = 64 * 1024 * 1024
MAX_ATTACHMENTS: Final = 32
MAX_FIELDS: Final = 200
MAX_FIELD_CHARS: Final = 4000

HEADER_UPLOAD_OFFSET: Final = "Upload-Offset"
HEADER_UPLOAD_LENGTH: Final = "Upload-Length"
HEADER_CONTENT_RANGE: Final = "Content-Range"
CHUNK_CONTENT_TYPE: Final = "application/octet-stream"

CODE_PATTERN: Final = r"^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$"
"""Document and service codes as in resources/catalog (``kk``, ``ktp-el-hilang``, ``F-1.02``):
words joined by single . _ -, so never a path trick (no slash, no leading dot, no "..")."""
APPLICATION_NUMBER_PATTERN: Final = r"^[A-Z0-9][A-Z0-9./-]{0,39}$"
CONTENT_TYPE_PATTERN: Final = r"^[a-z0-9][a-z0-9.+-]{0,62}/[a-z0-9][a-z0-9.+-]{0,62}$"
FIELD_NAME_PATTERN: Final = r"^[a-z][a-z0-9_]{0,63}$"
_CONTENT_RANGE_RE: Final = re.compile(r"^bytes ([0-9]{1,12})-([0-9]{1,12})/([0-9]{1,12})$")


class QualityLabel(NamedTuple):
    """A quality finding's name for the verifier: Bahasa Indonesia, then English."""

    label_id: str
    label_en: str


def corner_check(choice: str) -> str:
    """The finding code for how a document's corners were set (a kiosk.sealing.CORNER_CHOICES
    value, sent as a capture's ``corners``): ``adjusted`` -> ``corners_adjusted``."""
    return f"corners_{choice}"


QUALITY_CHECKS: Final[Mapping[str, QualityLabel]] = MappingProxyType(
    {
        # What the kiosk's image checks found (devices.quality.ISSUE_CODES), as sent in a
        # document's sealed ``quality.failed_checks`` and ``capture.checks``.
        "blurry": QualityLabel("buram", "blurry"),
        "too_dark": QualityLabel("terlalu gelap", "too dark"),
        "too_bright": QualityLabel("terlalu terang", "too bright"),
        "glare": QualityLabel("pantulan cahaya", "glare"),
        "no_document": QualityLabel("dokumen tidak terlihat", "no document found"),
        "document_cut_off": QualityLabel("dokumen terpotong", "document cut off"),
        "too_small": QualityLabel("dokumen terlalu jauh", "document too far away"),
        "shadow": QualityLabel("ada bayangan", "shadow"),
        "finger": QualityLabel("jari menutupi dokumen", "a finger covers the document"),
        "wrong_document": QualityLabel(
            "bentuk tidak cocok dengan dokumen ini", "shape does not match this document"
        ),
        "wrong_title": QualityLabel(
            "judul terbaca bukan judul dokumen ini", "the title read is not this document's"
        ),
        "same_image": QualityLabel(
            "gambar sama dengan dokumen lain", "the same image as another document"
        ),
        "too_tilted": QualityLabel("dokumen terlalu miring", "document tilted too much"),
        "no_face": QualityLabel("wajah tidak terlihat", "no face found"),
        "multiple_faces": QualityLabel("lebih dari satu wajah", "more than one face"),
        "face_too_small": QualityLabel("wajah terlalu kecil", "face too small"),
        "face_covered": QualityLabel(
            "wajah tertutup (masker atau tangan)", "face covered (mask or hand)"
        ),
        # How the document's corners were set (corner_check of a capture's ``corners``).
        corner_check("auto"): QualityLabel(
            "Sudut terdeteksi otomatis", "Corners detected automatically"
        ),
        corner_check("adjusted"): QualityLabel(
            "Sudut digeser petugas", "Corners moved by the operator"
        ),
        corner_check("manual"): QualityLabel(
            "Sudut dipasang petugas (tidak terdeteksi)",
            "Corners placed by the operator (none detected)",
        ),
    }
)
"""Quality finding code -> its name for the verifier. The kiosk's codes are a stable
contract (devices/quality.py); tests/sync/test_quality_checks.py fails when the kiosk can
emit a code that has no name here."""


def _within_sane_years(value: datetime) -> datetime:
    if not 2000 <= value.year <= 2200:
        raise ValueError("timestamp outside 2000..2200")
    return value.astimezone(UTC)


Code = Annotated[str, Field(pattern=CODE_PATTERN, min_length=1, max_length=64)]
Timestamp = Annotated[AwareDatetime, AfterValidator(_within_sane_years)]
FieldName = Annotated[str, Field(pattern=FIELD_NAME_PATTERN, max_length=64)]
FieldValue = (
    Annotated[str, Field(max_length=MAX_FIELD_CHARS, pattern=PRINTABLE_PATTERN)]
    | Annotated[int, Field(ge=-MAX_SAFE_INT, le=MAX_SAFE_INT, strict=True)]
    | bool
    | None
)


class AttachmentRef(Strict):
    """One attachment as the manifest declares it; the upload is verified against it."""

    document_code: Code
    sha256: Sha256
    size: int = Field(ge=1, le=MAX_ATTACHMENT_BYTES, strict=True)
    content_type: str = Field(pattern=CONTENT_TYPE_PATTERN, max_length=127)


class ApplicationManifest(Strict):
    """Phase one of an upload: the application's fields and the list of its attachments.

    ``fields`` holds whatever applicant data the kiosk sends in clear (it may be empty when
    all citizen data travels sealed inside an attachment). Two manifests are "the same
    content" exactly when `manifest_digest` is equal.
    """

    application_id: UUID
    version: int = Field(ge=1, le=1000, strict=True)
    parent_version: int | None = Field(default=None, ge=1, le=999, strict=True)
    number: str = Field(pattern=APPLICATION_NUMBER_PATTERN, max_length=40)
    service_code: Code
    submitted_by: OperatorId
    created_at: Timestamp
    fields: dict[FieldName, FieldValue] = Field(default_factory=dict, max_length=MAX_FIELDS)
    attachments: list[AttachmentRef] = Field(default_factory=list, max_length=MAX_ATTACHMENTS)
    seal_key_id: str | None = Field(
        default=None,
        pattern=SEAL_KEY_ID_PATTERN,
        description="server key every attachment is sealed to; None: the older clear form",
    )

    @model_validator(mode="after")
    def _check_lineage_and_uniqueness(self) -> ApplicationManifest:
        if self.version == 1 and self.parent_version is not None:
            raise ValueError("version 1 has no parent_version")
        if self.version > 1 and self.parent_version != self.version - 1:
            raise ValueError("parent_version must be version - 1")
        hashes = [a.sha256 for a in self.attachments]
        if len(set(hashes)) != len(hashes):
            raise ValueError("each attachment sha256 may appear once")
        return self

    @property
    def sealed(self) -> bool:
        return self.seal_key_id is not None


class MissingAttachment(Strict):
    document_code: Code
    sha256: Sha256
    size: int
    offset: int = Field(description="bytes the server already holds; resume from here")


class UploadStatus(Strict):
    """Answer to a manifest PUT/GET: where this application version stands."""

    application_id: UUID
    version: int
    number: str
    status: ApplicationStatus
    missing: list[MissingAttachment]
    received_at: datetime | None = None
    reason: str | None = None
    fix: str | None = None


class AttachmentProgress(Strict):
    """Answer to a chunk PUT or an attachment GET."""

    application_id: UUID
    version: int
    sha256: Sha256
    size: int
    offset: int
    complete: bool
    application_status: ApplicationStatus


def manifest_digest(manifest: ApplicationManifest) -> str:
    """SHA-256 of the manifest's canonical JSON: the "same content" test of the upsert.

    An unset seal_key_id is left out, so clear manifests keep the digest they had before
    sealing existed (an upgrade in the middle of an upload is not a conflict).
    """
    dumped = manifest.model_dump(mode="json")
    if dumped.get("seal_key_id") is None:
        dumped.pop("seal_key_id", None)
    return canonical_sha256(dumped)


def format_content_range(start: int, end: int, total: int) -> str:
    """``Content-Range`` value for bytes start..end (inclusive) of a total-byte file."""
    return f"bytes {start}-{end}/{total}"


def parse_content_range(value: str) -> tuple[int, int, int] | None:
    """(start, end inclusive, total) of a ``Content-Range`` value, or None when malformed."""
    match = _CONTENT_RANGE_RE.match(value)
    if match is None:
        return None
    start, end, total = (int(group) for group in match.groups())
    if start > end or end >= total:
        return None
    return start, end, total


def manifest_path(application_id: UUID, version: int) -> str:
    return f"{API_PREFIX}/applications/{application_id}/versions/{version}"


def attachment_path(application_id: UUID, version: int, sha256: str) -> str:
    return f"{manifest_path(application_id, version)}/attachments/{sha256}"
