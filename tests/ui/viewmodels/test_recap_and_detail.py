from __future__ import annotations

from datetime import date

import pytest

from kiosk.reports import Period
from ui.viewmodels.detail import split_message
from ui.viewmodels.recap import RecapViewModel, shift


@pytest.mark.parametrize(
    ("period", "steps", "expected"),
    [
        (Period.day(date(2026, 3, 1)), -1, Period.day(date(2026, 2, 28))),
        (Period.day(date(2026, 12, 31)), 1, Period.day(date(2027, 1, 1))),
        (Period.month(2026, 1), -1, Period.month(2025, 12)),
        (Period.month(2026, 12), 1, Period.month(2027, 1)),
        (Period.month(2026, 5), -13, Period.month(2025, 4)),
    ],
)
def test_previous_and_next_period(period: Period, steps: int, expected: Period) -> None:
    assert shift(period, steps) == expected


def test_switching_kind_keeps_the_chosen_day_s_month() -> None:
    model = RecapViewModel(period=Period.day(date(2026, 11, 22)))
    model.set_kind("month")
    assert model.period == Period.month(2026, 11)
    model.set_date(date(2026, 2, 14))
    assert model.period == Period.month(2026, 2)
    model.set_kind("day")
    assert model.period == Period.day(date(2026, 2, 1))


@pytest.mark.parametrize(
    ("message", "language", "shown"),
    [
        ("Data tidak valid / Invalid data", "id", "Data tidak valid"),
        ("Data tidak valid / Invalid data", "en", "Invalid data"),
        ("only one language", "en", "only one language"),
        (None, "id", ""),
    ],
)
def test_sync_errors_show_the_half_in_the_current_language(
    message: str | None, language: str, shown: str
) -> None:
    assert split_message(message, language) == shown
