"""What one field of the applicant form shows: its issues (errors first), whether the operator
is still typing it, and what the NIK itself says (ui/viewmodels/applicant.py decides them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kiosk.validation import Issue, Severity

# Errors that only mean "not finished yet" while the operator is still in the field (a few
# letters of a kelurahan name are not yet a code).
TYPING_CODES = frozenset(
    {
        "nik_wrong_length",
        "no_kk_wrong_length",
        "phone_wrong_length",
        "birth_date_incomplete",
        "address_kelurahan_unknown",
    }
)
SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True)
class NikInfo:
    """What the NIK itself says, to hold against what the citizen tells."""

    province: str
    regency: str
    district: str
    birth_date: date | None
    sex: str | None


@dataclass(frozen=True)
class FieldState:
    name: str
    issues: tuple[Issue, ...] = ()
    """What to show under the field, errors first."""
    typing: bool = False
    """The value is incomplete and the operator is still in the field: show progress."""
    progress: str = ""
    acknowledged: frozenset[str] = field(default_factory=frozenset)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity is Severity.WARNING]

    @property
    def status(self) -> str:
        if self.errors:
            return "error"
        if self.typing:
            return "typing"
        if any(w.code not in self.acknowledged for w in self.warnings):
            return "warning"
        return "ok"
