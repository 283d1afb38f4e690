"""Receipts from the store: find the application by its number, read it, record the print.

Reading the applicant's name decrypts the payload, which the store records as a "view" by the
operator. The print itself is recorded once the PDF has gone to the printer or file
(`record_receipt_printed`): "print" the first time a version's receipt is produced, "reprint"
every later time, so a stack of reprints of one number is visible in the audit log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from kiosk.errors import KioskError
from kiosk.receipts.data import ReceiptData, receipt_data
from kiosk.receipts.dates import office_time
from kiosk.settings import Settings, load_settings
from kiosk.store import machine_state as ms
from kiosk.store.models import AuditRow

if TYPE_CHECKING:
    from kiosk.applications.records import ApplicationSummary
from kiosk.local_store import Store

PRINT_ACTIONS = ("print", "reprint")


class ReceiptNotFound(KioskError):
    """No application (or no such version of it) carries this number on this device."""

    code = "receipt_not_found"


def find_version(store: Store, number: str, version: int | None = None) -> ApplicationSummary:
    """The requested version of the application with `number`, or its latest version."""
    versions = sorted(store.records.find_by_number(number), key=lambda s: s.version)
    shown = number.strip().upper()
    if not versions:
        raise ReceiptNotFound(
            f"Nomor permohonan {shown} tidak ditemukan di perangkat ini. Periksa lagi nomornya.",
            f"Application number {shown} is not on this device. Check the number again.",
        )
    if version is None:
        return versions[-1]
    for summary in versions:
        if summary.version == version:
            return summary
    known = ", ".join(str(s.version) for s in versions)
    raise ReceiptNotFound(
        f"Permohonan {shown} tidak punya versi {version} (yang ada: {known}).",
        f"Application {shown} has no version {version} (there is: {known}).",
    )


def load_receipt(
    store: Store,
    number: str,
    *,
    operator: str,
    version: int | None = None,
    settings: Settings | None = None,
) -> ReceiptData:
    """Everything the receipt shows; decrypting the name is an audited read by `operator`."""
    summary = find_version(store, number, version)
    settings = settings or load_settings(store.data_dir)
    applicant = store.records.read_applicant_audited(summary.id, summary.version, operator=operator)
    documents = [a.document for a in store.records.attachments(summary.id, summary.version)]
    return receipt_data(
        store.catalog,
        application_id=summary.id,
        number=summary.number,
        version=summary.version,
        service_code=summary.service,
        nik_masked=summary.nik_masked,
        applicant_name=str(applicant.get("name", "")),
        document_codes=documents,
        submitted_at=office_time(summary.created_at, store.state.get(ms.OFFICE_CODE)),
        office_name=settings.office_name,
    )


def _detail(data: ReceiptData, layout: str) -> str:
    return f"v{data.version} {layout}"


def record_receipt_printed(
    store: Store, data: ReceiptData, *, operator: str, layout: str, destination: str = ""
) -> str:
    """Appends "print" or "reprint" for this version and returns which one it was.

    The check for an earlier print and the append share one write transaction, so two
    counters printing the same receipt at once cannot both record a first print.
    """
    prefix = f"v{data.version} "
    with store.core.write_session() as session:
        earlier = session.scalars(
            select(AuditRow.detail).where(
                AuditRow.application_id == data.application_id,
                AuditRow.action.in_(PRINT_ACTIONS),
            )
        ).all()
        action = "reprint" if any(d.startswith(prefix) for d in earlier) else "print"
        detail = _detail(data, layout) + (f" -> {destination}" if destination else "")
        store.audit.record_in(
            session,
            action,
            operator=operator,
            application_id=data.application_id,
            number=data.number,
            detail=detail,
        )
    return action
