"""Seeding stores with applications of any service, on chosen days, in chosen statuses.

Goes through Store.submit and Store.transition, like the counter and the sync engine do.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from kiosk.applications import Status
from kiosk.applications.intake import Applicant, AttachmentInput, NewApplication
from kiosk.applications.submission import Submitted
from kiosk.catalog import CatalogView
from kiosk.local_store import Store
from tests.helpers.applications import ADDRESS, fake_jpeg, make_nik

# The path the server's change feed takes to each status (from submitted).
PATHS: dict[Status, tuple[Status, ...]] = {
    Status.SUBMITTED: (),
    Status.SENT: (Status.SENT,),
    Status.RECEIVED: (Status.RECEIVED,),
    Status.VERIFIED: (Status.RECEIVED, Status.VERIFIED),
    Status.PROCESSING: (Status.RECEIVED, Status.PROCESSING),
    Status.READY: (Status.RECEIVED, Status.READY),
    Status.COLLECTED: (Status.RECEIVED, Status.READY, Status.COLLECTED),
    Status.REJECTED: (Status.RECEIVED, Status.REJECTED),
    Status.CANCELLED: (Status.RECEIVED, Status.CANCELLED),
}


def _letters(serial: int) -> str:
    """Names cannot hold digits: 1 -> 'B', 27 -> 'BB'."""
    text = ""
    while True:
        serial, rest = divmod(serial, 26)
        text = chr(65 + rest) + text
        if not serial:
            return text


def application(
    catalog: CatalogView, service: str, serial: int, *, name: str = "", operator: str = "petugas1"
) -> NewApplication:
    """A valid application of `service` carrying every document it asks for."""
    spec = catalog.service(service)
    documents = list(spec.required_documents) + [group[0] for group in spec.required_one_of]
    documents += ["selfie-ktp"] * spec.needs_selfie + ["tanda-tangan"] * spec.needs_signature
    return NewApplication(
        service=service,
        applicant=Applicant(
            nik=make_nik(serial),
            no_kk="3171010101100002",
            name=name or f"WARGA {_letters(serial)}",
            birth_date=date(1990, 8, 17),
            sex="L",
            phone="081234567890",
            address=dict(ADDRESS),
        ),
        attachments=[
            AttachmentInput(d, fake_jpeg(600, seed=serial * 50 + i))
            for i, d in enumerate(documents)
        ],
        operator=operator,
    )


def utc(year: int, month: int, day: int, hour: int = 3, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def seed(
    store: Store, service: str, serial: int, at: datetime, status: Status = Status.SUBMITTED
) -> Submitted:
    """Submits at `at` (UTC) and walks the application to `status`."""
    submitted = store.submission.submit(
        application(store.catalog, service, serial), now=at, today=at.date()
    )
    for step in PATHS[status]:
        reason = "Dokumen buram" if step is Status.REJECTED else None
        store.records.transition(submitted.id, 1, step, source="server", reason=reason, at=at)
    return submitted
