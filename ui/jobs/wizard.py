"""The wizard's background jobs: drafts, corrections, submit, receipt. Plain functions.

Each runs on a TaskRunner worker (never on the Qt main thread): they touch the database, the
encrypted vault or ReportLab. They take the store explicitly so tests call them directly.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from devices.image_files import render_pdf
from kiosk.applications.duplicates import check_duplicates, open_applications
from kiosk.applications.intake import NewApplication
from kiosk.applications.records import ApplicationSummary
from kiosk.applications.submission import Submitted
from kiosk.errors import AttachmentUnreadable, KioskError
from kiosk.field.visits import VisitNotFound
from kiosk.local_store import Store
from kiosk.masking import mask_name_after_first_word, mask_nik
from kiosk.receipts import Layout, ReceiptData, load_receipt, record_receipt_printed, render_receipt
from kiosk.settings import Settings
from kiosk.store.drafts import DraftSummary
from kiosk.store.files import write_atomic
from ui.viewmodels.capture import CapturedFile, kept_file
from ui.viewmodels.visits import VisitLead
from ui.viewmodels.wizard import Rejection

log = logging.getLogger("kiosk.ui")
# Plenty for the receipt's text and QR; Qt's print engines pay per pixel on the GUI thread.
PRINT_DPI = 150


# --- drafts -----------------------------------------------------------------------------
def store_capture(store: Store, captured: CapturedFile) -> CapturedFile:
    """Puts a captured image in the vault now, so the draft only has to name its hash."""
    return replace(captured, sha256=store.drafts.put_file(captured.data))


def save_draft(
    store: Store,
    draft_id: str,
    operator: str,
    service: str | None,
    data: dict[str, Any],
    hashes: list[str],
) -> str:
    return store.drafts.save(
        draft_id, operator=operator, service=service, data=data, attachment_hashes=hashes
    )


def list_drafts(store: Store, operator: str) -> list[DraftSummary]:
    """The operator's drafts, each with its applicant (masked) so two drafts are told apart."""
    offered = []
    for draft in store.drafts.list(operator):
        try:
            values = store.drafts.load(draft.id).get("applicant", {}).get("values", {})
        except (KioskError, ValueError, AttributeError):
            values = {}  # an unreadable draft is still offered, by service and time
        name = mask_name_after_first_word(" ".join(str(values.get("name") or "").split()))
        nik = "".join(ch for ch in str(values.get("nik") or "") if ch.isdigit())
        offered.append(
            replace(
                draft,
                applicant_name=name.upper(),
                nik_masked=mask_nik(nik) if len(nik) == 16 else "",
            )
        )
    return offered


def load_draft(store: Store, draft_id: str) -> tuple[dict[str, Any], dict[str, CapturedFile]]:
    """The draft's data and its images re-read from the vault (unreadable ones left out)."""
    data = store.drafts.load(draft_id)
    files: dict[str, CapturedFile] = {}
    for entry in data.get("files", []):
        sha = str(entry.get("sha256", ""))
        try:
            blob = store.records.read_attachment(sha)
        except AttachmentUnreadable:
            log.info("a draft image is unreadable and must be captured again")
            continue
        files[sha] = kept_file(str(entry.get("document")), blob, str(entry.get("content_type")))
    return data, files


def delete_draft(store: Store, draft_id: str) -> None:
    store.drafts.delete(draft_id)


# --- corrections ------------------------------------------------------------------------
@dataclass(frozen=True)
class RevisionSource:
    revision_of: tuple[str, int]
    service: str
    applicant: dict[str, Any]
    kept: list[CapturedFile]
    rejection: Rejection | None


def load_revision(store: Store, app_uuid: str, version: int, operator: str) -> RevisionSource:
    """What a correction starts from; reading the applicant is an audited view."""
    versions = {s.version: s for s in store.records.find_by_id(app_uuid)}
    if version not in versions:
        raise KioskError(
            "Permohonan tidak ditemukan",
            f"Application {app_uuid} v{version} not found",
            code="application_not_found",
        )
    applicant = store.records.read_applicant_audited(app_uuid, version, operator=operator)
    forms = {f.code.lower() for f in store.catalog.catalog.forms}
    kept = [
        kept_file(a.document, b"", a.content_type, a.override_reason, sealed_ref=a.sha256)
        if a.sealed
        else kept_file(a.document, store.records.read_attachment(a.sha256), a.content_type)
        for a in store.records.attachments(app_uuid, version)
        if a.document not in forms
    ]
    rejected = [e for e in store.records.history(app_uuid, version) if e["status"] == "rejected"]
    rejection = None
    if rejected:
        rejection = Rejection(rejected[-1]["reason"] or "", rejected[-1]["fix_hint"] or "")
    return RevisionSource(
        (app_uuid, version), versions[version].service, applicant, kept, rejection
    )


# --- submit and receipt -----------------------------------------------------------------
def submit_application(
    store: Store,
    new: NewApplication,
    overrides: list[CapturedFile],
    visit: VisitLead | None = None,
) -> Submitted:
    """Queues the application durably; each quality override is audited in the same
    transaction, naming the supervisor who approved it where one had to. An application
    started from a jemput bola visit is then linked to that visit."""
    new.overrides = [captured.quality_override() for captured in overrides]
    if new.revision_of is None:
        earlier = check_duplicates(
            store.records,
            store.catalog,
            new.applicant.nik,
            new.service,
            new.duplicate_reason,
            how_id="Untuk tetap mengirim, tulis alasannya di halaman Periksa.",
            how_en="To submit anyway, write the reason on the review page.",
        )
        new.duplicate_of = [s.number for s in earlier]
    submitted = store.submission.submit(new)
    if visit is not None:  # the visit may have been purged meanwhile: the submit stands
        with contextlib.suppress(VisitNotFound):
            store.visits.link_application(visit.visit_id, submitted.id, operator=new.operator)
    return submitted


def find_duplicates(store: Store, nik: str, service: str) -> list[ApplicationSummary]:
    """Open applications for this NIK and service (shown on the review page)."""
    return open_applications(store.records, nik, service)


@dataclass(frozen=True)
class ReceiptDocument:
    data: ReceiptData
    layout: Layout
    pdf: bytes


def prepare_receipt(
    store: Store, settings: Settings, number: str, version: int, operator: str, layout: Layout
) -> ReceiptDocument:
    """The same PDF `kiosk receipt NUMBER` writes (same code, same settings)."""
    data = load_receipt(store, number, operator=operator, version=version, settings=settings)
    return ReceiptDocument(data, layout, render_receipt(data, layout))


def render_layout(document: ReceiptDocument, layout: Layout) -> ReceiptDocument:
    return ReceiptDocument(document.data, layout, render_receipt(document.data, layout))


def receipt_pages(pdf: bytes, dpi: int = PRINT_DPI) -> list[np.ndarray]:
    """The receipt's pages as images, for Qt's printer (drawn, not re-typeset)."""
    return render_pdf(pdf, dpi)


def record_print(store: Store, document: ReceiptDocument, operator: str, destination: str) -> str:
    """Appends print (first time) or reprint to the audit log; returns which."""
    return record_receipt_printed(
        store, document.data, operator=operator, layout=document.layout, destination=destination
    )


def save_receipt(store: Store, document: ReceiptDocument, path: Path, operator: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)  # the export folder, made on first use
    write_atomic(path, document.pdf, mode=0o600)
    return record_print(store, document, operator, str(path))
