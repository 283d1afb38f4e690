"""Masking of personal data for display, logs and the receipt."""

from __future__ import annotations

import re

_NIK_LIKE = re.compile(r"(?<!\d)(\d{6})(\d{6})(\d{4})(?!\d)")


def mask_nik(nik: str) -> str:
    """'3171015708900001' -> '3171********0001' (region prefix and serial stay readable)."""
    if len(nik) != 16:
        return "*" * len(nik)
    return nik[:4] + "*" * 8 + nik[12:]


def mask_name(name: str) -> str:
    """'SITI AMINAH' -> 'S*** A*****': enough for a citizen to recognise their own receipt."""
    return " ".join(part[:1] + "*" * (len(part) - 1) for part in name.split())


def mask_numbers_in_text(text: str) -> str:
    """Masks every 16-digit run (NIK, No. KK) in free text, e.g. a log message."""
    return _NIK_LIKE.sub(lambda m: m.group(1)[:4] + "*" * 8 + m.group(3), text)
