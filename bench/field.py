"""Field profile figures (jemput bola, issue 16 point 2): list, search and submit on a laptop
holding 2,000 and 10,000 applications it has not been able to send for 25 days, beside the
same figures of a counter kiosk whose queue the server has acknowledged, in one run.

Run: .venv/bin/python bench/field.py [--counts 2000 10000] [--repeat 15] [--submits 8]

What differs on the field laptop: every application is still pending in the outbox, the
offline budget (checked before each submit and read by the status bar every 5 s) counts that
queue, the last contact is 25 days old (past the warn limit, inside the block limit), and the
laptop holds a visit list (one visit per ten applications, decrypted to be shown). The counter
kiosk has the same applications, all acknowledged, and synced a minute ago. Each line prints
the field figure, the counter figure and their ratio.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import update

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.store import ADDRESS, JPEG, seed  # noqa: E402
from bench.store import timed as timed_cold  # noqa: E402
from kiosk.applications.intake import Applicant, AttachmentInput, NewApplication  # noqa: E402
from kiosk.field.visits import VisitCategory, VisitPlan  # noqa: E402
from kiosk.local_store import Store  # noqa: E402
from kiosk.store import machine_state as ms  # noqa: E402
from kiosk.store.models import OutboxRow  # noqa: E402
from kiosk.store.outbox import ACKNOWLEDGED  # noqa: E402

OFFLINE_DAYS = 25
VISIT_ADDRESS = {"alamat": "Gang Mawar 3", "rt": "2", "rw": "5", "kode_wilayah": "35.78.01.1001"}


def timed(fn: Callable[[], object], repeat: int) -> float:
    """Median ms after one untimed call (the store measured first must not pay for a cold
    page cache the other one finds warm)."""
    fn()
    return timed_cold(fn, repeat)


def counter_store(folder: Path, count: int) -> tuple[Store, list[tuple[str, str]]]:
    store = Store.open(folder)
    picks = seed(store, count)
    now = datetime.now(UTC)
    with store.core.write_session() as session:
        session.execute(update(OutboxRow).values(state=ACKNOWLEDGED, acknowledged_at=now))
    store.state.set(ms.CREDENTIAL, "sealed-credential")
    store.state.set(ms.CREDENTIAL_SINCE, now - timedelta(days=90))
    store.state.mark_synced(now - timedelta(minutes=1))
    return store, picks


def field_store(folder: Path, count: int) -> tuple[Store, list[tuple[str, str]]]:
    store = Store.open(folder)
    picks = seed(store, count)  # every row stays pending: nothing has reached the server
    store.state.set(ms.CREDENTIAL, "sealed-credential")
    store.state.set(ms.CREDENTIAL_SINCE, datetime.now(UTC) - timedelta(days=OFFLINE_DAYS))
    plans = [
        VisitPlan(
            VisitCategory.LANSIA,
            date(2026, 12, 1) + timedelta(days=i % 60),
            VISIT_ADDRESS,
            name=f"Warga Kunjungan {i}",
            notes="pakai kursi roda",
        )
        for i in range(max(count // 10, 1))
    ]
    store.visits.add_many(plans, operator="bench")
    return store, picks


def submit_one(store: Store) -> None:
    """What the wizard's submit does on either profile, the offline gate included."""
    store.offline_budget.check_new_application()
    store.submission.submit(
        NewApplication(
            service="ktp-el-perubahan",
            applicant=Applicant(
                "3171011708900001",
                "3171010101100002",
                "BUDI SANTOSO",
                date(1990, 8, 17),
                "L",
                "081234567890",
                address=dict(ADDRESS),
            ),
            attachments=[
                AttachmentInput(d, JPEG + os.urandom(300 * 1024 - 4))
                for d in ("kk", "ktp-el", "bukti-perubahan")
            ],
            operator="bench",
        )
    )


def figures(
    store: Store, picks: list[tuple[str, str]], repeat: int, submits: int
) -> dict[str, float]:
    nik, number = picks[len(picks) // 2]
    assert store.records.find_by_nik(nik)
    assert store.records.find_by_number(number)
    return {
        "list first page (50)": timed(lambda: store.records.list_applications(limit=50), repeat),
        "list all": timed(store.records.list_applications, max(repeat // 3, 3)),
        "search by NIK": timed(lambda: store.records.find_by_nik(nik), repeat),
        "search by number": timed(lambda: store.records.find_by_number(number), repeat),
        "status bar read (queue + offline budget)": timed(
            lambda: (store.outbox.counts(), store.offline_budget.status()), repeat
        ),
        "submit (offline gate + 3 x 300 KB)": timed(lambda: submit_one(store), submits),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[2000, 10000])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--submits", type=int, default=8)
    args = parser.parse_args()
    print("median ms; field = 25 days offline, whole queue pending; counter = synced")
    with tempfile.TemporaryDirectory(prefix="kiosk-field-bench-") as tmp:
        for count in args.counts:
            field, field_picks = field_store(Path(tmp) / f"field-{count}", count)
            counter, counter_picks = counter_store(Path(tmp) / f"counter-{count}", count)
            field_ms = figures(field, field_picks, args.repeat, args.submits)
            counter_ms = figures(counter, counter_picks, args.repeat, args.submits)
            visits = timed(field.visits.list, max(args.repeat // 3, 3))
            budget = field.offline_budget.status()
            print(
                f"\n{count} applications (field after the submits: {budget.queued} queued, "
                f"{budget.days_offline} days offline, level {budget.level.value})"
            )
            for name, ours in field_ms.items():
                base = counter_ms[name]
                print(
                    f"  {name:<42} field {ours:8.2f}   counter {base:8.2f}   "
                    f"ratio {ours / base:5.2f}x"
                )
            print(f"  {'visit list, decrypted (' + str(count // 10) + ')':<42} field {visits:8.2f}")
            field.close()
            counter.close()


if __name__ == "__main__":
    main()
