"""An application submitted from a visit is linked to it (the visit's state stays as the team
set it), and a visit purged meanwhile never fails the submit."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kiosk.field.visits import CATEGORY_EXTRA_KEY, VisitCategory, VisitPlan, VisitState
from kiosk.local_store import Store
from tests.helpers.applications import ADDRESS, ktp_el_hilang
from ui.jobs.wizard import submit_application
from ui.viewmodels.visits import VisitLead


def test_the_submitted_application_is_linked_to_its_visit(data_dir: Path) -> None:
    store = Store.open(data_dir)
    visit_id = store.visits.add(
        VisitPlan(VisitCategory.PANTI, date(2026, 12, 10), ADDRESS, name="Panti Wreda Kasih")
    )
    lead = VisitLead.of(store.visits.get(visit_id))
    new = ktp_el_hilang(1)
    new.applicant.extra[CATEGORY_EXTRA_KEY] = lead.category
    submitted = submit_application(store, new, [], lead)
    visit = store.visits.get(visit_id)
    assert (visit.application_id, visit.state) == (submitted.id, VisitState.PLANNED)
    marks = [e for e in store.audit.entries() if e["action"] == "visit_mark"]
    assert [(e["operator"], e["application_id"]) for e in marks] == [("petugas1", submitted.id)]
    store.close()


def test_a_visit_gone_meanwhile_does_not_fail_the_submit(data_dir: Path) -> None:
    store = Store.open(data_dir)
    lead = VisitLead("0b7c2f55-0000-4000-8000-000000000000", "lansia", dict(ADDRESS))
    submitted = submit_application(store, ktp_el_hilang(2), [], lead)
    assert store.records.find_by_id(submitted.id)
    store.close()
