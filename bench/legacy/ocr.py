"""FROZEN COPY of devices/ocr.py before tolerant NIK reading, for bench/ only.

OCR suggestions of the NIK and name on a flattened KTP or KK, with Tesseract (`ind`).

Typing errors get applications rejected, so the kiosk can offer what it read; but OCR is
wrong often enough that it only SUGGESTS: the operator sees the suggestion next to the field
and confirms it. Nothing here writes into an application.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import cv2
import numpy as np

from devices.errors import DeviceUnavailable

log = logging.getLogger("kiosk.devices")

_DIGIT_LOOKALIKES = str.maketrans(
    {
        "O": "0",
        "o": "0",
        "D": "0",
        "I": "1",
        "l": "1",
        "|": "1",
        "i": "1",
        "B": "8",
        "S": "5",
        "s": "5",
        "Z": "2",
        "z": "2",
        "G": "6",
        "b": "6",
        "?": "7",
        "T": "7",
        "q": "9",
        "g": "9",
    }
)
_NIK_TOKEN = re.compile(r"[0-9OoDIl|iBSsZzGbTqg?]{16,}")
_KK_NUMBER_LINE = re.compile(r"\bNo\b\.?\s*:?\s*[0-9OoDIl]", re.IGNORECASE)
_NAME_LINE = re.compile(r"^\s*Nama\b[^:]*:\s*(.+)$", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class OcrSuggestion:
    """What OCR read, for the operator to confirm; never applied without them.

    Attributes:
        nik: a structurally plausible 16-digit NIK, or None.
        name: the name on the "Nama" line, or None.
        niks: every plausible NIK on the page (a KK lists the whole family).
        no_kk: the family card number on a KK's "No." line, or None.
    """

    nik: str | None
    name: str | None
    niks: tuple[str, ...] = ()
    no_kk: str | None = None


def plausible_nik(digits: str) -> bool:
    """Shape check only (the full validation lives in the kiosk domain package):
    16 digits, day 01-31 or 41-71, month 01-12, serial not 0000."""
    if len(digits) != 16 or not digits.isdigit():
        return False
    day, month = int(digits[6:8]), int(digits[8:10])
    return (1 <= day <= 31 or 41 <= day <= 71) and 1 <= month <= 12 and digits[12:] != "0000"


def find_niks(text: str) -> list[tuple[str, str]]:
    """Plausible 16-digit numbers in OCR text, with the line each was on.

    Letters Tesseract confuses with digits (O/0, I/1, B/8, ...) are mapped back first.
    """
    found: list[tuple[str, str]] = []
    for line in text.splitlines():
        compact = re.sub(r"[\s.\-]", "", line)
        for match in _NIK_TOKEN.finditer(compact):
            token = match.group()
            # "No.3171..." runs a lookalike letter into the number: trim letters at the ends.
            while len(token) > 16 and not token[0].isdigit():
                token = token[1:]
            while len(token) > 16 and not token[-1].isdigit():
                token = token[:-1]
            # A table's ruling left of the number survives as "1" or "|": drop it.
            if len(token) == 17 and token[0] in "1Il|":
                token = token[1:]
            if len(token) != 16:
                continue
            digits = token.translate(_DIGIT_LOOKALIKES)
            if plausible_nik(digits) and digits not in (d for d, _ in found):
                found.append((digits, line))
    return found


def remove_ruling(gray: np.ndarray) -> np.ndarray:
    """Whites out long table lines: Tesseract reads a KK's ruled table as garbage otherwise."""
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    length = max(40, gray.shape[1] // 25)
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, length), np.uint8))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((length, 1), np.uint8))
    lines = cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((5, 5), np.uint8))
    cleaned = gray.copy()
    cleaned[lines > 0] = 255
    return cleaned


def read_text(image: np.ndarray, lang: str = "ind") -> str:
    """Tesseract's text for a document image (grey, upscaled when small).

    Raises:
        DeviceUnavailable: Tesseract or its `ind` data is not installed.
    """
    import pytesseract

    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    if gray.shape[1] < 1000:
        scale = 1000 / gray.shape[1]
        gray = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    gray = remove_ruling(gray)
    try:
        return str(pytesseract.image_to_string(gray, lang=lang, config="--psm 6"))
    except pytesseract.TesseractNotFoundError as exc:
        raise DeviceUnavailable("Tesseract OCR is not installed") from exc
    except pytesseract.TesseractError as exc:
        raise DeviceUnavailable(f"Tesseract failed: {exc.message[:120]}") from exc


def suggest_identity(image: np.ndarray, lang: str = "ind") -> OcrSuggestion:
    """The NIK and name a flattened KTP/KK seems to carry, as a suggestion."""
    text = read_text(image, lang)
    numbers = find_niks(text)
    no_kk = next((d for d, line in numbers if _KK_NUMBER_LINE.search(line)), None)
    niks = [d for d, _ in numbers if d != no_kk]
    name_match = _NAME_LINE.search(text)
    name = None
    if name_match:
        name = re.sub(r"[^A-Za-z .,'\-]", "", name_match.group(1)).strip(" .,-") or None
    log.debug("OCR found %d NIK candidate(s)", len(niks))  # never the NIK itself
    return OcrSuggestion(niks[0] if niks else None, name, tuple(niks), no_kk)
