"""The offline budget enforced with a fake clock, and lifted by a sync or a bundle receipt.

Time is the `now` the sync engine, the submission and the budget take (the project's way to
fake the clock); the server is a real `kiosk-server` process.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from kiosk.local_store import Store
from kiosk.offline_budget import BudgetLevel, OfflineBudgetExhausted
from kiosk.store.clock import utcnow
from sync.bundle import acknowledge_receipt, export_bundle
from sync.engine import SyncEngine
from tests.helpers.applications import ktp_el_hilang
from tests.helpers.faultproxy import FaultProxy
from tests.helpers.processes import ServerProcess


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    folder = tmp_path_factory.mktemp("server")
    process = ServerProcess(folder, f"sqlite:///{folder / 'server.sqlite3'}")
    process.cli("keys", "create")  # bundles carry sealed applications only
    process.start()
    yield process
    process.stop()


def days_later(days: int) -> datetime:
    return utcnow() + timedelta(days=days, hours=1)


def queue_month(store: Store, count: int) -> None:
    """One application every few days over a simulated month."""
    for i in range(count):
        store.submission.submit(ktp_el_hilang(i + 1), now=days_later(i * 29 // count))


def test_never_enrolled_has_no_budget(store: Store) -> None:
    status = store.offline_budget.status(days_later(400))
    assert status.level is BudgetLevel.NONE
    store.submission.submit(ktp_el_hilang(1), now=days_later(400))


def test_warn_then_block_then_a_sync_lifts_it(
    enrolled: Store, proxy: FaultProxy, tmp_path: Path
) -> None:
    budget = enrolled.offline_budget
    assert budget.status(days_later(0)).level is BudgetLevel.OK
    assert budget.status(days_later(0)).days_left == 30
    warned = budget.status(days_later(8))
    assert (warned.level, warned.days_offline, warned.days_left) == (BudgetLevel.WARN, 8, 22)
    assert "8 hari sejak sinkron" in warned.message()[0]
    proxy.set_down(True)
    queue_month(enrolled, 4)
    with pytest.raises(OfflineBudgetExhausted) as refused:
        enrolled.submission.submit(ktp_el_hilang(9), now=days_later(31))
    assert "Permohonan baru ditolak" in refused.value.message_id
    blocked = budget.status(days_later(31))
    assert (blocked.level, blocked.queued, blocked.days_left) == (BudgetLevel.BLOCKED, 4, 0)
    # Queued ones are kept and still leave: an offline pass changes nothing, then a bundle.
    report = SyncEngine(enrolled, now=lambda: days_later(31)).run_once(force=True)
    assert report.offline
    assert budget.status(days_later(31)).level is BudgetLevel.BLOCKED
    assert export_bundle(enrolled, tmp_path / "b.bundle").applications == 4
    proxy.set_down(False)
    synced = SyncEngine(enrolled, now=lambda: days_later(31)).run_once(force=True)
    assert synced.acknowledged == 4
    after = budget.status(days_later(31))
    assert (after.level, after.queued, after.days_offline) == (BudgetLevel.OK, 0, 0)
    enrolled.submission.submit(ktp_el_hilang(9), now=days_later(31))


def test_a_bundle_receipt_lifts_the_block(
    server: ServerProcess, store: Store, tmp_path: Path
) -> None:
    from sync.enrollment import enroll
    from tests.sync.conftest import OFFICE

    enroll(store, server.url, server.enrollment_code(OFFICE), "jemput bola 1")
    queue_month(store, 3)
    with pytest.raises(OfflineBudgetExhausted):
        store.submission.submit(ktp_el_hilang(7), now=days_later(35))
    bundle = tmp_path / "stick" / "b.bundle"
    assert export_bundle(store, bundle).applications == 3
    server.cli("bundle", "import", str(bundle))
    report = acknowledge_receipt(
        store, bundle.with_name(bundle.name + ".receipt.json"), now=days_later(35)
    )
    assert report.acknowledged == 3
    assert store.offline_budget.status(days_later(35)).level is BudgetLevel.OK
    store.submission.submit(ktp_el_hilang(7), now=days_later(35))
    assert store.outbox.counts()["pending"] == 1


def test_limits_come_from_the_district_configuration() -> None:
    from kiosk.district_config import Limits

    assert (Limits().offline_warn_days, Limits().offline_block_days) == (7, 30)
    first_name = Limits.model_validate({"offline_budget_days": 14})
    assert (first_name.offline_warn_days, first_name.offline_block_days) == (7, 14)
    short = Limits.model_validate({"offline_budget_days": 3})
    assert (short.offline_warn_days, short.offline_block_days) == (2, 3)
    with pytest.raises(ValueError, match="must not exceed"):
        Limits.model_validate({"offline_warn_days": 20, "offline_block_days": 10})
