"""FROZEN COPY of devices/quality.py before the colour-edge detector,
for bench/detection.py only: the product has one detector (devices/).
Do not change it, and import it nowhere else.

Image quality measures and the stable issue codes shown to operators and citizens.

Applications are most often rejected for a blurry scan, a dark or glaring photo, a cut-off
card or a hidden face; these checks catch that at the kiosk. The codes are a stable contract
(the CLI's JSON, the UI's hints, stored metrics), so they never change meaning; thresholds
live here as named constants, measured on generated media (see bench/capture.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np

# code -> (Bahasa Indonesia, English). Short enough for a preview hint.
MESSAGES: dict[str, tuple[str, str]] = {
    "blurry": ("Gambar buram, ulangi foto", "Image is blurry, retake"),
    "too_dark": ("Terlalu gelap, tambah cahaya", "Too dark, add light"),
    "too_bright": ("Terlalu terang, kurangi cahaya", "Too bright, reduce the light"),
    "glare": ("Ada pantulan cahaya, miringkan dokumen", "Glare on the document, tilt it"),
    "no_document": (
        "Dokumen tidak terlihat, letakkan di tengah",
        "No document found, place it in the middle",
    ),
    "document_cut_off": (
        "Dokumen terpotong, semua tepi harus terlihat",
        "Document is cut off, show all four edges",
    ),
    "too_small": ("Dekatkan kartu", "Move the document closer"),
    "no_face": ("Wajah tidak terlihat, hadap ke kamera", "No face found, face the camera"),
    "multiple_faces": (
        "Lebih dari satu wajah, foto sendiri saja",
        "More than one face, one person only",
    ),
    "face_too_small": ("Wajah terlalu kecil, mendekat ke kamera", "Face too small, come closer"),
    "face_covered": (
        "Wajah tertutup masker? Lepas masker atau turunkan tangan",
        "Face covered by a mask? Remove the mask or lower the hand",
    ),
}
ISSUE_CODES = tuple(MESSAGES)

DARK_MEDIAN = 70  # median grey of the subject below this: too dark
BRIGHT_CLIPPED_SHARE = 0.25  # share of clipped (>= 252) pixels above this: too bright
GLARE_MIN_SHARE = 0.02  # a clipped blob of at least this share of the subject: glare
SHARPNESS_MIN = 0.12  # see sharpness(); below this a flattened document is blurry
FACE_SHARPNESS_MIN = 0.1  # the same for a face crop measured at 96 px wide


@dataclass(frozen=True)
class QualityIssue:
    """One problem found, with the text to show.

    Attributes:
        code: one of ISSUE_CODES, stable across releases.
        message_id: Bahasa Indonesia text.
        message_en: English text.
    """

    code: str
    message_id: str
    message_en: str

    @property
    def message(self) -> str:
        """Both languages, Indonesian first."""
        return f"{self.message_id} / {self.message_en}"

    def to_json(self) -> dict[str, str]:
        """The CLI's JSON shape."""
        return {"code": self.code, "message": self.message}


def issue(code: str) -> QualityIssue:
    """The issue for a code, with its standard messages."""
    message_id, message_en = MESSAGES[code]
    return QualityIssue(code, message_id, message_en)


@dataclass(frozen=True)
class QualityReport:
    """The outcome of checking one image.

    Attributes:
        issues: problems found, most important first (the preview shows the first as a hint).
        metrics: the measured numbers, for support staff and threshold tuning.
        corners: document corners in input pixels (TL, TR, BR, BL), when a document was found.
        faces: face boxes (x, y, w, h) in input pixels, for selfies.
    """

    issues: tuple[QualityIssue, ...] = ()
    metrics: dict[str, Any] = field(default_factory=dict)
    corners: np.ndarray | None = None
    faces: tuple[tuple[int, int, int, int], ...] = ()

    @property
    def ok(self) -> bool:
        """True when nothing needs fixing."""
        return not self.issues

    @property
    def codes(self) -> set[str]:
        """The issue codes, for tests and quick checks."""
        return {item.code for item in self.issues}

    def to_json(self) -> dict[str, Any]:
        """`{"ok", "issues", "metrics"}` as printed by `kiosk image check --json`."""
        return {
            "ok": self.ok,
            "issues": [item.to_json() for item in self.issues],
            "metrics": {key: _plain(value) for key, value in self.metrics.items()},
        }


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, float):
        return round(value, 4)
    return value


def to_gray(image: np.ndarray) -> np.ndarray:
    """Grey levels of a BGR or grey image."""
    return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def sharpness(gray: np.ndarray, width: int = 800) -> float:
    """Focus measure: Laplacian energy relative to overall contrast, at a fixed scale.

    Plain Laplacian variance grows with contrast and content, so a dim photo would look
    blurry and a busy KK sharp. Dividing by the contrast of the same image, after resizing to
    a fixed width and a light denoise, leaves a number that mostly tracks the edge width.
    """
    scale = width / gray.shape[1]
    resized = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    resized = cv2.GaussianBlur(resized.astype(np.float32), (3, 3), 0)
    laplacian = cv2.Laplacian(resized, cv2.CV_32F)
    contrast = float(resized.std()) + 1e-6
    return float(laplacian.std()) / contrast


def clipped_share(gray: np.ndarray, mask: np.ndarray | None = None) -> float:
    """Share of pixels at or near white (>= 252), where detail is lost."""
    values = gray if mask is None else gray[mask > 0]
    return float(np.mean(values >= 252)) if values.size else 0.0


def largest_glare_blob(gray: np.ndarray) -> float:
    """Area of the largest connected clipped region, as a share of the image.

    A specular highlight on a laminated KTP is one compact clipped blob; a white page has
    only scattered clipped pixels from noise. Counting the biggest blob tells them apart.
    """
    clipped = (cv2.GaussianBlur(gray, (3, 3), 0) >= 252).astype(np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(clipped, connectivity=8)
    if count <= 1:
        return 0.0
    return float(stats[1:, cv2.CC_STAT_AREA].max()) / float(gray.size)


def exposure_issues(gray: np.ndarray, metrics: dict[str, Any]) -> list[QualityIssue]:
    """too_dark / too_bright / glare for the subject's grey levels (document or face)."""
    median = float(
        np.searchsorted(np.bincount(gray.ravel(), minlength=256).cumsum(), gray.size / 2)
    )
    clipped = clipped_share(gray)
    glare_blob = largest_glare_blob(gray)
    metrics.update(median_grey=median, clipped_share=clipped, glare_blob_share=glare_blob)
    if median < DARK_MEDIAN:
        return [issue("too_dark")]
    if clipped > BRIGHT_CLIPPED_SHARE:
        return [issue("too_bright")]
    if glare_blob >= GLARE_MIN_SHARE:
        return [issue("glare")]
    return []


def blur_issues(
    gray: np.ndarray,
    metrics: dict[str, Any],
    width: int = 800,
    minimum: float = SHARPNESS_MIN,
) -> list[QualityIssue]:
    """blurry, from `sharpness` at `width` pixels (documents 800, face crops 96)."""
    value = sharpness(gray, width)
    metrics["sharpness"] = value
    return [issue("blurry")] if value < minimum else []
