"""The applicant form with live validation: every keystroke re-runs the domain validators.

The validators (kiosk/validation) own the rules and the bilingual messages; this model only
decides what to show while the operator is still typing. An incomplete NIK ("9 of 16 digits")
is progress, not an error, until the field is left; a letter in it or an impossible date is an
error at once. Issues are routed by their `field`, so the NIK validator's birth-date mismatch
lands under the birth date, where the operator has to look. Warnings never block: the operator
can acknowledge them (the NIK's date is never corrected, DOMAIN.md).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from kiosk.applications.intake import Applicant
from kiosk.contract import CONTACT_CONSENT_FIELD, CONTACT_EMAIL_FIELD
from kiosk.validation import (
    Issue,
    Severity,
    ValidationResult,
    validate_address,
    validate_name,
    validate_nik,
    validate_no_kk,
    validate_phone,
    validate_rt_rw,
)
from ui.viewmodels.field_state import SEVERITY_ORDER, TYPING_CODES, FieldState, NikInfo
from ui.viewmodels.service_fields import ServiceFieldsForm
from ui.viewmodels.typed_values import format_phone, parse_birth_date

__all__ = ["FIELDS", "SEXES", "ApplicantForm", "format_phone", "parse_birth_date"]

PERSON_FIELDS = ("nik", "no_kk", "name", "birth_date", "sex", "phone")
ADDRESS_PARTS = ("alamat", "rt", "rw", "kode_wilayah")
"""The address as the form shows it (kiosk/validation/address.py checks it), asked only by the
services whose forms carry it (catalog `needs_address`)."""
FIELDS = PERSON_FIELDS + ADDRESS_PARTS
CONTACT_CONSENT_KEY = CONTACT_CONSENT_FIELD.removeprefix("extra_")
CONTACT_EMAIL_KEY = CONTACT_EMAIL_FIELD.removeprefix("extra_")
"""Applicant.extra keys; the sealed fields carry them as extra_<key> (kiosk.contract)."""
EMAIL_RE = re.compile(r"^[^@\s<>,;]{1,64}@[A-Za-z0-9.-]{1,190}\.[A-Za-z]{2,}$")
SEXES = ("", "L", "P")
_NIK_FILLED = ("birth_date", "sex")
"""The fields the NIK fills in as a suggestion."""


class ApplicantForm:
    def __init__(self, today: date | None = None) -> None:
        self.today = today
        self.values: dict[str, str] = dict.fromkeys(FIELDS, "")
        self.touched: set[str] = set()
        self.acknowledged: set[str] = set()
        self._issues: dict[str, list[Issue]] = {}
        self._nik = ValidationResult()
        self._phone: ValidationResult | None = None
        self._birth_date: date | None = None
        self.needs_address = False
        """Set from the chosen service; without it an address is checked only when typed."""
        self.suggested: set[str] = set()
        """Fields filled from the NIK, waiting for the operator to confirm or change them."""
        self.contact_whatsapp = False
        self.contact_email = False
        self.email = ""
        self.service_fields = ServiceFieldsForm(today)
        """The chosen service's own fields (catalog `extra_fields`), set with the service."""
        self._validate()

    # --- input --------------------------------------------------------------------------
    def set_value(self, name: str, text: str) -> None:
        if name not in FIELDS:
            raise KeyError(name)
        if name == "sex" and text.upper() not in SEXES:
            raise ValueError(f"sex must be one of {SEXES}")
        self.values[name] = text.upper() if name == "sex" else text
        self.suggested.discard(name)
        if name == "nik":
            self._follow_nik()
        self._validate()

    def _follow_nik(self) -> None:
        """Offers the NIK's birth date and sex in the fields the operator has not filled.

        Only a suggestion: the NIK's date is never corrected and may differ from the true one
        (a late registration), so the operator checks it with the citizen or types another.
        A suggestion follows the NIK while it is edited; a typed value is never overwritten.
        """
        self._validate()
        info = self.nik_info()
        decoded = {
            "birth_date": f"{info.birth_date:%d-%m-%Y}" if info and info.birth_date else "",
            "sex": info.sex if info and info.sex in SEXES else "",
        }
        for name, value in decoded.items():
            if name in self.suggested or not self.values[name].strip():
                self.values[name] = value
                if value:
                    self.suggested.add(name)
                else:
                    self.suggested.discard(name)

    def next_to_fill(self, name: str) -> str | None:
        """The field Enter moves to from `name`: the next one not filled in from the NIK."""
        fields = self.fields
        later = fields[fields.index(name) + 1 :] if name in fields else fields
        return next((f for f in later if f not in self.suggested), None)

    def set_contact(self, *, whatsapp: bool, email: bool, address: str) -> None:
        """The citizen's consent to hear back about this application, and where."""
        self.contact_whatsapp, self.contact_email = whatsapp, email
        self.email = address.strip()[:254]

    def contact_problem(self) -> str | None:
        """Why a chosen channel cannot be used (shown under the consent), or None."""
        if self.contact_whatsapp and not self.phone_normalised:
            return "whatsapp_needs_phone"
        if self.contact_email and not EMAIL_RE.match(self.email):
            return "email_invalid"
        return None

    def contact_extra(self) -> dict[str, str]:
        """The consent as the sealed fields carry it (kiosk.contract CONTACT_*); {} for none."""
        channels = []
        if self.contact_whatsapp and self.phone_normalised:
            channels.append("whatsapp")
        if self.contact_email and EMAIL_RE.match(self.email):
            channels.append("email")
        if not channels:
            return {}
        extra = {CONTACT_CONSENT_KEY: ",".join(channels)}
        if "email" in channels:
            extra[CONTACT_EMAIL_KEY] = self.email
        return extra

    def leave(self, name: str) -> None:
        """The operator moved on: incomplete values now count as errors, and a short form is
        shown in full (RT "1" as "001", a birth date "17081990" as "17-08-1990")."""
        self.touched.add(name)
        text = self.values[name].strip()
        full = None
        if name in ("rt", "rw") and validate_rt_rw(text, field=name).valid:
            full = validate_rt_rw(text, field=name).value
        elif name == "birth_date" and self._birth_date is not None:
            full = f"{self._birth_date:%d-%m-%Y}"
        if full is not None and full != self.values[name]:
            self.values[name] = full
            self._validate()

    def reveal_all(self) -> None:
        self.touched.update(self.fields)
        self.service_fields.reveal_all()

    @property
    def fields(self) -> tuple[str, ...]:
        """The fields this application asks for, in form order."""
        return FIELDS if self.needs_address else PERSON_FIELDS

    def require_address(self, needed: bool) -> None:
        self.needs_address = needed
        self._validate()

    def address(self) -> dict[str, str] | None:
        typed = {p: self.values[p].strip() for p in ADDRESS_PARTS}
        if not self.needs_address and not any(typed.values()):
            return None
        checked = validate_address(typed)
        if checked.valid:
            return {p: str(checked.details[p]) for p in ADDRESS_PARTS}
        return typed

    def acknowledge(self, name: str) -> None:
        """The operator checked the field's warnings with the citizen."""
        self.acknowledged.update(i.code for i in self._issues.get(name, []) if _is_warning(i))

    # --- output -------------------------------------------------------------------------
    def state(self, name: str) -> FieldState:
        issues = self._issues.get(name, [])
        errors = [i for i in issues if i.severity is Severity.ERROR]
        typing = False
        progress = ""
        if name not in self.touched:
            hidden = {i for i in errors if i.code.endswith("_empty")}
            still_typing = [i for i in errors if i.code in TYPING_CODES]
            if still_typing and len(still_typing) + len(hidden) == len(errors):
                typing = True
                hidden.update(still_typing)
            issues = [i for i in issues if i not in hidden]
        if name in ("nik", "no_kk"):
            digits = re.sub(r"[\s.\-]", "", self.values[name])
            progress = f"{len(digits)}/16" if digits else ""
        ordered = sorted(issues, key=lambda i: SEVERITY_ORDER[i.severity])
        return FieldState(name, tuple(ordered), typing, progress, frozenset(self.acknowledged))

    def error_fields(self) -> list[str]:
        """Fields that block going on, in form order (hidden and incomplete ones included)."""
        own = [
            f for f in FIELDS if any(i.severity is Severity.ERROR for i in self._issues.get(f, []))
        ]
        return own + self.service_fields.error_fields()

    @property
    def valid(self) -> bool:
        return not self.error_fields()

    def unacknowledged_warnings(self) -> list[Issue]:
        return [
            i
            for f in FIELDS
            for i in self._issues.get(f, [])
            if _is_warning(i) and i.code not in self.acknowledged
        ]

    def nik_info(self) -> NikInfo | None:
        details = self._nik.details
        if not details.get("province_name"):
            return None
        birth = details.get("birth_date")
        return NikInfo(
            province=str(details.get("province_name") or ""),
            regency=str(details.get("regency_name") or ""),
            district=str(details.get("district_name") or ""),
            birth_date=date.fromisoformat(birth) if birth else None,
            sex=details.get("sex"),
        )

    @property
    def phone_normalised(self) -> str:
        phone = self._phone
        return phone.value if phone is not None and phone.valid else ""

    @property
    def birth_date(self) -> date | None:
        return self._birth_date

    def to_applicant(self) -> Applicant:
        nik = self._nik.value
        info = self.nik_info()
        sex = self.values["sex"] or (info.sex if info is not None and info.sex else "")
        return Applicant(
            nik=nik,
            no_kk=re.sub(r"[\s.\-]", "", self.values["no_kk"]),
            name=" ".join(self.values["name"].split()).upper(),
            birth_date=self._birth_date,
            sex=sex if sex in ("L", "P") else "",
            phone=self.phone_normalised or self.values["phone"].strip(),
            extra={**self.service_fields.to_extra(), **self.contact_extra()},
            address=self.address(),
        )

    # --- drafts and corrections ---------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "values": dict(self.values),
            "touched": sorted(self.touched),
            "acknowledged": sorted(self.acknowledged),
            "suggested": sorted(self.suggested),
            "contact": {
                "whatsapp": self.contact_whatsapp,
                "email": self.contact_email,
                "address": self.email,
            },
            "service_fields": self.service_fields.to_dict(),
        }

    def restore(self, data: dict[str, Any]) -> None:
        values = data.get("values", {})
        for name in FIELDS:
            text = str(values.get(name, "") or "")
            self.values[name] = text.upper() if name == "sex" and text.upper() in SEXES else text
        if self.values["sex"] not in SEXES:
            self.values["sex"] = ""
        self.touched = {t for t in data.get("touched", []) if t in FIELDS}
        self.acknowledged = {str(a) for a in data.get("acknowledged", [])}
        self._validate()
        self.suggested = self._restored_suggestions(data.get("suggested"))
        contact = data.get("contact") or {}
        self.set_contact(
            whatsapp=bool(contact.get("whatsapp")),
            email=bool(contact.get("email")),
            address=str(contact.get("address") or ""),
        )
        self.service_fields.restore(data.get("service_fields") or {})
        self._validate()

    def _restored_suggestions(self, saved: Any) -> set[str]:
        """The fields still holding the NIK's suggestion, so a resumed draft keeps following
        the NIK, hinting and jumping over them as before. A draft saved before the suggestions
        were kept says nothing: a value equal to what the NIK says, in a field never left, was
        the NIK's."""
        if isinstance(saved, list):
            return {str(s) for s in saved if s in _NIK_FILLED}
        info = self.nik_info()
        if info is None:
            return set()
        decoded = {
            "birth_date": f"{info.birth_date:%d-%m-%Y}" if info.birth_date else "",
            "sex": info.sex or "",
        }
        return {
            name
            for name, value in decoded.items()
            if value and self.values[name] == value and name not in self.touched
        }

    def prefill(self, payload: dict[str, Any]) -> None:
        """Fills the form from a stored application (a correction starts from it)."""
        born = payload.get("birth_date")
        values = {
            "nik": str(payload.get("nik") or ""),
            "no_kk": str(payload.get("no_kk") or ""),
            "name": str(payload.get("name") or ""),
            "birth_date": f"{date.fromisoformat(born):%d-%m-%Y}" if born else "",
            "sex": str(payload.get("sex") or ""),
            "phone": str(payload.get("phone") or ""),
        }
        extra = payload.get("extra") or {}
        channels = str(extra.get(CONTACT_CONSENT_KEY) or "").split(",")
        contact = {
            "whatsapp": "whatsapp" in channels,
            "email": "email" in channels,
            "address": str(extra.get(CONTACT_EMAIL_KEY) or ""),
        }
        address = payload.get("address") or {}
        for part in ADDRESS_PARTS:
            values[part] = str(address.get(part) or "")
        service_fields = {"values": extra, "touched": list(self.service_fields.values)}
        self.restore(
            {
                "values": values,
                "touched": list(FIELDS),
                "contact": contact,
                "service_fields": service_fields,
            }
        )

    # --- validation ---------------------------------------------------------------------
    def _validate(self) -> None:
        today = self.today or date.today()
        birth, birth_issues = parse_birth_date(self.values["birth_date"], today)
        self._birth_date = birth
        sex = self.values["sex"] or None
        self._nik = validate_nik(self.values["nik"], birth_date=birth, sex=sex, today=today)
        results = [self._nik, validate_no_kk(self.values["no_kk"], today=today)]
        results.append(validate_name(self.values["name"]))
        phone_text = self.values["phone"].strip()
        self._phone = validate_phone(phone_text) if phone_text else None
        if self._phone is not None:
            results.append(self._phone)
        if self.needs_address or any(self.values[p].strip() for p in ADDRESS_PARTS):
            address = validate_address({p: self.values[p] for p in ADDRESS_PARTS})
            results.append(address)
        issues: dict[str, list[Issue]] = {f: [] for f in FIELDS}
        seen: set[tuple[str, str]] = set()
        for item in birth_issues + [i for r in results for i in r.issues]:
            key = (item.code, item.field)
            if key in seen:
                continue
            seen.add(key)
            where = (item.field or "nik").removeprefix("address.")
            issues.setdefault(where, []).append(item)
        self._issues = issues


def _is_warning(item: Issue) -> bool:
    return item.severity is Severity.WARNING
