"""What a new application consists of, and the checks it must pass before it is submitted.

The GUI wizard and `kiosk apply` both call `check_application`, so an application the CLI
accepts is one the counter would accept, and vice versa.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from kiosk.catalog import CatalogView
from kiosk.catalog.schema import ExtraField
from kiosk.errors import CatalogError
from kiosk.sealing import CaptureNote
from kiosk.validation import (
    ADDRESS_FIELDS,
    ValidationResult,
    validate_address,
    validate_name,
    validate_nik,
    validate_no_kk,
    validate_phone,
)
from kiosk.wilayah import default_wilayah

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
_SIGNATURES: tuple[tuple[bytes, int, str], ...] = (
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"%PDF-", 0, "application/pdf"),
    (b"WEBP", 8, "image/webp"),
)


@dataclass
class Applicant:
    nik: str
    no_kk: str
    name: str
    birth_date: date | None = None
    sex: str = ""
    phone: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    """The service's own fields (catalog `extra_fields`: parents, the deceased, ...)."""
    address: dict[str, str] | None = None
    """alamat, rt, rw, kode_wilayah (the kelurahan/desa code), when the service asks for it."""

    def as_payload(self) -> dict[str, object]:
        payload = self._fields()
        if self.address is not None:
            payload["address"] = dict(self.address)
        return payload

    def _fields(self) -> dict[str, object]:
        return {
            "nik": self.nik,
            "no_kk": self.no_kk,
            "name": self.name,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "sex": self.sex,
            "phone": self.phone,
            "extra": dict(self.extra),
        }


@dataclass
class AttachmentInput:
    document: str
    data: bytes
    content_type: str = ""
    override_reason: str | None = None
    """Why an operator accepted an image that failed a quality check."""
    sealed_ref: str | None = None
    """SHA-256 of an already SEALED attachment of the version being corrected, re-used as it
    is (`data` is then empty: the device cannot open it; the server has it)."""
    capture: CaptureNote | None = None
    """How a photographed document's corners were set and what its checks found; sealed
    with the fields document for the verifier (None for files, selfies, signatures)."""


@dataclass(frozen=True)
class QualityOverride:
    """An image accepted although it failed a quality check: audited with the submit."""

    document: str
    failed_checks: tuple[str, ...]
    """The quality checks it failed (e.g. blurry, glare)."""
    reason: str
    approved_by: str | None = None
    """The supervisor who approved it; None when the operator could decide alone."""


@dataclass
class NewApplication:
    service: str
    applicant: Applicant
    attachments: list[AttachmentInput]
    operator: str
    revision_of: tuple[str, int] | None = None
    """(uuid, version) of the rejected version this one corrects."""
    draft_id: str | None = None
    """The autosaved draft this application was typed in; deleted in the submit transaction."""
    overrides: list[QualityOverride] = field(default_factory=list)
    """Quality overrides to audit in the submit transaction."""
    duplicate_of: list[str] = field(default_factory=list)
    """Numbers of the open applications for the same NIK and service it was submitted beside
    (kiosk/applications/duplicates.py); audited with `duplicate_reason`."""
    duplicate_reason: str | None = None


def sniff_content_type(data: bytes) -> str | None:
    for magic, offset, content_type in _SIGNATURES:
        if data[offset : offset + len(magic)] == magic:
            if content_type == "image/webp" and not data.startswith(b"RIFF"):
                continue
            return content_type
    return None


def check_application(
    catalog: CatalogView, new: NewApplication, *, today: date | None = None
) -> ValidationResult:
    """Validates fields, documents and files; normalises the applicant in place when valid."""
    result = ValidationResult()
    try:
        catalog.service(new.service)
    except CatalogError as exc:
        result.error("unknown_service", exc.message_id, exc.message_en, "service")
        return result
    applicant = new.applicant
    if applicant.sex and applicant.sex.upper() not in ("L", "P"):
        result.error(
            "sex_invalid",
            "Jenis kelamin harus L (laki-laki) atau P (perempuan)",
            "Sex must be L (male) or P (female)",
            "sex",
        )
    if applicant.birth_date is None:
        result.error(
            "birth_date_empty",
            "Tanggal lahir wajib diisi",
            "The birth date is required",
            "birth_date",
        )
    nik = validate_nik(
        applicant.nik,
        birth_date=applicant.birth_date,
        sex=applicant.sex.upper() if applicant.sex.upper() in ("L", "P") else None,
        today=today,
    )
    no_kk = validate_no_kk(applicant.no_kk, today=today)
    name = validate_name(applicant.name)
    checks = [nik, no_kk, name]
    phone = validate_phone(applicant.phone) if applicant.phone else None
    if phone is not None:
        checks.append(phone)
    for check in checks:
        result.issues.extend(check.issues)
    address = _check_address(catalog, new, result)
    _check_extra_fields(catalog, new, result, today)
    _check_documents(catalog, new, result)
    if result.valid:
        applicant.nik, applicant.no_kk, applicant.name = nik.value, no_kk.value, name.value
        applicant.sex = applicant.sex.upper() or str(nik.details.get("sex", ""))
        if phone is not None:
            applicant.phone = phone.value
        if address is not None:
            applicant.address = address
    return result


