"""What every resource of the protocol shares: version, limits, headers, field rules, errors.

Every schema is strict (unknown keys refused, lengths bounded) because the server must answer
hostile input with a 4xx, never a 5xx, and the kiosk must notice a captive portal's HTML
instead of mistaking it for success.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Final

from pydantic import BaseModel, ConfigDict, Field

from kiosk.contract import canonical_json as canonical_json
from kiosk.contract import canonical_sha256 as canonical_sha256

API_VERSION: Final = 1
API_PREFIX: Final = "/api/v1"

MAX_JSON_BODY_BYTES: Final = 512 * 1024
"""Largest JSON body (a manifest). The field limits below allow more in theory: a manifest
must ALSO fit in this many bytes, or the server answers 413 before parsing it."""

MAX_WHOLE_BODY_BYTES: Final = 4 * 1024 * 1024
"""Largest one-request upload (``PUT .../whole``: the manifest and its attachments, framed).
A larger application goes the chunked way; nginx's ``client_max_body_size`` must allow it
(docs/deploy). 4 MiB: a typical application (3 documents of 150-300 KB) fits several times."""

HEADER_API: Final = "X-Kiosk-Api"
HEADER_OPERATOR: Final = "X-Kiosk-Operator"
HEADER_RETRY_AFTER: Final = "Retry-After"

SHA256_PATTERN: Final = r"^[0-9a-f]{64}$"
OFFICE_CODE_PATTERN: Final = r"^[0-9]{2}(?:\.[0-9]{2}){0,2}(?:\.[0-9]{4})?$"
"""Kemendagri wilayah code of the office: province .. kelurahan (e.g. 51.08.01.2001)."""
OPERATOR_PATTERN: Final = r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$"
PRINTABLE_PATTERN: Final = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
"""No control characters except tab and newlines: PostgreSQL refuses NUL in text."""
MAX_SAFE_INT: Final = 2**53 - 1

Sha256 = Annotated[str, Field(pattern=SHA256_PATTERN, min_length=64, max_length=64)]
OfficeCode = Annotated[str, Field(pattern=OFFICE_CODE_PATTERN, max_length=13)]
OperatorId = Annotated[str, Field(pattern=OPERATOR_PATTERN, max_length=64)]

HEALTH_PATH: Final = f"{API_PREFIX}/health"


class Strict(BaseModel):
    """Base of every protocol schema: unknown keys are refused, instances are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class ErrorCode(StrEnum):
    """Machine-readable error class in every 4xx/5xx body, so clients never parse prose."""

    INVALID_REQUEST = "invalid_request"
    BODY_TOO_LARGE = "body_too_large"
    UNAUTHENTICATED = "unauthenticated"
    DEVICE_REVOKED = "device_revoked"
    DEVICE_SUSPENDED = "device_suspended"
    ENROLLMENT_REFUSED = "enrollment_refused"
    DEVICE_EXISTS = "device_exists"
    NOT_FOUND = "not_found"
    MANIFEST_CONFLICT = "manifest_conflict"
    PARENT_INVALID = "parent_invalid"
    MANIFEST_REFUSED = "manifest_refused"
    OFFSET_MISMATCH = "offset_mismatch"
    HASH_MISMATCH = "hash_mismatch"
    SEAL_INVALID = "seal_invalid"
    ILLEGAL_TRANSITION = "illegal_transition"
    STALLED = "stalled"
    RATE_LIMITED = "rate_limited"
    OVERLOADED = "overloaded"
    INTERNAL = "internal"
    # POST /audit (request 6): all four need a person, never a retry.
    AUDIT_GAP = "audit_gap"
    AUDIT_CHAIN_BROKEN = "audit_chain_broken"
    AUDIT_HASH_MISMATCH = "audit_hash_mismatch"
    AUDIT_CONFLICT = "audit_conflict"
    SURVEY_CONFLICT = "survey_conflict"


class ErrorBody(Strict):
    # The one body of every 4xx/5xx answer, whichever resource answers (no docstring: it
    # would become the schema's description in the published OpenAPI document).
    detail: str = Field(description="Bahasa Indonesia / English, for staff")
    code: ErrorCode
    errors: list[dict[str, object]] | None = None


class ServerInfo(Strict):
    """Answer of ``GET /health``: who answers, so a captive portal cannot pass for us."""

    service: str = "kiosk-server"
    api_version: int = API_VERSION
