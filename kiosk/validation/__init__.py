"""Validators that stop applications being rejected for typing errors."""

from kiosk.validation.address import ADDRESS_FIELDS, address_names, validate_address
from kiosk.validation.numbers import validate_nik, validate_no_kk
from kiosk.validation.person import validate_name, validate_phone, validate_rt_rw
from kiosk.validation.result import Issue, Severity, ValidationResult

__all__ = [
    "ADDRESS_FIELDS",
    "Issue",
    "Severity",
    "ValidationResult",
    "address_names",
    "validate_address",
    "validate_name",
    "validate_nik",
    "validate_no_kk",
    "validate_phone",
    "validate_rt_rw",
]
