"""From a camera frame, a scan or a file to an attachment: checked, flattened, compressed.

Everything here runs in a background task (the checks take 20-300 ms per image) and uses the
device layer's checks unchanged (devices/checks.py, compression.py, signature.py). A result
with quality issues is kept, not thrown away: the operator retakes it, or accepts it with a
written reason (an override), which is stored with the attachment and audited on submit.
A petugas's override also names the supervisor who approved it (ui/viewmodels/approval.py).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from devices.checks import check_document, check_outline, check_selfie
from devices.compression import compress_to_target
from devices.document import DOCUMENT_KINDS, flatten
from devices.image_files import load_pages, pages_from_bytes, sniff_format
from devices.quality import (
    QualityIssue,
    document_blur_issues,
    document_exposure_issues,
    issue,
    to_gray,
)
from devices.signature import clean_signature
from kiosk.applications.intake import QualityOverride
from kiosk.catalog import Document
from kiosk.sealing import CORNER_CHOICES, CaptureNote
from kiosk.validation import Issue, Severity

log = logging.getLogger("kiosk.ui")

SOURCES = ("camera", "scanner", "file", "pad", "kept")
MIN_REASON_LENGTH = 10
THUMBNAIL_WIDTH = 480
# Flat scans and files have no desk around the page; these codes then only mean "no edges".
_NO_OUTLINE = frozenset({"no_document", "document_cut_off"})


@dataclass(frozen=True)
class CapturedFile:
    """One attachment as the wizard holds it until submit."""

    document: str
    data: bytes
    content_type: str
    source: str
    issues: tuple[QualityIssue, ...] = ()
    override_reason: str | None = None
    sha256: str = ""
    """Its hash in the vault once the draft holds it (empty until then)."""
    thumbnail: bytes = b""
    """A small JPEG for the checklist and the review screen (empty for PDFs)."""
    sealed_ref: str | None = None
    """A kept document sealed to the server: only its reference is here (`data` is empty)."""
    approved_by: str | None = None
    """The supervisor who approved the override; None when the operator could decide alone."""
    corners: tuple[tuple[float, float], ...] = ()
    """The document's corners in the photo (TL, TR, BR, BL), when it was flattened."""
    corners_set: str = ""
    """How they were set: "auto" (detected), "adjusted" (detected, moved by the operator) or
    "manual" (nothing detected, placed by hand); empty for selfies, signatures, PDFs."""
    original: np.ndarray | None = field(default=None, compare=False, repr=False)
    """The photo as taken, kept in memory only (never stored) so the corners can be fixed."""

    @property
    def accepted(self) -> bool:
        """Clean, or accepted by the operator with a reason."""
        return not self.issues or bool(self.override_reason)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(i.code for i in self.issues)

    def capture_note(self) -> CaptureNote | None:
        """How the corners were set, for the verifier (the checks it failed go with its
        quality_override); None when no document outline was set (selfies, signatures, PDFs,
        kept files)."""
        if self.corners_set not in CORNER_CHOICES:
            return None
        return CaptureNote(self.corners_set, self.corners)

    def quality_override(self) -> QualityOverride:
        """What the submit audits about this image accepted despite failed checks."""
        return QualityOverride(
            self.document, self.codes, self.override_reason or "", self.approved_by
        )

    def with_override(self, reason: str, approved_by: str | None = None) -> CapturedFile:
        return replace(self, override_reason=" ".join(reason.split()), approved_by=approved_by)


def override_problem(reason: str) -> Issue | None:
    """Why a written reason is not enough yet, or None."""
    if len(" ".join(reason.split())) >= MIN_REASON_LENGTH:
        return None
    return Issue(
        "override_reason_short",
        Severity.ERROR,
        f"Tulis alasan menerima gambar ini (paling sedikit {MIN_REASON_LENGTH} huruf)",
        f"Write why this image is accepted (at least {MIN_REASON_LENGTH} characters)",
        "override",
    )


def make_thumbnail(data: bytes, width: int = THUMBNAIL_WIDTH) -> bytes:
    """A small JPEG of an image attachment; empty for PDFs and anything unreadable."""
    if sniff_format(data) in (None, "pdf"):
        return b""
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        return b""
    scale = width / image.shape[1]
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    ok, encoded = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, 80])
    return encoded.tobytes() if ok else b""


def _jpeg(image: np.ndarray, document: Document, kind: str) -> bytes:
    return compress_to_target(image, document.max_kb * 1024, kind).data


