"""Dates a verifier reads are day-first (10/12/2026, 10/12/2026 14:05), from one module.

Page tests run on SQLite and on a real PostgreSQL (the `database_url` fixture).
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from server.backoffice import dates
from server.backoffice.context import TEMPLATES_DIR
from server.feed import list_changes

from .backoffice_helpers import Backoffice, make_backoffice
from .builders import OFFICE, Kiosk
from .conftest import Harness


@pytest.fixture
def bo(server: Harness) -> Iterator[Backoffice]:
    yield from make_backoffice(server)


@contextmanager
def office_time_zone(zone: str) -> Iterator[None]:
    """The process's time zone is the office's; set to `zone` for the length of a block."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = zone
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


def test_a_day_is_written_day_first() -> None:
    assert dates.day_first(date(2026, 12, 10)) == "10/12/2026"
    assert dates.day_first(date(2027, 1, 2)) == "02/01/2027"
    assert dates.day_first(None) == ""


def test_a_moment_is_written_day_first_in_the_offices_time_zone() -> None:
    moment = datetime(2026, 12, 10, 17, 5, tzinfo=UTC)
    with office_time_zone("Asia/Makassar"):  # Bali, UTC+8
        assert dates.day_first_time(moment) == "11/12/2026 01:05"
        assert dates.day_first_time("2026-12-10T17:05:09.123456+00:00") == "11/12/2026 01:05"
    with office_time_zone("Asia/Jakarta"):  # UTC+7
        assert dates.day_first_time(moment) == "11/12/2026 00:05"
    assert dates.day_first_time(None) == ""


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("10/12/2026", date(2026, 12, 10)),
        ("1/2/2027", date(2027, 2, 1)),
        (" 10-12-2026 ", date(2026, 12, 10)),
        ("10.12.2026", date(2026, 12, 10)),
        ("2026-12-10", date(2026, 12, 10)),  # the links' own form, and old bookmarks
    ],
)
def test_a_typed_day_is_read_day_first_or_iso(text: str, day: date) -> None:
    assert dates.parse_day(text) == day


@pytest.mark.parametrize(
    "text", ["", None, "12/31/2026", "31/02/2026", "10/12/26", "2026/12/10", "10 Des 2026", "x"]
)
def test_anything_else_is_no_day(text: str | None) -> None:
    assert dates.parse_day(text) is None


def test_no_template_formats_a_date_itself() -> None:
    """Every date on a page goes through the dates module's filters."""
    for template in sorted(Path(TEMPLATES_DIR).glob("*.html")):
        text = template.read_text(encoding="utf-8")
        for pattern in (r"strftime", r"isoformat", r"astimezone", r"_at\[:", r'type="date"'):
            assert not re.search(pattern, text), (template.name, pattern)


def test_the_queue_shows_received_day_first(bo: Backoffice, kiosk: Kiosk) -> None:
    bo.reviewing(kiosk, "5108-0950")
    with office_time_zone("Asia/Makassar"):
        page = bo.client.get("/backoffice/?queue=all").text
        today = datetime.now(UTC).astimezone()
    assert re.search(r"<td[^>]*>\d\d/\d\d/\d{4} \d\d:\d\d</td>", page), page
    assert today.strftime("%d/%m/%Y") in page
    assert today.strftime("%Y-%m-%d ") not in page


def test_the_queue_filters_by_days_typed_day_first(bo: Backoffice, kiosk: Kiosk) -> None:
    bo.reviewing(kiosk, "5108-0951")
    today = date.today()
    shown = bo.client.get(f"/backoffice/?queue=all&from={dates.day_first(today)}").text
    assert "5108-0951" in shown
    assert f'name="from" value="{dates.day_first(today)}"' in shown  # kept as typed, day-first
    later = date(today.year + 1, 1, 1)
    assert "5108-0951" not in bo.client.get(f"/backoffice/?queue=all&from=01/01/{later.year}").text


def in_processing(bo: Backoffice, kiosk: Kiosk, number: str) -> str:
    """An application approved and being processed, the next step its pickup; its page's url."""
    url = bo.reviewing(kiosk, number)
    for data in ({"action": "approve", "confirmed": "yes"}, {"action": "processing"}):
        assert bo.client.post(f"{url}/decision", data={**data, "csrf_token": bo.csrf()}).is_success
    return url


def test_a_pickup_day_is_typed_and_told_day_first(bo: Backoffice, kiosk: Kiosk) -> None:
    url = in_processing(bo, kiosk, "5108-0952")
    form = bo.client.get(url).text
    assert f'name="pickup_date" value="{dates.day_first(date.today())}"' in form
    ready = {"action": "ready", "place": "Kantor Kecamatan Negara", "pickup_date": "10/12/2026"}
    answer = bo.client.post(f"{url}/decision", data={**ready, "csrf_token": bo.csrf()})
    assert answer.status_code == 200
    entry = list_changes(bo.intake.database, OFFICE, "", 100).entries[-1]
    assert entry.fix == "Ambil di Kantor Kecamatan Negara mulai 10/12/2026"


def test_a_pickup_day_that_is_no_day_is_refused(bo: Backoffice, kiosk: Kiosk) -> None:
    url = in_processing(bo, kiosk, "5108-0953")
    ready = {"action": "ready", "place": "Kantor Kecamatan", "pickup_date": "12/31/2026"}
    data = {**ready, "csrf_token": bo.csrf()}
    before = bo.intake.snapshot()
    answer = bo.client.post(f"{url}/decision", data=data)
    assert answer.status_code == 400
    assert "dd/mm/yyyy" in answer.text
    assert bo.intake.snapshot() == before


def test_dates_among_the_applicants_fields_show_day_first(bo: Backoffice, kiosk: Kiosk) -> None:
    fields = {"birth_date": "1990-08-17", "extra_tanggal_kematian": "2026-11-30"}
    url = bo.reviewing(kiosk, "5108-0954", fields=fields)
    page = bo.client.get(url).text
    assert 'data-field="birth_date">17/08/1990</dd>' in page
    assert 'data-field="extra_tanggal_kematian">30/11/2026</dd>' in page
    assert "1990-08-17" not in page
