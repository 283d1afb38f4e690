"""The kiosk <-> district server sync protocol: schemas and constants shared by both sides.

Every schema is strict (unknown keys refused, lengths bounded) because the server must answer
hostile input with a 4xx, never a 5xx, and the kiosk must notice a captive portal's HTML
instead of mistaking it for success. Decisions and their reasons: docs/adr/0002-sync-protocol.md.

Request sequence
================
All paths start with API_PREFIX (``/api/v1``). Bodies are JSON except attachment chunks.
Every server response carries the header ``X-Kiosk-Api: 1`` (HEADER_API); a 2xx without it,
or without a JSON body where one is promised, came from a captive portal or proxy: retry later.

0. ``GET /health`` (no auth) -> 200 ServerInfo. Cheap reachability and captive-portal probe.

1. Enrollment, once per device: ``POST /enroll`` with EnrollRequest {device_id (a UUID the
   device makes up and keeps), code (one-time code from ``kiosk-server enrollment-code``),
   device_name}. -> 201 EnrollResponse {device_id, office_code, credential}. Retrying with
   the SAME device_id and code (e.g. the answer was lost) -> 200 with the SAME credential;
   the code is not "burnt". 403 enrollment_refused: unknown, expired, or used by another
   device; 403 device_revoked; 409 device_exists: the id was enrolled with another code.

2. Every other request (except /health) carries two headers:
   ``Authorization: Bearer <credential>`` where credential is ``<device_id>.<secret>``,
   exactly as EnrollResponse gave it; and ``X-Kiosk-Operator: <operator id>`` naming the
   person the request is attributed to in the server's audit log (the operator who submitted
   the application; the profile name, e.g. ``selfservice``, when there is no login).
   401 unauthenticated (unknown device / wrong secret), 403 device_revoked, 400 when the
   operator header is missing or malformed.

3. One application version (two phases):
   a. ``PUT /applications/{application_id}/versions/{version}`` with ApplicationManifest.
      -> 201 UploadStatus (created) or 200 UploadStatus (the same content again: a no-op).
      409 manifest_conflict: this (id, version) already holds DIFFERENT content.
      409 parent_invalid: version > 1 whose parent (version - 1) is missing or not rejected.
      UploadStatus.missing lists every attachment the server still lacks, with the byte
      offset it already holds. The response always echoes application_id and version.
   b. For each missing attachment, from its offset: ``PUT .../attachments/{sha256}`` with
      ``Content-Type: application/octet-stream``, ``Content-Range: bytes START-END/SIZE``
      (END inclusive, at most MAX_CHUNK_BYTES per request) and the raw bytes.
      -> 200 AttachmentProgress {offset, complete, application_status}. Sending a chunk the
      server already has (START below its offset) is harmless; only the new bytes are kept.
      416 offset_mismatch: START is beyond the server's offset; header ``Upload-Offset``
      says where to resume. 422 hash_mismatch: the finished file's SHA-256 or size differs
      from the manifest; the partial data is discarded (offset back to 0). 400: missing or
      malformed Content-Range, or one that disagrees with the body length or the manifest
      size. 404: no such application version for this office, or sha256 not in its
      manifest. 408 stalled: the bytes stopped arriving for 30 s (nothing kept; resend).
      429 / 503 with ``Retry-After``: too many uploads in flight; nothing kept.
   c. After a cut, ask where to resume: ``HEAD .../attachments/{sha256}`` (headers
      ``Upload-Offset`` and ``Upload-Length``) or ``GET`` (AttachmentProgress JSON);
      ``GET /applications/{id}/versions/{version}`` returns UploadStatus again.
   d. The application is ``received`` exactly when the last attachment verifies (an
      application with no attachments is received at step a). Acknowledge the outbox row
      only on a 2xx whose JSON echoes the application id and says status ``received`` (or
      later). A correction of a rejected application is version + 1 with
      parent_version = version, and repeats a-d; unchanged attachments already on the
      server are reported complete at once (storage is content-addressed).
   e. Sealed applications (the normal case once the server has a sealing key, request 8):
      ApplicationManifest.seal_key_id names the server key every attachment was sealed to
      (SEAL_FORMAT). ``fields`` is then empty: the applicant's fields travel as one more
      sealed attachment, document_code SEALED_FIELDS_DOCUMENT (JSON). Each AttachmentRef's
      sha256 and size describe the SEALED bytes (what is uploaded and verified); its
      content_type is that of the document inside. 422 seal_invalid: seal_key_id is not one
      of the server's keys, fields are not empty, the fields attachment is missing, or an
      uploaded attachment does not begin with the SEAL_FORMAT header for seal_key_id (its
      partial data is discarded). A manifest without seal_key_id is the older clear form.

4. Status feed: ``GET /changes?since=CURSOR&limit=N`` -> 200 ChangesPage {entries, cursor,
   has_more}, only for the device's office, oldest first. Omit ``since`` (or send "") the
   first time; store the returned cursor only after applying the entries; loop while
   has_more. Cursors are opaque strings and never go backwards.

Error classes (body ErrorBody {detail, code}; detail is Bahasa Indonesia / English):
  retryable: network errors, timeouts, 5xx, 408 stalled, 429 rate_limited and 503 overloaded
  (both with ``Retry-After`` seconds). resume: 416 (go on from ``Upload-Offset``).
  needs-a-person: 400, 401, 403, 404, 409, 413, 422. Never retry those blindly; show them to
  staff and keep the rest of the queue moving. Switch on ``code``, never on ``detail``.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any, Final
from uuid import UUID

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from kiosk import sealing

API_VERSION: Final = 1
API_PREFIX: Final = "/api/v1"

MAX_CHUNK_BYTES: Final = 1024 * 1024
"""Largest attachment chunk per request: far below common proxy limits (nginx: 1 MiB+)."""
MAX_JSON_BODY_BYTES: Final = 512 * 1024
"""Largest JSON body (a manifest). The field limits below allow more in theory: a manifest
must ALSO fit in this many bytes, or the server answers 413 before parsing it."""
MAX_ATTACHMENT_BYTES: Final = 64 * 1024 * 1024
MAX_ATTACHMENTS: Final = 32
MAX_FIELDS: Final = 200
MAX_FIELD_CHARS: Final = 4000
FEED_PAGE_DEFAULT: Final = 200
FEED_PAGE_MAX: Final = 1000

HEADER_API: Final = "X-Kiosk-Api"
HEADER_OPERATOR: Final = "X-Kiosk-Operator"
HEADER_UPLOAD_OFFSET: Final = "Upload-Offset"
HEADER_UPLOAD_LENGTH: Final = "Upload-Length"
HEADER_CONTENT_RANGE: Final = "Content-Range"
HEADER_RETRY_AFTER: Final = "Retry-After"
CHUNK_CONTENT_TYPE: Final = "application/octet-stream"

SHA256_PATTERN: Final = r"^[0-9a-f]{64}$"
CODE_PATTERN: Final = r"^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$"
"""Document and service codes as in resources/catalog (``kk``, ``ktp-el-hilang``, ``F-1.02``):
words joined by single . _ -, so never a path trick (no slash, no leading dot, no "..")."""
OFFICE_CODE_PATTERN: Final = r"^[0-9]{2}(?:\.[0-9]{2}){0,2}(?:\.[0-9]{4})?$"
"""Kemendagri wilayah code of the office: province .. kelurahan (e.g. 51.08.01.2001)."""
ENROLLMENT_CODE_PATTERN: Final = (
    r"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$"
)
"""Crockford base32 (no I, L, O, U), 60 bits: readable aloud, typed by hand."""
OPERATOR_PATTERN: Final = r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$"
APPLICATION_NUMBER_PATTERN: Final = r"^[A-Z0-9][A-Z0-9./-]{0,39}$"
CONTENT_TYPE_PATTERN: Final = r"^[a-z0-9][a-z0-9.+-]{0,62}/[a-z0-9][a-z0-9.+-]{0,62}$"
FIELD_NAME_PATTERN: Final = r"^[a-z][a-z0-9_]{0,63}$"
PRINTABLE_PATTERN: Final = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
"""No control characters except tab and newlines: PostgreSQL refuses NUL in text."""
CURSOR_PATTERN: Final = r"^[0-9]{0,18}$"
SEAL_KEY_ID_PATTERN: Final = r"^[0-9a-f]{16}$"
SEALED_FIELDS_DOCUMENT: Final = sealing.SEALED_FIELDS_DOCUMENT
MAX_SAFE_INT: Final = 2**53 - 1
_CONTENT_RANGE_RE: Final = re.compile(r"^bytes ([0-9]{1,12})-([0-9]{1,12})/([0-9]{1,12})$")


class ApplicationStatus(StrEnum):
    """Server-side status of one application version.

    ``incomplete`` only ever means "manifest stored, attachments still missing": such an
    application is never counted as received (INVARIANT 2).
    """

    INCOMPLETE = "incomplete"
    RECEIVED = "received"
    VERIFIED = "verified"
    PROCESSING = "processing"
    READY = "ready"
    COLLECTED = "collected"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


class ErrorCode(StrEnum):
    """Machine-readable error class in every 4xx/5xx body, so clients never parse prose."""

    INVALID_REQUEST = "invalid_request"
    BODY_TOO_LARGE = "body_too_large"
    UNAUTHENTICATED = "unauthenticated"
    DEVICE_REVOKED = "device_revoked"
    ENROLLMENT_REFUSED = "enrollment_refused"
    DEVICE_EXISTS = "device_exists"
    NOT_FOUND = "not_found"
    MANIFEST_CONFLICT = "manifest_conflict"
    PARENT_INVALID = "parent_invalid"
    OFFSET_MISMATCH = "offset_mismatch"
    HASH_MISMATCH = "hash_mismatch"
    SEAL_INVALID = "seal_invalid"
    ILLEGAL_TRANSITION = "illegal_transition"
    STALLED = "stalled"
    RATE_LIMITED = "rate_limited"
    OVERLOADED = "overloaded"
    INTERNAL = "internal"


def _within_sane_years(value: datetime) -> datetime:
    if not 2000 <= value.year <= 2200:
        raise ValueError("timestamp outside 2000..2200")
    return value.astimezone(UTC)


Sha256 = Annotated[str, Field(pattern=SHA256_PATTERN, min_length=64, max_length=64)]
Code = Annotated[str, Field(pattern=CODE_PATTERN, min_length=1, max_length=64)]
OfficeCode = Annotated[str, Field(pattern=OFFICE_CODE_PATTERN, max_length=13)]
OperatorId = Annotated[str, Field(pattern=OPERATOR_PATTERN, max_length=64)]
Timestamp = Annotated[AwareDatetime, AfterValidator(_within_sane_years)]
FieldName = Annotated[str, Field(pattern=FIELD_NAME_PATTERN, max_length=64)]
FieldValue = (
    Annotated[str, Field(max_length=MAX_FIELD_CHARS, pattern=PRINTABLE_PATTERN)]
    | Annotated[int, Field(ge=-MAX_SAFE_INT, le=MAX_SAFE_INT, strict=True)]
    | bool
    | None
)
Cursor = Annotated[str, Field(pattern=CURSOR_PATTERN, max_length=18)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ServerInfo(_Strict):
    """Answer of ``GET /health``: who answers, so a captive portal cannot pass for us."""

    service: str = "kiosk-server"
    api_version: int = API_VERSION


class EnrollRequest(_Strict):
    device_id: UUID
    code: str = Field(pattern=ENROLLMENT_CODE_PATTERN, max_length=14)
    device_name: str = Field(min_length=1, max_length=80, pattern=PRINTABLE_PATTERN)


class EnrollResponse(_Strict):
    device_id: UUID
    office_code: OfficeCode
    credential: str = Field(
        max_length=120, description="'<device_id>.<secret>': send as 'Authorization: Bearer'"
    )
    api_version: int = API_VERSION


class AttachmentRef(_Strict):
    """One attachment as the manifest declares it; the upload is verified against it."""

    document_code: Code
    sha256: Sha256
    size: int = Field(ge=1, le=MAX_ATTACHMENT_BYTES, strict=True)
    content_type: str = Field(pattern=CONTENT_TYPE_PATTERN, max_length=127)


class ApplicationManifest(_Strict):
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


class MissingAttachment(_Strict):
    document_code: Code
    sha256: Sha256
    size: int
    offset: int = Field(description="bytes the server already holds; resume from here")


class UploadStatus(_Strict):
    """Answer to a manifest PUT/GET: where this application version stands."""

    application_id: UUID
    version: int
    number: str
    status: ApplicationStatus
    missing: list[MissingAttachment]
    received_at: datetime | None = None
    reason: str | None = None
    fix: str | None = None


class AttachmentProgress(_Strict):
    """Answer to a chunk PUT or an attachment GET."""

    application_id: UUID
    version: int
    sha256: Sha256
    size: int
    offset: int
    complete: bool
    application_status: ApplicationStatus


class ChangeEntry(_Strict):
    """One status change in the office's feed, e.g. a rejection with what to fix."""

    cursor: Cursor
    application_id: UUID
    version: int
    number: str
    status: ApplicationStatus
    reason: str | None = None
    fix: str | None = None
    changed_at: datetime


