"""The daily/monthly recap without widgets: which period, loading, chart bars, export.

Counting and rendering run in background tasks (kiosk/reports does the SQL and the files);
every export is recorded as an "export" by the signed-in operator.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kiosk.local_store import Store
from kiosk.reports import ExportFormat, Period, Recap, build_recap, export_recap
from kiosk.settings import Settings
from kiosk.store.files import write_atomic


def shift(period: Period, steps: int) -> Period:
    """The previous (-1) or next (+1) day or month."""
    if period.kind == "day":
        return Period.day(date.fromordinal(period.start.toordinal() + steps))
    months = period.start.year * 12 + period.start.month - 1 + steps
    return Period.month(months // 12, months % 12 + 1)


def load_recap(store: Store, period: Period, settings: Settings) -> Recap:
    return build_recap(store, period, settings=settings)


def export_to_file(
    store: Store, recap: Recap, fmt: ExportFormat, path: Path, *, operator: str
) -> Path:
    """Renders, records the export (operator, period, format, file) and writes the file."""
    data = export_recap(store, recap, fmt, operator=operator, destination=str(path))
    write_atomic(path, data, mode=0o644)
    return path


def default_file_name(recap: Recap, fmt: ExportFormat) -> str:
    return f"rekap-{recap.period.code}.{fmt}"


def chart_bars(recap: Recap, language: str) -> list[tuple[str, int]]:
    """(service name, applications) per service, in the table's order."""
    return [(row.name.get(language), row.total) for row in recap.services]


@dataclass
class RecapViewModel:
    period: Period = field(default_factory=lambda: Period.day(date.today()))
    recap: Recap | None = None

    def set_kind(self, kind: str) -> None:
        start = self.period.start
        self.period = Period.day(start) if kind == "day" else Period.month(start.year, start.month)

    def set_date(self, day: date) -> None:
        if self.period.kind == "day":
            self.period = Period.day(day)
        else:
            self.period = Period.month(day.year, day.month)

    def step(self, steps: int) -> None:
        self.period = shift(self.period, steps)
