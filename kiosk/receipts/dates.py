"""Dates and times the way an Indonesian reader expects them on paper.

"Senin, 23 November 2026 pukul 14.05 WIB": Indonesian day and month names, a dot between hours
and minutes (PUEBI), and the zone name Indonesians use (WIB/WITA/WIT) rather than an offset.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

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
