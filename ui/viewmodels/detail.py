"""One application in full, without widgets: fields, documents, history of every version, sync.

`load_detail` runs in a background task. Reading the applicant's fields decrypts the payload,
which the store records as a "view" by the signed-in operator (one entry per opening).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kiosk.applications import Status
from kiosk.applications.records import ApplicationSummary, AttachmentInfo
from kiosk.local_store import Store
from kiosk.receipts import Layout, ReceiptData, load_receipt, record_receipt_printed, render_receipt
from kiosk.settings import Settings
from kiosk.store.outbox import Delivery

ADDRESS_ORDER = ("alamat", "rt", "rw", "kode_wilayah")
FIELD_ORDER = ("nik", "no_kk", "name", "birth_date", "sex", "phone", *ADDRESS_ORDER)
RECEIPT_LAYOUT: Layout = "a4"


@dataclass(frozen=True)
class HistoryEntry:
    version: int
    status: str
    at: datetime
    reason: str | None
    fix_hint: str | None
    source: str
    operator: str | None


@dataclass(frozen=True)
class ApplicationDetail:
    shown: ApplicationSummary
    versions: tuple[ApplicationSummary, ...]
    applicant: dict[str, Any]
    history: tuple[HistoryEntry, ...]
    """Every status of every version up to the shown one, oldest first."""
    attachments: tuple[AttachmentInfo, ...]
    sync: Delivery | None
    """Its way to the server; None for a version never queued."""

    @property
    def is_latest(self) -> bool:
        return self.shown.version == max(v.version for v in self.versions)

    @property
    def rejected(self) -> bool:
        return self.shown.status == Status.REJECTED.value

    @property
    def can_revise(self) -> bool:
        """The store accepts a correction only of the latest version, and only when rejected."""
        return self.rejected and self.is_latest

    @property
    def rejection(self) -> HistoryEntry | None:
        """The rejection of the shown version: its reason and what to fix."""
        for entry in reversed(self.history):
            if entry.version == self.shown.version and entry.status == Status.REJECTED.value:
                return entry
        return None

    def fields(self) -> list[tuple[str, str]]:
        """(key, value) of the applicant, known keys first, extra answers after."""
        data = dict(self.applicant)
        extra = data.pop("extra", None) or {}
        address = data.pop("address", None)
        if isinstance(address, dict):  # stored as one object; shown as its parts
            data.update({part: address[part] for part in ADDRESS_ORDER if part in address})
        keys = [k for k in FIELD_ORDER if k in data] + sorted(
            k for k in data if k not in FIELD_ORDER
        )
        rows = [(k, "" if data[k] is None else str(data[k])) for k in keys]
        rows += [(str(k), str(v)) for k, v in sorted(extra.items())]
        return rows


def load_detail(
    store: Store, app_uuid: str, version: int | None, *, operator: str
) -> ApplicationDetail:
    """Everything the detail screen shows; `version` None means the latest one."""
    versions = tuple(store.records.find_by_id(app_uuid))
    if not versions:
        store.records.history(app_uuid, version or 1)  # raises the store's "not found" error
    shown = next((v for v in versions if v.version == version), versions[-1])
    applicant = store.records.read_applicant_audited(shown.id, shown.version, operator=operator)
    history = [
        HistoryEntry(
            version=v.version,
            status=str(e["status"]),
            at=datetime.fromisoformat(e["at"]),
            reason=e.get("reason"),
            fix_hint=e.get("fix_hint"),
            source=str(e.get("source") or ""),
            operator=e.get("operator"),
        )
        for v in versions
        if v.version <= shown.version
        for e in store.records.history(v.id, v.version)
    ]
    return ApplicationDetail(
        shown=shown,
        versions=versions,
        applicant=applicant,
        history=tuple(history),
        attachments=tuple(store.records.attachments(shown.id, shown.version)),
        sync=store.outbox.delivery(shown.id, shown.version),
    )


def split_message(message: str | None, language: str) -> str:
    """Sync errors are stored as 'Indonesian / English'; show the half for the language."""
    if not message:
        return ""
    parts = message.split(" / ")
    if len(parts) == 2:
        return parts[1] if language == "en" else parts[0]
    return message


def prepare_reprint(
    store: Store, detail: ApplicationDetail, *, operator: str, settings: Settings
) -> tuple[ReceiptData, bytes]:
    """The receipt of the shown version as A4 PDF (reading the name is an audited "view")."""
    data = load_receipt(
        store,
        detail.shown.number,
        operator=operator,
        version=detail.shown.version,
        settings=settings,
    )
    return data, render_receipt(data, RECEIPT_LAYOUT)


def record_reprint(store: Store, data: ReceiptData, *, operator: str, destination: str) -> str:
    """ "reprint" (or "print" if this version's receipt was never printed) in the audit log."""
    return record_receipt_printed(
        store, data, operator=operator, layout=RECEIPT_LAYOUT, destination=destination
    )
