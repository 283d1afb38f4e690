"""Enrollment of a device and its credential (requests 1, 2 and 7 of the sequence)."""

from __future__ import annotations

import re
from typing import Final
from uuid import UUID

from pydantic import Field

from .base import API_PREFIX, API_VERSION, PRINTABLE_PATTERN, OfficeCode, Strict

ENROLLMENT_CODE_PATTERN: Final = (
    r"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$"
)
"""Crockford base32 (no I, L, O, U), 60 bits: readable aloud, typed by hand."""

ENROLL_PATH: Final = f"{API_PREFIX}/enroll"
CREDENTIAL_ROTATE_PATH: Final = f"{API_PREFIX}/credential/rotate"


class EnrollRequest(Strict):
    device_id: UUID
    code: str = Field(pattern=ENROLLMENT_CODE_PATTERN, max_length=14)
    device_name: str = Field(min_length=1, max_length=80, pattern=PRINTABLE_PATTERN)


class EnrollResponse(Strict):
    device_id: UUID
    office_code: OfficeCode
    credential: str = Field(
        max_length=120, description="'<device_id>.<secret>': send as 'Authorization: Bearer'"
    )
    api_version: int = API_VERSION


class CredentialRotation(Strict):
    device_id: UUID
    credential: str = Field(
        max_length=120, description="'<device_id>.<secret>': send as 'Authorization: Bearer'"
    )


def normalize_enrollment_code(typed: str) -> str:
    """Uppercases and regroups a hand-typed code ("abcd efgh-jkmn" -> "ABCD-EFGH-JKMN")."""
    compact = re.sub(r"[\s-]", "", typed).upper()
    return "-".join(compact[i : i + 4] for i in range(0, len(compact), 4))
