"""The day or month a recap covers, in the office's local time.

A day is local midnight to local midnight; the store keeps UTC, so the bounds are converted
before querying. Indonesia has no daylight saving, but the conversion does not rely on that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Literal

from kiosk.errors import KioskError
from kiosk.receipts.dates import format_date_en, format_date_id, format_month_en, format_month_id

PeriodKind = Literal["day", "month"]
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class PeriodInvalid(KioskError):
    code = "period_invalid"


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    start: date
    """First day (inclusive)."""
    end: date
    """Day after the last day (exclusive)."""

    @classmethod
    def day(cls, day: date) -> Period:
        return cls("day", day, day + timedelta(days=1))

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        start = date(year, month, 1)
        end = date(year + month // 12, month % 12 + 1, 1)
        return cls("month", start, end)

    @property
    def code(self) -> str:
        """'2026-11-22' or '2026-11': the form the CLI takes and file names use."""
        return self.start.isoformat() if self.kind == "day" else f"{self.start:%Y-%m}"

    @property
    def label_id(self) -> str:
        if self.kind == "day":
            return format_date_id(self.start, weekday=True)
        return format_month_id(self.start.year, self.start.month)

    @property
    def label_en(self) -> str:
        if self.kind == "day":
            return format_date_en(self.start)
        return format_month_en(self.start.year, self.start.month)

    def utc_bounds(self, tz: tzinfo | None = None) -> tuple[datetime, datetime]:
        """[start, end) as naive UTC datetimes, the form created_at has in SQLite.

        `tz` is the office's zone; None means the machine's local zone.
        """

        def to_utc(day: date) -> datetime:
            local = datetime.combine(day, time())
            aware = local.replace(tzinfo=tz) if tz is not None else local.astimezone()
            return aware.astimezone(UTC).replace(tzinfo=None)

        return to_utc(self.start), to_utc(self.end)


def parse_day(text: str) -> Period:
    try:
        return Period.day(date.fromisoformat(text.strip()))
    except ValueError as exc:
        raise PeriodInvalid(
            f"Tanggal '{text}' tidak sah; tulis sebagai TTTT-BB-HH, misalnya 2026-11-22",
            f"'{text}' is not a valid date; write it as YYYY-MM-DD, e.g. 2026-11-22",
        ) from exc


def parse_month(text: str) -> Period:
    match = _MONTH.match(text.strip())
    if match is None or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1:
        raise PeriodInvalid(
            f"Bulan '{text}' tidak sah; tulis sebagai TTTT-BB, misalnya 2026-11",
            f"'{text}' is not a valid month; write it as YYYY-MM, e.g. 2026-11",
        )
    return Period.month(int(match.group(1)), int(match.group(2)))
