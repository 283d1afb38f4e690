"""Dates and times the way an Indonesian reader expects them on paper.

"Senin, 23 November 2026 pukul 14.05 WIB": Indonesian day and month names, a dot between hours
and minutes (PUEBI), and the zone name Indonesians use (WIB/WITA/WIT) rather than an offset.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
DAYS_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
ZONES_ID = {timedelta(hours=7): "WIB", timedelta(hours=8): "WITA", timedelta(hours=9): "WIT"}
WIB = timezone(timedelta(hours=7), "WIB")
WITA = timezone(timedelta(hours=8), "WITA")
WIT = timezone(timedelta(hours=9), "WIT")
WITA_PROVINCES = frozenset(("51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"))
"""Bali, Nusa Tenggara, the east and north of Kalimantan and Sulawesi; from 81 (Maluku,
Papua) it is WIT, below (Sumatra, Java, the west and middle of Kalimantan) WIB."""


def office_zone(office_code: str | None) -> timezone | None:
    """The zone of the office's province (the first two digits of its region code), or None
    when the device has no office yet. Indonesia keeps no summer time, so a fixed offset is
    exact."""
    province = (office_code or "")[:2]
    if not province.isdigit() or len(province) != 2:
        return None
    if province in WITA_PROVINCES:
        return WITA
    return WIT if int(province) >= 81 else WIB


def office_time(moment: datetime, office_code: str | None) -> datetime:
    """`moment` in the office's zone, so a laptop whose clock runs in UTC still prints WIB;
    without an office, in the zone the laptop is configured for."""
    zone = office_zone(office_code)
    return moment.astimezone(zone) if zone is not None else moment.astimezone()


def zone_name(moment: datetime) -> str:
    """WIB/WITA/WIT for Indonesia's zones, else 'UTC+hh:mm' (never an empty string)."""
    offset = moment.utcoffset()
    if offset is None:
        return ""
    if offset in ZONES_ID:
        return ZONES_ID[offset]
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def format_date_id(day: date, *, weekday: bool = False) -> str:
    text = f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"
    return f"{DAYS_ID[day.weekday()]}, {text}" if weekday else text


def format_date_en(day: date) -> str:
    return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"


def format_datetime_id(moment: datetime) -> str:
    """Formats `moment` in ITS OWN time zone: callers convert to local time first."""
    zone = zone_name(moment)
    text = f"{format_date_id(moment.date(), weekday=True)} pukul {moment:%H.%M}"
    return f"{text} {zone}" if zone else text


def format_datetime_en(moment: datetime) -> str:
    zone = zone_name(moment)
    text = f"{format_date_en(moment.date())}, {moment:%H:%M}"
    return f"{text} {zone}" if zone else text


def format_month_id(year: int, month: int) -> str:
    return f"{MONTHS_ID[month - 1]} {year}"


def format_month_en(year: int, month: int) -> str:
    return f"{MONTHS_EN[month - 1]} {year}"
