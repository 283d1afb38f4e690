"""Fixtures of the applications, detail and recap screen tests: a signed-in operator and
applications with real (decodable) document pictures."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QTableWidget
from sqlalchemy import insert

from kiosk.accounts import Operator, Role
from kiosk.applications import Status
from kiosk.applications.intake import Applicant, AttachmentInput, NewApplication
from kiosk.applications.records import payload_aad
from kiosk.applications.submission import Submitted
from kiosk.local_store import Store
from kiosk.masking import mask_nik
from kiosk.store.models import ApplicationRow
from tests.helpers.applications import ADDRESS, make_nik
from ui.context import AppContext
from ui.demo import sample_document_jpeg

OPERATOR = Operator("siti", "Siti Rahma", Role.PETUGAS)
REJECT_REASON = "Foto surat kehilangan buram"
REJECT_FIX = "Foto ulang surat kehilangan asli dengan cahaya terang"


@pytest.fixture
def signed_in(context: AppContext) -> AppContext:
    context.operator = OPERATOR
    return context


def submit(
    store: Store,
    nik: str,
    name: str,
    *,
    service: str = "ktp-el-hilang",
    revision_of: Submitted | None = None,
) -> Submitted:
    """A valid application with real pictures; `revision_of` makes it a correction."""
    documents = store.catalog.service(service).required_documents
    return store.submission.submit(
        NewApplication(
            service=service,
            applicant=Applicant(
                nik,
                "3171010101100002",
                name,
                date(1990, 8, 17),
                "P",
                "081234567890",
                address=dict(ADDRESS),
            ),
            attachments=[AttachmentInput(d, sample_document_jpeg(d.upper())) for d in documents],
            operator="petugas1",
            revision_of=(revision_of.id, revision_of.version) if revision_of else None,
        )
    )


def reject(store: Store, submitted: Submitted, version: int = 1) -> None:
    store.records.transition(submitted.id, version, Status.RECEIVED, source="server")
    store.records.transition(
        submitted.id,
        version,
        Status.REJECTED,
        source="server",
        reason=REJECT_REASON,
        fix_hint=REJECT_FIX,
    )


def bulk_seed(store: Store, count: int) -> None:
    """`count` applications in one Core insert (real encryption and digests, no attachments):
    submit() would fsync each one, which a 10,000-row test cannot wait for."""
    now = datetime.now(UTC)
    rows = []
    for i in range(count):
        app_uuid, nik = str(uuid.uuid4()), make_nik(i, female=i % 2 == 1)
        payload = json.dumps({"nik": nik, "name": f"WARGA {letters(i)}"}).encode()
        rows.append(
            {
                "uuid": app_uuid,
                "version": 1,
                "number": f"261122-{store.device_code}-{i + 1:05d}",
                "service_code": "ktp-el-hilang",
                "status": Status.SUBMITTED.value,
                "nik_masked": mask_nik(nik),
                "nik_digest": store.core.keys.digest(nik),
                "payload": store.core.keys.encrypt(payload, payload_aad(app_uuid, 1)),
                "operator": "bench",
                "created_at": now,
                "updated_at": now,
            }
        )
    with store.core.write_session() as session:
        session.execute(insert(ApplicationRow), rows)


def letters(serial: int) -> str:
    """Names hold no digits: 0 -> 'A', 27 -> 'BB', 731 -> 'BCD'."""
    text = ""
    while True:
        serial, rest = divmod(serial, 26)
        text = chr(65 + rest) + text
        if not serial:
            return text


def cell_text(table: QTableWidget, row: int, column: int) -> str:
    """The text of one table cell ('' when the cell is empty)."""
    item = table.item(row, column)
    return item.text() if item is not None else ""


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)
