"""What the operator types, read as values: birth dates as written in Indonesia, phone numbers
formatted to read back to the citizen."""

from __future__ import annotations

import re
from datetime import date

from kiosk.validation import Issue, Severity

_DATE_SEPARATORS = re.compile(r"[-/. ]")


def _issue(code: str, severity: Severity, message_id: str, message_en: str, fld: str) -> Issue:
    return Issue(code, severity, message_id, message_en, fld)


def parse_birth_date(text: str, today: date) -> tuple[date | None, list[Issue]]:
    """DD-MM-YYYY (also / or . or none between), or YYYY-MM-DD; issues for what is wrong."""
    raw = text.strip()
    if not raw:
        return None, [
            _issue(
                "birth_date_empty",
                Severity.ERROR,
                "Tanggal lahir wajib diisi",
                "The birth date is required",
                "birth_date",
            )
        ]
    parts = [p for p in _DATE_SEPARATORS.split(raw) if p]
    if len(parts) == 1 and parts[0].isdigit() and len(parts[0]) <= 8:
        digits = parts[0]
        parts = [digits[:2], digits[2:4], digits[4:]] if len(digits) == 8 else []
        if not parts:
            return None, [_incomplete()]
    if len(parts) == 3 and len(parts[0]) == 4:
        parts = [parts[2], parts[1], parts[0]]
    if len(parts) < 3 and all(p.isdigit() for p in parts):
        return None, [_incomplete()]
    if len(parts) == 3 and all(p.isdigit() and p.isascii() for p in parts):
        if len(parts[2]) < 4:
            return None, [_incomplete()]
        try:
            value = date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            value = None
        if value is not None:
            if value > today:
                return value, [
                    _issue(
                        "birth_date_in_future",
                        Severity.ERROR,
                        "Tanggal lahir tidak boleh di masa depan",
                        "The birth date cannot be in the future",
                        "birth_date",
                    )
                ]
            return value, []
    return None, [
        _issue(
            "birth_date_invalid",
            Severity.ERROR,
            "Tanggal lahir tidak sah; tulis HH-BB-TTTT, contoh 17-08-1990",
            "Not a valid birth date; write DD-MM-YYYY, e.g. 17-08-1990",
            "birth_date",
        )
    ]


def _incomplete() -> Issue:
    return _issue(
        "birth_date_incomplete",
        Severity.ERROR,
        "Tanggal lahir belum lengkap (HH-BB-TTTT)",
        "The birth date is not complete (DD-MM-YYYY)",
        "birth_date",
    )


def format_phone(normalised: str) -> str:
    """'+6281234567890' -> '+62 812-3456-7890', easier to read back to the citizen."""
    if not normalised.startswith("+62"):
        return normalised
    national = normalised[3:]
    return f"+62 {national[:3]}-{national[3:7]}-{national[7:]}".rstrip("-")


_PHONE_TYPING = re.compile(r"^\+?[\d\s-]*$")


def group_phone(text: str, cursor: int) -> tuple[str, int]:
    """Digits as they are typed, grouped to read back: '081234567890' -> '0812 3456 7890',
    '+6281234567890' -> '+62 812 3456 7890'; the cursor stays after the same digit.

    Anything else is left as typed, for the validator to name what is wrong.
    """
    if not _PHONE_TYPING.match(text):
        return text, cursor
    signs = re.sub(r"[^\d+]", "", text)
    wanted = len(re.sub(r"[^\d+]", "", text[:cursor]))
    if signs.startswith("+62"):
        parts, body, sizes = ["+62"], signs[3:], (3, 4)
    elif signs.startswith("+"):
        return text, cursor
    else:
        parts, body, sizes = [], signs, (4, 4)
    for size in sizes:
        if body:
            parts.append(body[:size])
            body = body[size:]
    if body:
        parts.append(body)
    grouped = " ".join(parts)
    position = seen = 0
    while seen < wanted and position < len(grouped):
        seen += grouped[position] != " "
        position += 1
    return grouped, position
