"""Recap counts: per service and status, by local day and month, one row per application."""

from __future__ import annotations

from datetime import date, timedelta, timezone

import pytest

from kiosk.reports import (
    RECAP_STATUSES,
    Period,
    PeriodInvalid,
    Recap,
    build_recap,
    parse_day,
    parse_month,
)
from tests.kiosk.reports.conftest import WIB, Seeded
from tests.kiosk.reports.seed import utc

UTC0 = timezone(timedelta(0))


def nonzero(recap: Recap) -> dict[str, dict[str, int]]:
    return {
        row.code: {s: n for s, n in row.counts.items() if n} for row in recap.services if row.total
    }


def test_month_counts_per_service_and_latest_status(seeded: Seeded) -> None:
    recap = build_recap(seeded.store, Period.month(2026, 11), tz=WIB)
    assert nonzero(recap) == {
        "ktp-el-hilang": {"submitted": 2, "ready": 1},  # the corrected one is v2 "submitted"
        "kk-hilang-rusak": {"rejected": 1},
        "kia": {"submitted": 1},
        "akta-kelahiran": {"collected": 1, "processing": 1},
    }
    assert recap.total == 7
    assert recap.status_totals == {
        **dict.fromkeys(RECAP_STATUSES, 0),
        "submitted": 3,
        "ready": 1,
        "rejected": 1,
        "collected": 1,
        "processing": 1,
    }
    assert recap.corrections == 0  # the correction was submitted in December
    assert recap.office_name == "Kelurahan Kebon Kosong"


def test_every_catalog_service_is_a_row_even_with_zero(seeded: Seeded) -> None:
    recap = build_recap(seeded.store, Period.month(2026, 11), tz=WIB)
    assert [row.code for row in recap.services] == [s.code for s in seeded.store.catalog.services]
    assert recap.statuses == RECAP_STATUSES
    assert "draft" not in recap.statuses


def test_a_correction_counts_in_its_month_but_is_not_a_new_application(seeded: Seeded) -> None:
    december = build_recap(seeded.store, Period.month(2026, 12), tz=WIB)
    assert nonzero(december) == {"ktp-el-rusak": {"received": 1}}  # 1 Dec 00.30 WIB
    assert december.corrections == 1
    october = build_recap(seeded.store, Period.month(2026, 10), tz=WIB)
    assert nonzero(october) == {"pindah-keluar": {"submitted": 1}}


def test_days_are_local_days(seeded: Seeded) -> None:
    def day(d: int, tz: timezone = WIB) -> dict[str, dict[str, int]]:
        return nonzero(build_recap(seeded.store, Period.day(date(2026, 11, d)), tz=tz))

    assert day(22) == {"kia": {"submitted": 1}}  # 21 Nov 18.30 UTC is 22 Nov 01.30 WIB
    assert day(21) == {}
    assert day(21, UTC0) == {"kia": {"submitted": 1}}
    assert day(3) == {
        "ktp-el-hilang": {"submitted": 1, "ready": 1},
        "kk-hilang-rusak": {"rejected": 1},
    }
    november_utc = build_recap(seeded.store, Period.month(2026, 11), tz=UTC0)
    assert november_utc.total == 8  # ktp-el-rusak falls in November by UTC


def test_recap_as_json_has_every_count_and_label(seeded: Seeded) -> None:
    recap = build_recap(seeded.store, Period.day(date(2026, 11, 3)), tz=WIB, now=utc(2026, 11, 4))
    out = recap.as_dict()
    assert out["period"] == {
        "kind": "day",
        "code": "2026-11-03",
        "start": "2026-11-03",
        "end": "2026-11-04",
        "label": "Selasa, 3 November 2026",
        "label_en": "3 November 2026",
    }
    hilang = next(s for s in out["services"] if s["code"] == "ktp-el-hilang")
    assert hilang["name"] == "KTP-el hilang"
    assert hilang["counts"]["ready"] == 1
    assert hilang["total"] == 2
    assert out["total"] == 3
    assert out["statuses"][0] == {
        "code": "submitted",
        "label": "Menunggu dikirim",
        "label_en": "Queued to send",
    }
    assert out["generated_at"] == "2026-11-04T10:00:00+07:00"


def test_periods_parse_and_cover_whole_months() -> None:
    assert parse_month("2026-12") == Period("month", date(2026, 12, 1), date(2027, 1, 1))
    assert parse_month("2024-02").end == date(2024, 3, 1)
    assert parse_day("2026-11-22") == Period("day", date(2026, 11, 22), date(2026, 11, 23))
    start, end = parse_day("2026-11-22").utc_bounds(WIB)
    assert (start.isoformat(), end.isoformat()) == ("2026-11-21T17:00:00", "2026-11-22T17:00:00")
    assert parse_month("2026-11").label_id == "November 2026"


@pytest.mark.parametrize("text", ["2026-13", "2026-1", "26-11", "november", "2026-00", ""])
def test_bad_months_are_refused_in_both_languages(text: str) -> None:
    with pytest.raises(PeriodInvalid) as info:
        parse_month(text)
    assert "TTTT-BB" in info.value.message_id
    assert "YYYY-MM" in info.value.message_en


@pytest.mark.parametrize("text", ["2026-11-31", "22-11-2026", "kemarin"])
def test_bad_days_are_refused(text: str) -> None:
    with pytest.raises(PeriodInvalid, match="TTTT-BB-HH"):
        parse_day(text)
