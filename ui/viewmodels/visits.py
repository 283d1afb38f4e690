"""The jemput bola visit list as plain Python: rows to show, the jobs behind each button, and
what an application started from a visit carries over.

The list is decrypted on a worker for the operator signed in and held only while the screen
shows it (the screen drops it when hidden). Every change goes through kiosk.field, which
audits it under the operator's name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.field.visits import CATEGORY_LABELS, Visit, VisitPlan, VisitState
from kiosk.store.clock import utcnow

if TYPE_CHECKING:
    from kiosk.local_store import Store
    from sync.bundle import AckReport, ExportReport

STATE_LABELS = {
    VisitState.PLANNED: ("Direncanakan", "Planned"),
    VisitState.DONE: ("Selesai", "Done"),
    VisitState.NOT_HOME: ("Tidak di rumah", "Not home"),
    VisitState.POSTPONED: ("Ditunda", "Postponed"),
}


@dataclass(frozen=True)
class VisitLead:
    """The visit an application starts from: the person's name, the address and the category
    carry over into the wizard (the name is still editable there: a visit's name may be a
    nickname, "Mbah Sarinah"), and the submitted application is linked back to the visit."""

    visit_id: str
    category: str
    address: dict[str, str]
    name: str = ""
    """The visited person's name ("" for a household); drafts saved before it have none."""

    @classmethod
    def of(cls, visit: Visit) -> VisitLead:
        plan = visit.plan
        return cls(visit.id, plan.category.value, dict(plan.address), plan.name)

    def applicant_values(self) -> dict[str, str]:
        """What the wizard's applicant form starts with."""
        return {**self.address, "name": self.name} if self.name else dict(self.address)


@dataclass(frozen=True)
class VisitList:
    """The visits as read on a worker, with what the table shows beside them: the name of
    each kelurahan (from the wilayah data) and the number of the application a visit led to."""

    visits: list[Visit]
    kelurahan: dict[str, str] = field(default_factory=dict)
    """Kelurahan/desa code -> name."""
    numbers: dict[str, str] = field(default_factory=dict)
    """Application id -> application number."""


@dataclass(frozen=True)
class VisitRow:
    """One line of the table, in the operator's language."""

    id: str
    day: str
    category: str
    who: str
    address: str
    state: str
    done: bool
    notes: str
    application: str
    """The number of the application started from the visit ("" for none)."""


def visit_row(visit: Visit, lang: str, listing: VisitList | None = None) -> VisitRow:
    plan = visit.plan
    pick = 1 if lang == "en" else 0
    address = plan.address
    code = address["kode_wilayah"]
    kelurahan = listing.kelurahan.get(code, "") if listing else ""
    place = f"{kelurahan} ({code})" if kelurahan else f"({code})"
    where = f"{address['alamat']}, RT {address['rt']}/RW {address['rw']}"
    where += f", {place}" if kelurahan else f" {place}"
    number = ""
    if listing is not None and visit.application_id:
        number = listing.numbers.get(visit.application_id, "")
    return VisitRow(
        id=visit.id,
        day=f"{plan.planned_on:%d-%m-%Y}",
        category=CATEGORY_LABELS[plan.category][pick],
        who=" / ".join(part for part in (plan.name, plan.household) if part),
        address=where,
        state=STATE_LABELS[visit.state][pick],
        done=visit.state is VisitState.DONE,
        notes=plan.notes,
        application=number,
    )


# --- jobs (run on a worker by the screen) ---------------------------------------------------
def load_visits(store: Store) -> VisitList:
    from kiosk.wilayah import default_wilayah

    visits = store.visits.list()
    wilayah = default_wilayah()
    kelurahan: dict[str, str] = {}
    for code in {visit.plan.address["kode_wilayah"] for visit in visits}:
        region = wilayah.village(code)
        if region is not None:
            kelurahan[code] = region.name
    numbers: dict[str, str] = {}
    for app_id in {visit.application_id for visit in visits if visit.application_id}:
        versions = store.records.find_by_id(app_id)
        if versions:
            numbers[app_id] = versions[-1].number
    return VisitList(visits, kelurahan, numbers)


def import_visits(store: Store, path: Path, operator: str) -> int:
    """All rows or none (VisitFileInvalid names every bad row); returns how many."""
    from kiosk.field.visit_csv import import_visit_file

    return len(import_visit_file(store.visits, path, operator=operator))


def add_visit(store: Store, plan: VisitPlan, operator: str, today: date) -> str:
    """Checks the plan as the CSV import checks a row and stores it sealed; VisitInvalid
    (nothing stored) names the field that is wrong. Returns the new visit's id."""
    return store.visits.add(plan, operator=operator, today=today)


def last_kecamatan(visits: list[Visit]) -> str:
    """The kecamatan of the visit planned last (a team works one area at a time), or ""."""
    if not visits:
        return ""
    latest = max(visits, key=lambda visit: visit.plan.planned_on)
    return latest.plan.address["kode_wilayah"][:8]


def mark_visit(store: Store, visit_id: str, state: VisitState, operator: str) -> Visit:
    return store.visits.mark(visit_id, state, operator=operator)


def postpone_visit(store: Store, visit_id: str, day: date, operator: str, today: date) -> Visit:
    """Marks the visit postponed to `day`; VisitInvalid (nothing changes) when `day` is
    before `today`."""
    return store.visits.mark(
        visit_id, VisitState.POSTPONED, planned_on=day, operator=operator, today=today
    )


def link_application(store: Store, lead: VisitLead, application_id: str, operator: str) -> None:
    store.visits.link_application(lead.visit_id, application_id, operator=operator)


# --- USB bundles (the buttons under the list; sync/bundle.py does the work) ----------------
def bundle_file_name(device: str, now: datetime) -> str:
    return f"bundel-{device}-{now:%Y%m%d-%H%M%S}.bundle"


def waiting_for_bundle(store: Store) -> int:
    """How many applications the server has not acknowledged (what a bundle would carry),
    asked before anything is written: with none, no file goes on the stick."""
    from kiosk.store.outbox_state import OutboxState

    counts = store.outbox.counts()
    return sum(n for state, n in counts.items() if state != OutboxState.ACKNOWLEDGED.value)


def export_to_folder(store: Store, folder: Path, operator: str) -> ExportReport:
    """Writes the sealed queue into a new file in `folder` (the USB stick's folder).

    Raises BundleError with what to do: the folder is gone (no stick), or the stick is full
    or read-only (from sync.bundle; nothing in the queue changes either way).
    """
    from sync.bundle import BundleError, export_bundle

    if not folder.is_dir():
        raise BundleError(
            f"Flashdisk tidak ditemukan di {folder}; colokkan flashdisk lalu pilih lagi "
            "foldernya. Tidak ada data yang hilang.",
            f"No USB stick at {folder}; plug the stick in and choose its folder again. "
            "No data was lost.",
            code="bundle_no_stick",
        )
    out = folder / bundle_file_name(store.device_code, utcnow())
    return export_bundle(store, out, operator=operator)


def take_receipt(store: Store, path: Path) -> AckReport:
    """Takes the server's receipt (FILE.receipt.json); BundleError when it is not one."""
    from sync.bundle import acknowledge_receipt

    return acknowledge_receipt(store, path)
