"""The operators of a device's office (request 5), so the kiosk verifies sign-ins offline."""

from __future__ import annotations

from datetime import datetime
from typing import Final

from pydantic import Field

from kiosk.contract import MIN_PASSWORD_LENGTH as MIN_PASSWORD_LENGTH
from kiosk.contract import USERNAME_PATTERN as USERNAME_PATTERN
from kiosk.contract import OperatorRole as OperatorRole

from .base import API_PREFIX, PRINTABLE_PATTERN, OfficeCode, Sha256, Strict

ARGON2ID_PATTERN: Final = (
    r"^\$argon2id\$v=19\$m=[0-9]{1,8},t=[0-9]{1,4},p=[0-9]{1,3}"
    r"\$[A-Za-z0-9+/]{11,64}\$[A-Za-z0-9+/]{16,128}$"
)
OPERATORS_PATH: Final = f"{API_PREFIX}/operators"


class OperatorRecord(Strict):
    """One operator as a device stores it to verify sign-ins offline."""

    username: str = Field(pattern=USERNAME_PATTERN, max_length=32)
    display_name: str = Field(min_length=1, max_length=120, pattern=PRINTABLE_PATTERN)
    role: OperatorRole
    password_hash: str = Field(pattern=ARGON2ID_PATTERN, max_length=256)
    active: bool
    version: int = Field(ge=1, description="bumped on every change of this operator")
    updated_at: datetime


class OperatorList(Strict):
    office_code: OfficeCode
    operators: list[OperatorRecord]
    revision: Sha256 = Field(description="changes whenever any operator of the office does")
