"""The recap query stays an index search at 10,000+ applications and never reads payloads."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from kiosk.local_store import Store
from kiosk.reports import Period, build_recap
from kiosk.reports.queries import service_status_query
from kiosk.store.models import ApplicationRow

SERVICES = ("ktp-el-hilang", "kia", "akta-kelahiran", "kk-baru")
STATUSES = ("submitted", "received", "ready", "rejected", "collected")


def fill(store: Store, count: int) -> None:
    """Rows written straight to the table (submit() would spend minutes on forms and files).

    The payload is a placeholder that cannot be decrypted: a recap that tried would fail.
    """
    start = datetime(2026, 1, 1)
    rows = [
        {
            "uuid": f"00000000-0000-4000-8000-{i:012d}",
            "version": 1,
            "parent_version": None,
            "number": f"260101-TEST-{i:06d}",
            "service_code": SERVICES[i % len(SERVICES)],
            "status": STATUSES[i % len(STATUSES)],
            "nik_masked": "3171********0001",
            "nik_digest": "0" * 64,
            "payload": b"not decryptable",
            "operator": "bench",
            "created_at": start + timedelta(minutes=37 * i),
            "updated_at": start,
        }
        for i in range(count)
    ]
    with store.core.engine.begin() as conn:
        conn.execute(insert(ApplicationRow), rows)


def test_query_plan_searches_indexes_and_scans_nothing(data_dir: Path) -> None:
    store = Store.open(data_dir)
    fill(store, 2_000)
    query = service_status_query(datetime(2026, 2, 1), datetime(2026, 3, 1))
    compiled = query.compile(dialect=store.core.engine.dialect)
    params = tuple(str(compiled.params[name]) for name in compiled.positiontup or ())
    with store.core.engine.connect() as conn:
        plan = [r[3] for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", params)]
    store.close()
    assert any("USING INDEX ix_applications_created_at" in step for step in plan), plan
    assert not any(step.startswith("SCAN") for step in plan), plan


def test_a_month_of_12000_applications_counts_fast_and_right(data_dir: Path) -> None:
    store = Store.open(data_dir)
    fill(store, 12_000)  # one every 37 minutes: 1 Jan to about 31 Oct 2026
    started = time.perf_counter()
    recap = build_recap(store, Period.month(2026, 3), tz=None)
    elapsed = time.perf_counter() - started
    january = build_recap(store, Period.month(2026, 1), tz=None)
    store.close()
    # March has 31 days: 31 * 24 * 60 / 37 = 1206.5 applications, give or take the boundaries
    assert 1205 <= recap.total <= 1208
    assert sum(recap.status_totals.values()) == recap.total
    assert january.total > 1000
    assert elapsed < 1.0, f"recap of 12,000 rows took {elapsed:.3f} s"
