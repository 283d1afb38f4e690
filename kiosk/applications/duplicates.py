"""An open application for the same NIK and service: warned about, continued only with a reason.

The same citizen asking for the same document twice is nearly always a mistake (the first
one was forgotten, or a rejected one should have been corrected with "Perbaiki" instead). What
counts is the latest version of each application this device knows, with the status the
server last reported through the change feed; collected and cancelled ones are closed. The
operator may still go on with a written reason, which the submit audits.
"""

from __future__ import annotations

from kiosk.applications.records import ApplicationRecords, ApplicationSummary
from kiosk.applications.status import STATUS_LABELS, Status
from kiosk.catalog import CatalogView
from kiosk.errors import CatalogError, KioskError

CLOSED = frozenset({Status.COLLECTED, Status.CANCELLED})
MIN_REASON_LENGTH = 10


class DuplicateApplication(KioskError):
    """An open application already exists for this NIK and service."""

    code = "duplicate_application"

    def __init__(self, message_id: str, message_en: str, earlier: list[ApplicationSummary]):
        super().__init__(message_id, message_en)
        self.earlier = earlier


def open_applications(
    records: ApplicationRecords, nik: str, service: str
) -> list[ApplicationSummary]:
    """The open applications (latest version each) for this NIK and service, oldest first."""
    latest: dict[str, ApplicationSummary] = {}
    for summary in records.find_by_nik(nik):
        known = latest.get(summary.id)
        if known is None or summary.version > known.version:
            latest[summary.id] = summary
    return [s for s in latest.values() if s.service == service and Status(s.status) not in CLOSED]


def describe(earlier: list[ApplicationSummary]) -> tuple[str, str]:
    """'NUMBER (status, diajukan 02-12-2026)' for each, in Indonesian and English."""
    parts_id, parts_en = [], []
    for s in earlier:
        label_id, label_en = STATUS_LABELS[Status(s.status)]
        day = f"{s.created_at.astimezone():%d-%m-%Y}"
        parts_id.append(f"{s.number} ({label_id}, diajukan {day})")
        parts_en.append(f"{s.number} ({label_en}, submitted {day})")
    return "; ".join(parts_id), "; ".join(parts_en)


def duplicate_error(
    catalog: CatalogView,
    service: str,
    earlier: list[ApplicationSummary],
    *,
    how_id: str,
    how_en: str,
) -> DuplicateApplication:
    """The refusal naming the earlier applications; `how_*` says how to go on anyway."""
    try:
        name = catalog.service(service).name
        name_id, name_en = name.id, name.en
    except CatalogError:
        name_id = name_en = service
    which_id, which_en = describe(earlier)
    rejected = any(Status(s.status) is Status.REJECTED for s in earlier)
    fix_id = ' Yang ditolak diperbaiki lewat "Perbaiki" pada permohonan itu.' if rejected else ""
    fix_en = ' A rejected one is corrected with "Perbaiki" on that application.' if rejected else ""
    return DuplicateApplication(
        f"Sudah ada permohonan {name_id} yang belum selesai untuk NIK ini: {which_id}.{fix_id}"
        f" {how_id}",
        f"An open {name_en} application already exists for this NIK: {which_en}.{fix_en} {how_en}",
        earlier,
    )


def check_duplicates(
    records: ApplicationRecords,
    catalog: CatalogView,
    nik: str,
    service: str,
    reason: str | None,
    *,
    how_id: str,
    how_en: str,
) -> list[ApplicationSummary]:
    """The open applications it duplicates; raises DuplicateApplication without a reason."""
    earlier = open_applications(records, nik, service)
    if earlier and len((reason or "").strip()) < MIN_REASON_LENGTH:
        raise duplicate_error(catalog, service, earlier, how_id=how_id, how_en=how_en)
    return earlier
