"""Dates as a verifier reads and types them: day first (10/12/2026, 10/12/2026 14:05).

Indonesian offices write the day first; an ISO date (2026-12-10) or a browser's date picker
(which follows the browser's locale, often month-first) invites misreading 10 December as
12 October. Every page shows dates through these functions (the templates' `day_first` and
`day_first_time` filters), the date fields are plain text fields read by `parse_day`, and the
citizen's pickup message (server/review.py) names its day the same way. Moments are shown in
the office's time zone: the back-office process's own (TZ), as the rest of the server assumes.

This module imports nothing of the server, so the service layer may use it too.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from jinja2 import Environment

DAY_FORMAT = "%d/%m/%Y"
MOMENT_FORMAT = "%d/%m/%Y %H:%M"
DAY_PLACEHOLDER = "dd/mm/yyyy"
"""What a date field shows while empty: the one form the verifier is asked to type."""
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def day_first(day: date | None) -> str:
    """10/12/2026; empty for no day."""
    return day.strftime(DAY_FORMAT) if day is not None else ""


def day_first_time(moment: datetime | str | None) -> str:
    """10/12/2026 14:05 in the office's time zone; an ISO string (as the admin lists give
    it) is read first. Empty for no moment."""
    if moment is None or moment == "":
        return ""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.astimezone().strftime(MOMENT_FORMAT)


def parse_day(text: str | None) -> date | None:
    """The day a verifier typed: day first (10/12/2026, also 1-2-2027 or 10.12.2026), or ISO
    (2026-12-10, the form the pages' own links carry). None for anything else, including
    month-first days that cannot be a real day-first one (12/31/2026) and two-digit years."""
    text = (text or "").strip()
    found = _DAY_FIRST.match(text)
    if found:
        day, month, year = (int(part) for part in found.groups())
    else:
        found = _ISO.match(text)
        if not found:
            return None
        year, month, day = (int(part) for part in found.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def day_first_value(value: object) -> object:
    """A field's value as the review page shows it: an ISO day the kiosk sent (a birth date,
    a date of death) day first, anything else as it is."""
    if isinstance(value, str) and _ISO.match(value):
        day = parse_day(value)
        if day is not None:
            return day_first(day)
    return value


def install(environment: Environment) -> None:
    """Adds the filters and the placeholder to a Jinja2 environment (the back office's)."""
    environment.filters["day_first"] = day_first
    environment.filters["day_first_time"] = day_first_time
    environment.filters["day_first_value"] = day_first_value
    environment.globals["day_placeholder"] = DAY_PLACEHOLDER
