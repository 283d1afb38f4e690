"""The printed title of a flattened document, read with Tesseract, to tell KK from KTP-el.

Shape tells a card from an A4 sheet, but not a KIA from a KTP-el, nor a KK from a police
letter. Their printed titles do: "KARTU KELUARGA" heads a KK, "KARTU IDENTITAS ANAK" a KIA,
"PROVINSI ..." a KTP-el. Only the top band is read (where every one of them prints its
title), and a title counts only when it is close to a known one, so an unreadable or unknown
heading says nothing rather than something wrong.
"""

from __future__ import annotations

import difflib
import re

import cv2
import numpy as np

from devices.errors import DeviceUnavailable
from devices.quality import QualityIssue

TITLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    # Most specific first: a KIA also carries "NIK" and may name its province.
    ("kia", ("KARTU IDENTITAS ANAK",)),
    ("kk", ("KARTU KELUARGA",)),
    ("akta_kelahiran", ("AKTA KELAHIRAN",)),
    ("akta_kematian", ("AKTA KEMATIAN",)),
    ("akta_perkawinan", ("AKTA PERKAWINAN", "BUKU NIKAH")),
    ("surat_polisi", ("KEPOLISIAN NEGARA", "SURAT KETERANGAN TANDA LAPOR KEHILANGAN")),
    ("ktp", ("KARTU TANDA PENDUDUK", "PROVINSI")),
)
"""Document family -> the titles printed on it (upper case, as printed)."""
NAMES = {
    "kia": ("Kartu Identitas Anak (KIA)", "a child ID card (KIA)"),
    "kk": ("Kartu Keluarga (KK)", "a family card (KK)"),
    "akta_kelahiran": ("akta kelahiran", "a birth certificate"),
    "akta_kematian": ("akta kematian", "a death certificate"),
    "akta_perkawinan": ("akta perkawinan / buku nikah", "a marriage certificate"),
    "surat_polisi": ("surat dari kepolisian", "a police letter"),
    "ktp": ("KTP-el", "a KTP-el"),
}
"""Family -> what the operator is told it reads as (Bahasa Indonesia, English)."""
SIMILAR = 0.8
"""How close (difflib ratio) a line's words must be to a title: OCR misreads a letter or two
("PROMINSI") but an unrelated heading ("KARTU ANGGOTA") stays well below this."""
TITLE_BAND = 0.3
"""The share of the document's height, from the top, that holds the title."""
READ_WIDTH = 1000


def title_family(text: str) -> str | None:
    """The document family whose title appears in OCR text, or None."""
    found = title_found(text)
    return None if found is None else found[0]


def title_found(text: str) -> tuple[str, str] | None:
    """(family, title as printed) of the first known title in OCR text, or None.

    Every run of as many words as a title has is compared with it, letters only, so stray
    marks and split words ("KARTU  KELUARGA |") do not hide it.
    """
    words = re.sub(r"[^A-Z ]", " ", text.upper()).split()
    for family, titles in TITLES:
        for title in titles:
            size = len(title.split())
            for start in range(max(0, len(words) - size + 1)):
                candidate = " ".join(words[start : start + size])
                if difflib.SequenceMatcher(None, candidate, title).ratio() >= SIMILAR:
                    return family, title
    return None


def read_title(flat: np.ndarray, lang: str = "ind") -> str | None:
    """The family of a flattened document by its printed title; None when none is read.

    Raises:
        DeviceUnavailable: Tesseract or its `ind` data is not installed.
    """
    found = read_heading(flat, lang)
    return None if found is None else found[0]


def read_heading(flat: np.ndarray, lang: str = "ind") -> tuple[str, str] | None:
    """(family, title) of a flattened document's printed title (title_found); None when
    none is read.

    Raises:
        DeviceUnavailable: Tesseract or its `ind` data is not installed.
    """
    import pytesseract

    gray = flat if flat.ndim == 2 else cv2.cvtColor(flat, cv2.COLOR_BGR2GRAY)
    band = gray[: max(1, int(gray.shape[0] * TITLE_BAND))]
    scale = READ_WIDTH / band.shape[1]
    interpolation = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
    band = cv2.resize(band, None, fx=scale, fy=scale, interpolation=interpolation)
    try:
        text = str(pytesseract.image_to_string(band, lang=lang, config="--psm 6"))
    except pytesseract.TesseractNotFoundError as exc:
        raise DeviceUnavailable("Tesseract OCR is not installed") from exc
    except pytesseract.TesseractError as exc:
        raise DeviceUnavailable(f"Tesseract failed: {exc.message[:120]}") from exc
    return title_found(text)


def wrong_title_issue(family: str) -> QualityIssue:
    """`wrong_title`, naming what the document reads as (the code's message in
    devices/quality.py says the same without the name)."""
    name_id, name_en = NAMES[family]
    return QualityIssue(
        "wrong_title",
        f"Terbaca sebagai {name_id}, bukan dokumen ini; periksa lagi",
        f"Reads as {name_en}, not this document; check it",
    )
