"""Enrollment of a device and its credential (requests 1, 2 and 7 of the sequence).

A device also has an Ed25519 key pair that signs its USB bundles (sync.protocol.bundles). It
sends the public key in EnrollRequest.signing_key (optional: older kiosks enroll without);
EnrollResponse.signing_key echoes the key the server holds for the device. A device enrolled
before, or whose enrollment answer lacked its key, registers it once with ``PUT
/device/signing-key`` (DeviceSigningKey, authenticated): 200 with the key held. The server
keeps the first key it is given; a different one later is refused (409, audited) unless a
supervisor re-enrolls the device (`rotate-device`), whose new enrollment may bring a new key.
"""

from __future__ import annotations

import re
from typing import Final
from uuid import UUID

from pydantic import Field

from .base import API_PREFIX, API_VERSION, PRINTABLE_PATTERN, OfficeCode, Strict
from .bundles import SigningPublicKey

ENROLLMENT_CODE_PATTERN: Final = (
    r"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$"
)
"""Crockford base32 (no I, L, O, U), 60 bits: readable aloud, typed by hand."""

ENROLL_PATH: Final = f"{API_PREFIX}/enroll"
CREDENTIAL_ROTATE_PATH: Final = f"{API_PREFIX}/credential/rotate"
DEVICE_SIGNING_KEY_PATH: Final = f"{API_PREFIX}/device/signing-key"


class EnrollRequest(Strict):
    device_id: UUID
    code: str = Field(pattern=ENROLLMENT_CODE_PATTERN, max_length=14)
    device_name: str = Field(min_length=1, max_length=80, pattern=PRINTABLE_PATTERN)
    signing_key: SigningPublicKey | None = None


class EnrollResponse(Strict):
    device_id: UUID
    office_code: OfficeCode
    credential: str = Field(
        max_length=120, description="'<device_id>.<secret>': send as 'Authorization: Bearer'"
    )
    api_version: int = API_VERSION
    signing_key: SigningPublicKey | None = None


class DeviceSigningKey(Strict):
    public_key: SigningPublicKey


class CredentialRotation(Strict):
    device_id: UUID
    credential: str = Field(
        max_length=120, description="'<device_id>.<secret>': send as 'Authorization: Bearer'"
    )


def normalize_enrollment_code(typed: str) -> str:
    """Uppercases and regroups a hand-typed code ("abcd efgh-jkmn" -> "ABCD-EFGH-JKMN")."""
    compact = re.sub(r"[\s-]", "", typed).upper()
    return "-".join(compact[i : i + 4] for i in range(0, len(compact), 4))
