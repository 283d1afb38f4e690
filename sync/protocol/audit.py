"""Upload of a kiosk's hash-chained audit log (request 6), re-verified by the server.

The chain's rules (its fields, the hash, the genesis, the detail limit) are kiosk.contract's:
the kiosk builds its chain with them and may not import sync/ (docs/adr/0004).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Final
from uuid import UUID

from pydantic import Field

from kiosk.contract import AUDIT_CHAIN_FIELDS as AUDIT_CHAIN_FIELDS
from kiosk.contract import AUDIT_GENESIS as AUDIT_GENESIS
from kiosk.contract import MAX_AUDIT_DETAIL_CHARS as MAX_AUDIT_DETAIL_CHARS
from kiosk.contract import audit_entry_hash as audit_entry_hash

from .base import API_PREFIX, MAX_SAFE_INT, PRINTABLE_PATTERN, Sha256, Strict

AUDIT_PATH: Final = f"{API_PREFIX}/audit"
AUDIT_HEAD_PATH: Final = f"{API_PREFIX}/audit/head"
AUDIT_PROBLEM_PATH: Final = f"{API_PREFIX}/audit/problem"

AUDIT_TIME_PATTERN: Final = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"
    r"(\.[0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})$"
)
AUDIT_ACTION_PATTERN: Final = r"^[a-z][a-z0-9_]{0,31}$"
DEVICE_CODE_PATTERN: Final = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,15}$"
AUDIT_APPLICATION_ID_PATTERN: Final = r"^[0-9A-Fa-f-]{1,36}$"
MAX_AUDIT_BATCH: Final = 200
"""Entries per POST /audit: 200 full entries stay well under MAX_JSON_BODY_BYTES."""


class DeviceAuditEntry(Strict):
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
        """The fields the hash covers (AUDIT_CHAIN_FIELDS: everything but the hash itself)."""
        return {name: getattr(self, name) for name in AUDIT_CHAIN_FIELDS}


class DeviceAuditBatch(Strict):
    entries: list[DeviceAuditEntry] = Field(min_length=1, max_length=MAX_AUDIT_BATCH)


class DeviceAuditHead(Strict):
    """Where the server's copy of the caller's audit chain ends."""

    device_id: UUID
    last_seq: int = Field(ge=0)
    last_hash: Sha256
    stored: int = Field(default=0, ge=0, description="entries new in this batch")


class AuditProblemCode(StrEnum):
    CHAIN_SHORTER = "chain_shorter"
    """The device holds fewer entries than the server already has: entries were deleted."""
    CHAIN_DIVERGED = "chain_diverged"
    """The device's entry at the server's last seq differs from the server's copy."""


class DeviceAuditProblem(Strict):
    """A device reporting that its own chain no longer matches the server's copy (issue 11).

    Nothing the device could upload would show this: a chain cut short sends nothing new,
    and re-sent entries identical to the server's pass as replays.
    """

    code: AuditProblemCode
    local_last_seq: int = Field(ge=0, le=MAX_SAFE_INT, strict=True)
