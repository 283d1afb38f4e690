"""The review screen's content: every field, every image, and what would stop the submit.

Field labels are keys (the screen translates them); values are shown as they will be stored
(normalised NIK, upper-case name, +62 phone). The NIK is shown in full here: the operator and
the citizen read it together before it is sent, it is never logged.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.catalog import Text
from kiosk.masking import mask_nik
from kiosk.validation import Issue, address_names
from ui.viewmodels.applicant import format_phone
from ui.viewmodels.capture import CapturedFile
from ui.viewmodels.questionnaire import Answer
from ui.viewmodels.wizard import WizardModel


@dataclass(frozen=True)
class ReviewImage:
    code: str
    name: Text
    status: str
    """ok, override, kept or missing (see DocumentChecklist.status)."""
    file: CapturedFile | None


@dataclass(frozen=True)
class ReviewSummary:
    service: Text
    answers: tuple[Answer, ...]
    fields: tuple[tuple[str, str], ...]
    """(field name, value as stored); the screen translates the names."""
    nik_region: str
    images: tuple[ReviewImage, ...]
    forms: tuple[tuple[str, Text], ...]
    problems: tuple[Issue, ...]
    """Errors that stop the submit (a missing document, an invalid field)."""
    warnings: tuple[Issue, ...]
    applicant_name: str = ""
    masked_nik: str = ""
    """Whose application this is, shown large above everything else: the name in full and the
    NIK masked, so two citizens are told apart at a glance without reading 16 digits."""
    service_fields: tuple[tuple[Text, str], ...] = ()
    """The service's own fields (catalog `extra_fields`) as stored: (label, value)."""

    @property
    def can_submit(self) -> bool:
        return not self.problems


def build_review(model: WizardModel) -> ReviewSummary:
    checklist = model.checklist
    if checklist is None:
        raise ValueError("no service chosen")
    service = model.catalog.service(checklist.service)
    applicant = model.applicant.to_applicant()
    values = {
        "nik": applicant.nik,
        "no_kk": applicant.no_kk,
        "name": applicant.name,
        "birth_date": f"{applicant.birth_date:%d-%m-%Y}" if applicant.birth_date else "",
        "sex": applicant.sex,
        "phone": format_phone(applicant.phone) if applicant.phone else "",
    }
    address = applicant.address or {}
    values.update({p: str(address.get(p, "")) for p in ("alamat", "rt", "rw")})
    code = str(address.get("kode_wilayah", ""))
    names = address_names(code) if code else {}
    place = ", ".join(n for n in names.values() if n)
    values["kode_wilayah"] = f"{place} ({code})" if place else code
    info = model.applicant.nik_info()
    region = ", ".join(p for p in (info.district, info.regency, info.province) if p) if info else ""
    images = tuple(
        ReviewImage(
            item.code,
            item.document.name,
            checklist.status(item.code),
            checklist.files.get(item.code),
        )
        for item in checklist.items
        if item.code in checklist.files or item.requirement != "optional"
    )
    check = model.check()
    return ReviewSummary(
        service=service.name,
        answers=tuple(model.questionnaire.answers()),
        fields=tuple((f, values[f]) for f in model.applicant.fields),
        nik_region=region,
        images=images,
        forms=tuple((f, model.catalog.form(f).name) for f in service.forms),
        problems=tuple(check.errors),
        warnings=tuple(model.applicant.unacknowledged_warnings()),
        applicant_name=applicant.name,
        masked_nik=mask_nik(applicant.nik) if applicant.nik else "",
        service_fields=tuple(
            (spec.label, applicant.extra.get(spec.code, "")) for spec in service.extra_fields
        ),
    )
