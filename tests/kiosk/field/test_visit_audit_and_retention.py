"""Visits are citizen data: every import and mark is audited (never with the name or address),
and a done visit leaves the laptop once the retention period has passed (fake clock)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.field import visits as visits_module
from kiosk.field.visit_csv import VisitFileInvalid, import_visit_file
from kiosk.field.visit_retention import purge_done_visits
from kiosk.field.visits import VisitState
from kiosk.local_store import Store
from tests.kiosk.field.test_visits import HEADER, plan

START = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock(START)
    monkeypatch.setattr(visits_module, "utcnow", fake)
    return fake


def visit_entries(store: Store) -> list[dict[str, object]]:
    return [e for e in reversed(store.audit.entries()) if str(e["action"]).startswith("visit_")]


def test_import_and_mark_are_audited_without_the_citizen(data_dir: Path, tmp_path: Path) -> None:
    store = Store.open(data_dir)
    csv_file = tmp_path / "kunjungan.csv"
    csv_file.write_text(
        HEADER
        + "Siti Aminah,,Jl. Kenanga 5,3,7,35.78.01.1001,lansia,2026-12-10,kursi roda\n"
        + "Budi Santoso,,Jl. Melati 2,1,2,35.78.01.1001,odgj,2026-12-11,\n",
        encoding="utf-8",
    )
    first, _ = import_visit_file(store.visits, csv_file, operator="petugas1")
    store.visits.mark(first, VisitState.POSTPONED, planned_on=date(2026, 12, 20), operator="tim2")
    store.visits.mark(first, VisitState.DONE, application_id="app-9", operator="tim2")

    entries = visit_entries(store)
    assert [(e["action"], e["operator"]) for e in entries] == [
        ("visit_import", "petugas1"),
        ("visit_mark", "tim2"),
        ("visit_mark", "tim2"),
    ]
    assert entries[0]["detail"] == "2 visits"
    assert entries[1]["detail"] == f"visit {first}: postponed to 2026-12-20"
    assert (entries[2]["detail"], entries[2]["application_id"]) == (
        f"visit {first}: done",
        "app-9",
    )
    text = repr(store.audit.entries())
    for secret in ("Siti", "Aminah", "Kenanga", "kursi roda", "Budi"):
        assert secret not in text
    assert store.audit.verify().ok
    store.close()


def test_a_refused_file_leaves_no_audit_entry(data_dir: Path, tmp_path: Path) -> None:
    store = Store.open(data_dir)
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "Siti,,Jl. A 1,3,7,35.78.01.1001,lansia,kemarin,\n", encoding="utf-8")
    with pytest.raises(VisitFileInvalid):
        import_visit_file(store.visits, bad, operator="petugas1")
    assert visit_entries(store) == []
    assert store.visits.list() == []
    store.close()


def test_done_visits_are_purged_after_the_retention_only(data_dir: Path, clock: FakeClock) -> None:
    store = Store.open(data_dir)
    done_early = store.visits.add(plan(name="Satu"))
    done_late = store.visits.add(plan(name="Dua"))
    not_home = store.visits.add(plan(name="Tiga"))
    postponed = store.visits.add(plan(name="Empat"))
    planned = store.visits.add(plan(name="Lima"))
    store.visits.mark(done_early, VisitState.DONE)
    store.visits.mark(not_home, VisitState.NOT_HOME)
    store.visits.mark(postponed, VisitState.POSTPONED)
    clock.now = START + timedelta(days=10)
    store.visits.mark(done_late, VisitState.DONE)

    # 29 days after the first was done: nothing is old enough yet.
    assert purge_done_visits(store.core, store.audit, 30, now=START + timedelta(days=29)) == 0
    # 30 days: the first done visit goes; the later one and the unfinished ones stay.
    assert purge_done_visits(store.core, store.audit, 30, now=START + timedelta(days=30)) == 1
    left = {v.id for v in store.visits.list()}
    assert left == {done_late, not_home, postponed, planned}
    # Much later: every done visit is gone, never one that is not done.
    assert purge_done_visits(store.core, store.audit, 30, now=START + timedelta(days=400)) == 1
    assert {v.id for v in store.visits.list()} == {not_home, postponed, planned}
    purges = [e for e in visit_entries(store) if e["action"] == "visit_purge"]
    assert [e["detail"] for e in purges] == [
        "1 done visits deleted after 30 days",
        "1 done visits deleted after 30 days",
    ]
    assert store.audit.verify().ok
    store.close()


def test_the_daily_purge_of_the_sync_scheduler_takes_done_visits_too(data_dir: Path) -> None:
    from sync.scheduler import SyncScheduler
    from tests.sync.test_scheduler import ScriptedEngine, run_until

    store = Store.open(data_dir)
    done = store.visits.add(plan(name="Satu"))
    planned = store.visits.add(plan(name="Dua"))
    store.visits.mark(done, VisitState.DONE)
    engine = ScriptedEngine([False])
    scheduler = SyncScheduler(
        store,
        engine,  # type: ignore[arg-type]
        interval_seconds=3600,
        retention_days=0,
    )
    run_until(scheduler, engine, 1)
    assert [v.id for v in store.visits.list()] == [planned]
    store.close()
