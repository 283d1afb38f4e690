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


def mask_name_after_first_word(name: str) -> str:
    """'SITI AMINAH' -> 'SITI A*****': the petugas tells two rows apart, a passer-by learns little.

    Lists on the counter's screen use it; the first word alone is rarely enough to identify a
    citizen, the initials of the rest separate two people with the same masked NIK.
    """
    words = name.split()
    if not words:
        return ""
    return " ".join([words[0], *(mask_name(part) for part in words[1:])])


def mask_numbers_in_text(text: str) -> str:
    """Masks every 16-digit run (NIK, No. KK) in free text, e.g. a log message."""
    return _NIK_LIKE.sub(lambda m: m.group(1)[:4] + "*" * 8 + m.group(3), text)
