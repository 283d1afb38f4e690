"""Validators that stop applications being rejected for typing errors."""

from kiosk.validation.numbers import validate_nik, validate_no_kk
from kiosk.validation.person import validate_name, validate_phone, validate_rt_rw
from kiosk.validation.result import Issue, Severity, ValidationResult

__all__ = [
    "Issue",
    "Severity",
    "ValidationResult",
    "validate_name",
    "validate_nik",
    "validate_no_kk",
    "validate_phone",
    "validate_rt_rw",
]
