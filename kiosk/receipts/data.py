"""What a receipt says, as plain data: the renderer needs no store, no key and no catalog.

`receipt_data` turns what the store knows (a summary row, the decrypted applicant and the
attachment list) into a ReceiptData using the catalog and the office settings; the store-facing
side (lookup by number, audit) lives in kiosk/receipts/issue.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from kiosk.catalog import CatalogView, Service, Text

DEFAULT_OFFICE = "Kelurahan"
UNKNOWN_PROMISE = Text(id="tanyakan kepada petugas", en="ask the staff")
DEFAULT_PICKUP = Text(
    id="Kantor tempat Anda mengajukan permohonan ini",
    en="The office where you made this application",
)


@dataclass(frozen=True)
class ReceiptData:
    application_id: str
    """Not printed: lets the caller record the print in the audit log."""
    number: str
    version: int
    submitted_at: datetime
    """Aware and already in the time zone to print (the kiosk's local time)."""
    office_name: str
    service_name: Text
    nik_masked: str
    applicant_name: str
    documents: tuple[Text, ...]
    promise: Text
    """The promised service time, e.g. '3 hari kerja' / '3 working days'."""
    in_person: bool
    pickup_place: Text

    @property
    def revision(self) -> int:
        """0 for the first submission, N for the N-th correction (version N + 1)."""
        return max(self.version - 1, 0)


def find_service(catalog: CatalogView, code: str) -> Service | None:
    """Disabled services still name old applications, so search the whole catalog."""
    return next((s for s in catalog.catalog.services if s.code == code), None)


def document_names(catalog: CatalogView, codes: Iterable[str]) -> tuple[Text, ...]:
    """Catalog names of the documents the citizen handed in, each once, in capture order.

    Generated forms (f-1.02, ...) are filled by the kiosk, not brought by the citizen, so they
    are not "documents received"; an unknown code is shown as it is rather than dropped.
    """
    known = {d.code: d.name for d in catalog.catalog.documents}
    forms = {f.code.lower() for f in catalog.catalog.forms}
    names: list[Text] = []
    seen: set[str] = set()
    for code in codes:
        if code in seen or code in forms:
            continue
        seen.add(code)
        names.append(known.get(code) or Text(id=code, en=code))
    return tuple(names)


def receipt_data(
    catalog: CatalogView,
    *,
    application_id: str,
    number: str,
    version: int,
    service_code: str,
    nik_masked: str,
    applicant_name: str,
    document_codes: Iterable[str],
    submitted_at: datetime,
    office_name: str = "",
) -> ReceiptData:
    service = find_service(catalog, service_code)
    if service is None:
        name, promise, in_person = Text(id=service_code, en=service_code), UNKNOWN_PROMISE, True
    else:
        name, in_person = service.name, service.in_person
        promise = Text(id=service.promise.describe("id"), en=service.promise.describe("en"))
    office = office_name.strip()
    pickup = Text(id=office, en=office) if office else DEFAULT_PICKUP
    return ReceiptData(
        application_id=application_id,
        number=number,
        version=version,
        submitted_at=submitted_at,
        office_name=office or DEFAULT_OFFICE,
        service_name=name,
        nik_masked=nik_masked,
        applicant_name=applicant_name,
        documents=document_names(catalog, document_codes),
        promise=promise,
        in_person=in_person,
        pickup_place=pickup,
    )