class ChangesPage(_Strict):
    entries: list[ChangeEntry]
    cursor: Cursor = Field(description="pass back as ?since= next time")
    has_more: bool


class ErrorBody(_Strict):
    detail: str = Field(description="Bahasa Indonesia / English, for staff")
    code: ErrorCode
    errors: list[dict[str, object]] | None = None


def manifest_digest(manifest: ApplicationManifest) -> str:
    """SHA-256 of the manifest's canonical JSON: the "same content" test of the upsert.

    An unset seal_key_id is left out, so clear manifests keep the digest they had before
    sealing existed (an upgrade in the middle of an upload is not a conflict).
    """
    dumped = manifest.model_dump(mode="json")
    if dumped.get("seal_key_id") is None:
        dumped.pop("seal_key_id", None)
    canonical = json.dumps(dumped, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def normalize_enrollment_code(typed: str) -> str:
    """Uppercases and regroups a hand-typed code ("abcd efgh-jkmn" -> "ABCD-EFGH-JKMN")."""
    compact = re.sub(r"[\s-]", "", typed).upper()
    return "-".join(compact[i : i + 4] for i in range(0, len(compact), 4))


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


ENROLL_PATH: Final = f"{API_PREFIX}/enroll"
CHANGES_PATH: Final = f"{API_PREFIX}/changes"
HEALTH_PATH: Final = f"{API_PREFIX}/health"


# ---------------------------------------------------------------------------------------------
# Security additions (issue 6): operators synced to devices, device audit upload, credential
# rotation, the server's sealing key. Additive: nothing above changed meaning.
#
#  5. ``GET /operators`` (device auth) -> 200 OperatorList: every operator of the device's
#     office, disabled ones included (active=false), with argon2id hashes so the kiosk can
#     verify a sign-in offline. Replace the local copy wholesale when ``revision`` changes;
#     an operator missing from the list is no longer valid on this device.
#  6. ``GET /audit/head`` (device auth) -> 200 DeviceAuditHead {last_seq, last_hash}: where
#     the server's copy of this device's audit chain ends (0 and AUDIT_GENESIS: nothing yet).
#     ``POST /audit`` with DeviceAuditBatch {entries} (consecutive seq, oldest first, starting
#     at or below last_seq + 1) -> 200 DeviceAuditHead. Entries the server already holds are
#     accepted again when identical (idempotent by (device, seq)). The batch is stored whole
#     or not at all. 409 with code (AuditErrorCode): ``audit_gap`` (first seq beyond
#     last_seq + 1, or seq not consecutive), ``audit_chain_broken`` (prev_hash differs from the
#     previous entry's hash), ``audit_hash_mismatch`` (hash is not audit_entry_hash of the
#     entry), ``audit_conflict`` (a seq the server holds with different content). All four
#     need a person: the device's log was damaged or tampered with. A batch must also fit in
#     MAX_JSON_BODY_BYTES (413 body_too_large otherwise: send fewer entries).
#  7. ``POST /credential/rotate`` (device auth, empty body) -> 200 CredentialRotation with a NEW
#     credential. The old one keeps working until the new one is first used, then stops (so
#     a lost answer never locks the device out: rotate again with the old one). Store the
#     new credential, then make any request with it (e.g. GET /audit/head) to finish.
#  8. ``GET /keys/public`` (device auth) -> 200 ServerPublicKey: the current X25519 key that
#     finalised applications are sealed to (format: SEAL_FORMAT below). 404 not_found until
#     the district creates one (``kiosk-server keys create``). Re-fetch it on every sync pass:
#     after a rotation, new payloads must use the new key_id.
# ---------------------------------------------------------------------------------------------

OPERATORS_PATH: Final = f"{API_PREFIX}/operators"
AUDIT_PATH: Final = f"{API_PREFIX}/audit"
AUDIT_HEAD_PATH: Final = f"{API_PREFIX}/audit/head"
CREDENTIAL_ROTATE_PATH: Final = f"{API_PREFIX}/credential/rotate"
PUBLIC_KEY_PATH: Final = f"{API_PREFIX}/keys/public"

USERNAME_PATTERN: Final = r"^[a-z0-9][a-z0-9._-]{2,31}$"
"""Operator usernames, as the kiosk accepts them (kiosk.accounts.USERNAME_PATTERN)."""
ARGON2ID_PATTERN: Final = (
    r"^\$argon2id\$v=19\$m=[0-9]{1,8},t=[0-9]{1,4},p=[0-9]{1,3}"
    r"\$[A-Za-z0-9+/]{11,64}\$[A-Za-z0-9+/]{16,128}$"
)
AUDIT_GENESIS: Final = "0" * 64
"""prev_hash of the first entry of every audit chain (kiosk.audit.GENESIS)."""
AUDIT_TIME_PATTERN: Final = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"
    r"(\.[0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})$"
)
AUDIT_ACTION_PATTERN: Final = r"^[a-z][a-z0-9_]{0,31}$"
DEVICE_CODE_PATTERN: Final = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,15}$"
AUDIT_APPLICATION_ID_PATTERN: Final = r"^[0-9A-Fa-f-]{1,36}$"
MAX_AUDIT_BATCH: Final = 200
"""Entries per POST /audit: 200 full entries stay well under MAX_JSON_BODY_BYTES."""
MAX_AUDIT_DETAIL_CHARS: Final = 500

