"""One store seeded for the recap tests: several services and statuses on different days."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta, timezone

import pytest

from kiosk.applications import Status
from kiosk.local_store import Store
from kiosk.settings import Settings, save_settings
from tests.kiosk.reports.seed import application, seed, utc

WIB = timezone(timedelta(hours=7))


@dataclass
class Seeded:
    store: Store


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    """Times are UTC; the recaps in these tests are read in WIB (UTC+7).

    | when (UTC)        | WIB day     | service          | status now          |
    | 2026-10-31 16:59  | 31 Oct      | pindah-keluar    | submitted           |
    | 2026-11-03 03:00  | 3 Nov       | ktp-el-hilang x2 | submitted, ready    |
    | 2026-11-03 04:00  | 3 Nov       | kk-hilang-rusak  | rejected            |
    | 2026-11-05 02:00  | 5 Nov       | ktp-el-hilang    | rejected, corrected |
    |                   |             |                  | on 2 Dec -> v2 submitted |
    | 2026-11-10 05:00  | 10 Nov      | akta-kelahiran   | collected           |
    | 2026-11-10 06:00  | 10 Nov      | akta-kelahiran   | processing          |
    | 2026-11-21 18:30  | 22 Nov 1.30 | kia              | submitted           |
    | 2026-11-30 17:30  | 1 Dec 0.30  | ktp-el-rusak     | received            |
    """
    data_dir = tmp_path_factory.mktemp("recap") / "data"
    data_dir.mkdir()
    save_settings(data_dir, Settings(office_name="Kelurahan Kebon Kosong"))
    store = Store.open(data_dir)
    seed(store, "pindah-keluar", 1, utc(2026, 10, 31, 16, 59))
    seed(store, "ktp-el-hilang", 2, utc(2026, 11, 3))
    seed(store, "ktp-el-hilang", 3, utc(2026, 11, 3), Status.READY)
    seed(store, "kk-hilang-rusak", 4, utc(2026, 11, 3, 4), Status.REJECTED)
    revised = seed(store, "ktp-el-hilang", 5, utc(2026, 11, 5, 2), Status.REJECTED)
    fixed = application(store.catalog, "ktp-el-hilang", 5)
    fixed.revision_of = (revised.id, 1)
    store.submission.submit(fixed, now=utc(2026, 12, 2), today=utc(2026, 12, 2).date())
    seed(store, "akta-kelahiran", 6, utc(2026, 11, 10, 5), Status.COLLECTED)
    seed(store, "akta-kelahiran", 7, utc(2026, 11, 10, 6), Status.PROCESSING)
    seed(store, "kia", 8, utc(2026, 11, 21, 18, 30))
    seed(store, "ktp-el-rusak", 9, utc(2026, 11, 30, 17, 30), Status.RECEIVED)
    yield Seeded(store)
    store.close()
