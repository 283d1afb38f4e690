"""Validation results shared by every validator: severity, stable code, bilingual message."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """ERROR blocks submission; WARNING asks the operator to double-check; INFO is a note."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Issue:
    """One finding of a validator. `code` is stable: tests, logs and the UI key on it."""

    code: str
    severity: Severity
    message_id: str
    message_en: str
    field: str = ""

    def as_dict(self) -> dict[str, str]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "field": self.field,
            "message": self.message_id,
            "message_en": self.message_en,
        }


@dataclass
class ValidationResult:
    """The outcome of validating one value: issues plus the normalised value and decoded parts."""

    value: str = ""
    issues: list[Issue] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity is Severity.WARNING]

    @property
    def notices(self) -> list[Issue]:
        return [i for i in self.issues if i.severity is Severity.INFO]

    @property
    def codes(self) -> list[str]:
        return [i.code for i in self.issues]

    def add(
        self, code: str, severity: Severity, message_id: str, message_en: str, field: str = ""
    ) -> None:
        self.issues.append(Issue(code, severity, message_id, message_en, field))

    def error(self, code: str, message_id: str, message_en: str, field: str = "") -> None:
        self.add(code, Severity.ERROR, message_id, message_en, field)

    def warning(self, code: str, message_id: str, message_en: str, field: str = "") -> None:
        self.add(code, Severity.WARNING, message_id, message_en, field)

    def info(self, code: str, message_id: str, message_en: str, field: str = "") -> None:
        self.add(code, Severity.INFO, message_id, message_en, field)

    def as_dict(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "value": self.value,
            "errors": [i.as_dict() for i in self.errors],
            "warnings": [i.as_dict() for i in self.warnings],
            "notices": [i.as_dict() for i in self.notices],
            **self.details,
        }