def _document(
    image: np.ndarray, document: Document, source: str, corners: np.ndarray | None = None
) -> tuple[bytes, list[QualityIssue], np.ndarray | None]:
    kind = DOCUMENT_KINDS["ktp"] if document.kind == "card" else None
    flat: np.ndarray | None
    if corners is not None:
        report, flat = check_outline(image, np.asarray(corners, np.float64), kind)
    else:
        report, flat = check_document(image, kind)
    issues = list(report.issues)
    if flat is None and source != "camera" and set(report.codes) <= _NO_OUTLINE:
        # A scanner's page fills the picture: it is flat already, check the light and focus.
        gray = to_gray(image)
        metrics: dict[str, Any] = {}
        issues = document_exposure_issues(gray, metrics, "document")
        issues += document_blur_issues(gray, metrics, max(image.shape[:2]))
        flat = image
        return _jpeg(flat, document, "page"), issues, None
    if flat is None:
        return _jpeg(image, document, "page"), issues, None
    issues += _shape_mismatch(document, report.metrics.get("aspect"))
    shape_kind = str(report.metrics.get("kind", "page"))
    corners = report.corners
    if kind is None and shape_kind == "kk" and corners is not None:
        top = float(np.linalg.norm(corners[1] - corners[0]))
        side = float(np.linalg.norm(corners[3] - corners[0]))
        if side > top:  # a letter held upright: keep it portrait
            flat, shape_kind = flatten(image, corners, DOCUMENT_KINDS["page"]), "page"
    return _jpeg(flat, document, shape_kind), issues, corners


CARD_OR_SHEET = 1.5  # long/short: an ID-1 card is 1.59, an A4 sheet 1.41


def _shape_mismatch(document: Document, aspect: Any) -> list[QualityIssue]:
    """wrong_document when the outline's real shape is a card where a sheet is expected (a
    KTP offered as the KK page), or a sheet where a card is; the operator may still accept
    it with a reason."""
    if not aspect or document.kind not in ("card", "page"):
        return []
    card_shaped = float(aspect) > CARD_OR_SHEET
    return [issue("wrong_document")] if card_shaped != (document.kind == "card") else []


def same_image(a: CapturedFile, b: CapturedFile) -> bool:
    """The same picture (or the same photo re-taken unchanged) used for two documents."""
    if a.sha256 and a.sha256 == b.sha256:
        return True
    return bool(a.thumbnail) and bool(b.thumbnail) and _fingerprint(a) == _fingerprint(b)


def _fingerprint(file: CapturedFile) -> bytes:
    """A 16x16 difference hash of the thumbnail: equal for the same image recompressed."""
    image = cv2.imdecode(np.frombuffer(file.thumbnail, np.uint8), cv2.IMREAD_GRAYSCALE)
    if image is None:
        return b""
    small = cv2.resize(image, (17, 16), interpolation=cv2.INTER_AREA).astype(np.int16)
    return np.packbits(small[:, 1:] > small[:, :-1]).tobytes()


def process_image(
    image: np.ndarray,
    document: Document,
    source: str,
    corners: np.ndarray | None = None,
    corners_set: str = "",
) -> CapturedFile:
    """Checks and prepares one captured image for `document` (a catalog document).

    Args:
        corners: where the operator put the document's corners (the corner editor); None
            lets the detector find them.
        corners_set: "adjusted" or "manual" with `corners`.
    """
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}")
    found: np.ndarray | None = None
    if document.kind == "selfie":
        report = check_selfie(image)
        data, issues = _jpeg(image, document, "ktp"), list(report.issues)
        content_type = "image/jpeg"
    elif document.kind == "signature":
        ink = image if source == "pad" else clean_signature(image)
        ok, encoded = cv2.imencode(".png", ink)
        data, issues, content_type = encoded.tobytes() if ok else b"", [], "image/png"
    else:
        data, issues, found = _document(image, document, source, corners)
        content_type = "image/jpeg"
    return CapturedFile(
        document=document.code,
        data=data,
        content_type=content_type,
        source=source,
        issues=tuple(issues),
        thumbnail=make_thumbnail(data),
        corners=() if found is None else tuple((float(x), float(y)) for x, y in found),
        corners_set="" if found is None else (corners_set if corners is not None else "auto"),
        original=image if document.kind not in ("selfie", "signature") else None,
    )


def process_file(path: Path, document: Document) -> CapturedFile:
    """An image or PDF from disk (first page); the format is sniffed, never trusted."""
    return process_image(load_pages(path)[0], document, "file")


def process_file_bytes(data: bytes, name: str, document: Document) -> CapturedFile:
    """The same as process_file for bytes already read (`kiosk apply` reads them itself)."""
    return process_image(pages_from_bytes(data, name)[0], document, "file")


def kept_file(
    document: str,
    data: bytes,
    content_type: str,
    override_reason: str | None = None,
    sealed_ref: str | None = None,
) -> CapturedFile:
    """An attachment of the rejected version, carried into the correction unchanged.

    A sealed one comes as a reference only: this device cannot open it, and need not, since
    the server already holds it.
    """
    return CapturedFile(
        document=document,
        data=data,
        content_type=content_type,
        source="kept",
        override_reason=override_reason,
        thumbnail=make_thumbnail(data) if data else b"",
        sealed_ref=sealed_ref,
    )
