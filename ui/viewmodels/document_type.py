"""Is this the document asked for? Its shape, and where Tesseract is present its printed title.

Shape tells a card from an A4 sheet (ui/viewmodels/capture.py: `wrong_document`), but not a
KIA from a KTP-el, nor a KK page from a sheet whose heading reads "KARTU TANDA PENDUDUK".
The printed title does (devices/document_titles.py). It is read once per capture, in the
capture's background job, never on the GUI thread: one Tesseract call costs 0.3-0.6 s.
Without Tesseract nothing is said and the shape check stands alone.

Only documents whose title the civil registry prints itself are judged (KK, KTP-el, KIA,
akta kelahiran): a letter from the police, a hospital or a village office has no fixed
heading, so reading one says nothing about it. Every finding can be accepted with a reason,
like any other quality issue.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

import cv2
import numpy as np

from devices.document_titles import read_heading, wrong_title_issue
from devices.errors import DeviceUnavailable
from devices.quality import QualityIssue
from kiosk.catalog import Document
from ui.viewmodels.capture import CapturedFile

log = logging.getLogger("kiosk.ui")

TITLE_FAMILIES: dict[str, frozenset[str]] = {
    "kk": frozenset({"kk"}),
    "kk-rusak": frozenset({"kk"}),
    **{
        code: frozenset({"ktp"})
        for code in ("ktp-el", "ktp-el-rusak", "ktp-el-ortu", "ktp-el-saksi", "ktp-el-almarhum")
    },
    "identitas-lama": frozenset({"ktp", "kia"}),
    "akta-kelahiran": frozenset({"akta_kelahiran"}),
}
"""Catalog document -> the printed titles (devices.document_titles families) it may carry.
A document not listed, or a title not read, is not judged."""

TitleReader = Callable[[np.ndarray], tuple[str, str] | None]
"""A flattened image -> (family, title as printed) of its title, or None
(devices.document_titles.read_heading)."""
PROVINCE_ONLY = "PROVINSI"
"""The KTP-el's first line; a KK's address block and many letterheads name the province too,
so on a sheet it tells nothing (only "KARTU TANDA PENDUDUK" does)."""


def with_title_check(file: CapturedFile, document: Document) -> CapturedFile:
    """The captured document with `wrong_title` added when its printed title names another
    document; unchanged for PDFs, selfies, signatures and images already of the wrong shape."""
    if file.content_type != "image/jpeg" or document.kind not in ("card", "page"):
        return file
    if "wrong_document" in file.codes:
        return file  # the shape already says it; a second finding adds nothing
    found = title_issues(file.data, document)
    return replace(file, issues=(*file.issues, *found)) if found else file


def title_issues(
    data: bytes, document: Document, reader: TitleReader | None = None
) -> list[QualityIssue]:
    """`wrong_title` when the prepared image's printed title names another document.

    Args:
        data: the prepared (flattened, compressed) image as it will be stored.
        document: the catalog document it is offered as.
        reader: the title reader, Tesseract's (read_heading) when None; one raising
            DeviceUnavailable means "not installed here": not judged by its title.
    """
    allowed = TITLE_FAMILIES.get(document.code)
    if allowed is None:
        return []
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        return []
    try:
        found = (reader or read_heading)(image)
    except DeviceUnavailable as exc:
        log.info("title not checked: %s", exc.message)
        return []
    if found is None or found[0] in allowed:
        return []
    family, title = found
    if title == PROVINCE_ONLY and document.kind == "page":
        return []
    return [wrong_title_issue(family)]