SEAL_ALGORITHM: Final = sealing.SEAL_ALGORITHM
SEAL_MAGIC: Final = sealing.SEAL_MAGIC
SEAL_HKDF_INFO: Final = sealing.SEAL_HKDF_INFO
SEAL_FORMAT: Final = sealing.SEAL_FORMAT


class OperatorRole(StrEnum):
    """Roles of kiosk.accounts.Role: petugas (counter staff), supervisor, admin."""

    PETUGAS = "petugas"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class AuditErrorCode(StrEnum):
    """Error codes of POST /audit, beyond ErrorCode. All four need a person, never a retry."""

    AUDIT_GAP = "audit_gap"
    AUDIT_CHAIN_BROKEN = "audit_chain_broken"
    AUDIT_HASH_MISMATCH = "audit_hash_mismatch"
    AUDIT_CONFLICT = "audit_conflict"


class SecurityErrorBody(_Strict):
    """ErrorBody of the security endpoints, whose code may also be an AuditErrorCode."""

    detail: str = Field(description="Bahasa Indonesia / English, for staff")
    code: ErrorCode | AuditErrorCode
    errors: list[dict[str, object]] | None = None


class OperatorRecord(_Strict):
    """One operator as a device stores it to verify sign-ins offline."""

    username: str = Field(pattern=USERNAME_PATTERN, max_length=32)
    display_name: str = Field(min_length=1, max_length=120, pattern=PRINTABLE_PATTERN)
    role: OperatorRole
    password_hash: str = Field(pattern=ARGON2ID_PATTERN, max_length=256)
    active: bool
    version: int = Field(ge=1, description="bumped on every change of this operator")
    updated_at: datetime


