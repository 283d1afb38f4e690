"""The service's own fields (catalog `extra_fields`) as the wizard asks them, without widgets.

Akta kelahiran asks for the child and the parents, akta kematian for the deceased, SKPWNI for
the destination: the catalog declares which, as data, and the same checks as intake
(kiosk.applications.intake.check_extra_fields) run on every keystroke, so the counter shows
under the field what `kiosk apply` would print. The values travel in `Applicant.extra` under
their codes, into the sealed payload and the generated forms.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from kiosk.applications.intake import check_extra_fields
from kiosk.catalog.schema import ExtraField
from kiosk.validation import Issue, Severity
from ui.viewmodels.typed_values import parse_birth_date

FIELD_PREFIX = "extra."
"""Blocker names of these fields (`extra.nama_ayah`), apart from the applicant's own."""


class ServiceFieldsForm:
    def __init__(self, today: date | None = None) -> None:
        self.today = today
        self.specs: tuple[ExtraField, ...] = ()
        self.values: dict[str, str] = {}
        self.touched: set[str] = set()
        self._issues: dict[str, list[Issue]] = {}

    def set_specs(self, specs: Sequence[ExtraField]) -> None:
        """The chosen service's fields; values typed for a field it still has are kept."""
        self.specs = tuple(specs)
        self.values = {s.code: self.values.get(s.code, "") for s in self.specs}
        self.touched &= set(self.values)
        self._validate()

    def set_value(self, code: str, text: str) -> None:
        if code not in self.values:
            raise KeyError(code)
        self.values[code] = text
        self._validate()

    def leave(self, code: str) -> None:
        self.touched.add(code)

    def reveal_all(self) -> None:
        self.touched.update(self.values)

    def issues(self, code: str) -> list[Issue]:
        """What to show under the field: an empty required field only once it was left."""
        found = self._issues.get(code, [])
        if code not in self.touched:
            found = [i for i in found if i.code != "extra_field_empty"]
        return found

    def error_fields(self) -> list[str]:
        """Blockers, in catalog order, as `extra.<code>`."""
        return [
            FIELD_PREFIX + s.code
            for s in self.specs
            if any(i.severity is Severity.ERROR for i in self._issues.get(s.code, []))
        ]

    def to_extra(self) -> dict[str, str]:
        """The typed values for `Applicant.extra` (dates as DD-MM-YYYY; empty ones left out)."""
        extra: dict[str, str] = {}
        kinds = {s.code: s.kind for s in self.specs}
        for code, text in self.values.items():
            value = " ".join(text.split())
            if not value:
                continue
            if kinds[code] == "date":
                parsed, _ = parse_birth_date(value, self.today or date.today())
                value = f"{parsed:%d-%m-%Y}" if parsed else value
            elif kinds[code] == "nik":
                value = "".join(value.split())
            extra[code] = value
        return extra

    # --- drafts and corrections ---------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {"values": dict(self.values), "touched": sorted(self.touched)}

    def restore(self, data: dict[str, Any]) -> None:
        values = data.get("values") or {}
        for code in self.values:
            self.values[code] = str(values.get(code) or "")
        self.touched = {str(t) for t in data.get("touched", [])} & set(self.values)
        self._validate()

    def _validate(self) -> None:
        self._issues = {}
        result = check_extra_fields(self.specs, self.to_extra(), self.today)
        for issue in result.issues:
            self._issues.setdefault(issue.field.removeprefix(FIELD_PREFIX), []).append(issue)