def _check_address(
    catalog: CatalogView, new: NewApplication, result: ValidationResult
) -> dict[str, str] | None:
    """The normalised address, checked when the service asks for one or one was given."""
    given = new.applicant.address
    if not catalog.needs_address(new.service) and not given:
        return None
    checked = validate_address(given)
    result.issues.extend(checked.issues)
    if not checked.valid:
        return None
    return {k: str(checked.details[k]) for k in ADDRESS_FIELDS}


def _check_extra_fields(
    catalog: CatalogView, new: NewApplication, result: ValidationResult, today: date | None
) -> None:
    """The service's own fields, as its catalog entry declares them."""
    specs = catalog.service(new.service).extra_fields
    result.issues.extend(check_extra_fields(specs, new.applicant.extra, today).issues)


def check_extra_fields(
    specs: Sequence[ExtraField], extra: Mapping[str, str], today: date | None = None
) -> ValidationResult:
    """Checks a service's own fields; each issue's field is `extra.<code>`.

    Shared by intake and the wizard, so the counter shows the same message under the field
    that `kiosk apply` prints.
    """
    result = ValidationResult()
    for spec in specs:
        value = str(extra.get(spec.code) or "").strip()
        where = f"extra.{spec.code}"
        if not value:
            if spec.required:
                result.error(
                    "extra_field_empty",
                    f"{spec.label.id} wajib diisi",
                    f"{spec.label.en} is required",
                    where,
                )
            continue
        if spec.kind == "nik":
            checked = validate_nik(value, today=today)
            for issue in checked.errors:
                result.error(
                    issue.code,
                    f"{spec.label.id}: {issue.message_id}",
                    f"{spec.label.en}: {issue.message_en}",
                    where,
                )
        elif spec.kind == "date" and _parse_date(value) is None:
            result.error(
                "extra_field_date_invalid",
                f"{spec.label.id}: tanggal tidak sah (HH-BB-TTTT atau TTTT-BB-HH)",
                f"{spec.label.en}: not a valid date (DD-MM-YYYY or YYYY-MM-DD)",
                where,
            )
        elif spec.kind == "kode_wilayah" and default_wilayah().village(value) is None:
            result.error(
                "extra_field_kode_wilayah_unknown",
                f"{spec.label.id}: kode {value} tidak ada di data wilayah",
                f"{spec.label.en}: code {value} is not in the region data",
                where,
            )
    return result


def _parse_date(text: str) -> date | None:
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d%m%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _check_documents(catalog: CatalogView, new: NewApplication, result: ValidationResult) -> None:
    allowed = catalog.allowed_documents(new.service)
    for attachment in new.attachments:
        label = attachment.document
        if attachment.document not in allowed:
            result.error(
                "document_not_for_service",
                f"Dokumen '{label}' tidak diminta untuk layanan ini",
                f"Document '{label}' is not asked for by this service",
                "attachments",
            )
            continue
        if attachment.sealed_ref is not None:
            continue  # checked when it was first submitted; the store checks it belongs
        if not attachment.data:
            result.error(
                "attachment_empty",
                f"Berkas untuk '{label}' kosong",
                f"The file for '{label}' is empty",
                "attachments",
            )
            continue
        if len(attachment.data) > MAX_ATTACHMENT_BYTES:
            result.error(
                "attachment_too_large",
                f"Berkas untuk '{label}' lebih dari 10 MB; kecilkan atau pindai ulang",
                f"The file for '{label}' is over 10 MB; shrink it or scan again",
                "attachments",
            )
            continue
        sniffed = sniff_content_type(attachment.data)
        if sniffed is None:
            result.error(
                "attachment_unsupported",
                f"Berkas untuk '{label}' bukan gambar JPEG/PNG/WebP atau PDF",
                f"The file for '{label}' is not a JPEG/PNG/WebP image or a PDF",
                "attachments",
            )
            continue
        attachment.content_type = sniffed
    attached = {a.document for a in new.attachments}
    for missing in catalog.missing_documents(new.service, attached):
        names = " atau ".join(catalog.document(code).name.id for code in missing.split("|"))
        names_en = " or ".join(catalog.document(code).name.en for code in missing.split("|"))
        result.error(
            "document_missing",
            f"Dokumen wajib belum dilampirkan: {names}",
            f"A required document is missing: {names_en}",
            "attachments",
        )