class OperatorList(_Strict):
    office_code: OfficeCode
    operators: list[OperatorRecord]
    revision: Sha256 = Field(description="changes whenever any operator of the office does")


class DeviceAuditEntry(_Strict):
    """One entry of a kiosk's hash-chained audit log, exactly as kiosk.audit stores it.

    ``hash`` must equal audit_entry_hash of the other fields; values are hashed as sent, so
    the kiosk sends its stored strings unchanged (``at`` as stored, ``detail`` "" not null).
    """

    seq: int = Field(ge=1, le=MAX_SAFE_INT, strict=True)
    at: str = Field(pattern=AUDIT_TIME_PATTERN, max_length=40)
    device: str = Field(pattern=DEVICE_CODE_PATTERN, max_length=16)
    operator: str = Field(min_length=1, max_length=64, pattern=PRINTABLE_PATTERN)
    action: str = Field(pattern=AUDIT_ACTION_PATTERN, max_length=32)
    application_id: str | None = Field(
        default=None, pattern=AUDIT_APPLICATION_ID_PATTERN, max_length=36
    )
    number: str | None = Field(default=None, max_length=40, pattern=PRINTABLE_PATTERN)
    detail: str = Field(default="", max_length=MAX_AUDIT_DETAIL_CHARS, pattern=PRINTABLE_PATTERN)
    prev_hash: Sha256
    hash: Sha256

    def chained_fields(self) -> dict[str, Any]:
        """The fields the hash covers (everything but the hash itself)."""
        return self.model_dump(exclude={"hash"})


class DeviceAuditBatch(_Strict):
    entries: list[DeviceAuditEntry] = Field(min_length=1, max_length=MAX_AUDIT_BATCH)


class DeviceAuditHead(_Strict):
    """Where the server's copy of the caller's audit chain ends."""

    device_id: UUID
    last_seq: int = Field(ge=0)
    last_hash: Sha256
    stored: int = Field(default=0, ge=0, description="entries new in this batch")


class CredentialRotation(_Strict):
    device_id: UUID
    credential: str = Field(
        max_length=120, description="'<device_id>.<secret>': send as 'Authorization: Bearer'"
    )


class ServerPublicKey(_Strict):
    key_id: str = Field(pattern=r"^[0-9a-f]{16}$", description="first 8 bytes of fingerprint")
    algorithm: str = SEAL_ALGORITHM
    public_key: str = Field(
        pattern=r"^[A-Za-z0-9_-]{43}$", description="raw X25519 key, base64url without padding"
    )
    fingerprint: Sha256 = Field(description="SHA-256 of the raw public key; compare aloud")
    created_at: datetime


def audit_entry_hash(fields: dict[str, Any]) -> str:
    """SHA-256 of an audit entry's canonical JSON; identical to kiosk.audit.entry_hash."""
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
