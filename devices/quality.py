"""Image quality measures and the stable issue codes shown to operators and citizens.

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
    "glare": ("Ada pantulan cahaya, miringkan sedikit", "Glare on the document, tilt it a little"),
    "no_document": (
        "Dokumen tidak terlihat, letakkan di tengah",
        "No document found, place it in the middle",
    ),
    "document_cut_off": (
        "Dokumen terpotong, semua tepi harus terlihat",
        "Document is cut off, show all four edges",
    ),
    "too_small": ("Terlalu jauh, dekatkan dokumen", "Too far away, move the document closer"),
    "shadow": (
        "Ada bayangan di dokumen, jauhkan tangan atau pindah ke tempat terang",
        "A shadow on the document, move your hand away or find even light",
    ),
    "finger": (
        "Jari menutupi dokumen, pegang di tepinya saja",
        "A finger covers the document, hold it by the edge",
    ),
    "wrong_document": (
        "Bentuknya tidak cocok dengan dokumen ini (kartu atau lembar A4?), periksa lagi",
        "Its shape does not match this document (a card or an A4 sheet?), check it",
    ),
    "wrong_title": (
        "Judul yang terbaca bukan judul dokumen ini, periksa lagi",
        "The title read is not this document's title, check it",
    ),
    "same_image": (
        "Gambar yang sama sudah dipakai untuk dokumen lain",
        "The same image is already used for another document",
    ),
    "too_tilted": (
        "Dokumen terlalu miring, hadapkan lurus ke kamera",
        "The document is tilted too much, face it straight to the camera",
    ),
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

# Where on the document a glare spot is: a 3x3 grid, (Bahasa Indonesia, English).
PLACES: dict[tuple[int, int], tuple[str, str]] = {
    (0, 0): ("kiri atas", "top left"),
    (1, 0): ("atas", "top"),
    (2, 0): ("kanan atas", "top right"),
    (0, 1): ("kiri", "left"),
    (1, 1): ("tengah", "middle"),
    (2, 1): ("kanan", "right"),
    (0, 2): ("kiri bawah", "bottom left"),
    (1, 2): ("bawah", "bottom"),
    (2, 2): ("kanan bawah", "bottom right"),
}
SUBJECTS = {"card": ("kartu", "card"), "document": ("dokumen", "document")}

DARK_MEDIAN = 70  # median grey of a face below this: too dark
DARK_BRIGHTEST = 70  # a document whose brightest 1 % stay below this grey: too dark (a dark
# card in good light still has light print, if only a few lines of it: its brightest 1 % are
# above grey 90 where its brightest 5 % may be its dark ground; a card in the dark: under 60)
BRIGHT_CLIPPED_SHARE = 0.25  # share of clipped (>= 252) pixels above this: too bright
GLARE_MIN_SHARE = 0.02  # a clipped blob of at least this share of the subject: glare
GLARE_MAX_SHARE = 0.4  # ... and one clipped blob over more than this: washed out, too bright
EDGE_SHARPNESS_MIN = 2.7  # see edge_sharpness(); below this a flattened document is blurry
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


def glare_issue(place: tuple[int, int] | None, subject: str = "card") -> QualityIssue:
    """`glare`, saying where: "Pantulan cahaya di tengah kartu, miringkan sedikit"."""
    if place is None:
        return issue("glare")
    where_id, where_en = PLACES[place]
    noun_id, noun_en = SUBJECTS[subject]
    return QualityIssue(
        "glare",
        f"Pantulan cahaya di {where_id} {noun_id}, miringkan sedikit",
        f"Glare on the {where_en} of the {noun_en}, tilt it a little",
    )


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


def edge_sharpness(gray: np.ndarray, width: int) -> float:
    """Focus measure that does not depend on what is printed: how much the strongest edges
    lose when blurred a little more.

    The 99th percentile of the Laplacian's magnitude, over the same after a 2 px Gaussian
    blur, at `width` pixels (the document's size in the photo, never enlarged, so a card far
    away is not blamed for the enlargement). A sharp edge loses much (ratio 3-7), an edge that
    is already soft loses little (1.3-2.5), whatever the print, the card's colour or the light.
    """
    scale = min(1.0, width / gray.shape[1])
    resized = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    resized = cv2.GaussianBlur(resized.astype(np.float32), (0, 0), 0.8)
    sharp = np.abs(cv2.Laplacian(resized, cv2.CV_32F))
    soft = np.abs(cv2.Laplacian(cv2.GaussianBlur(resized, (0, 0), 2.0), cv2.CV_32F))
    high = float(np.percentile(sharp, 99))
    low = float(np.percentile(soft, 99))
    return high / (low + 1e-6) if high > 1.0 else 0.0


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


def glare_place(gray: np.ndarray) -> tuple[int, int] | None:
    """Which ninth (column, row) of the image holds the largest clipped blob, if any."""
    clipped = (cv2.GaussianBlur(gray, (3, 3), 0) >= 252).astype(np.uint8)
    count, _, stats, centroids = cv2.connectedComponentsWithStats(clipped, connectivity=8)
    if count <= 1:
        return None
    largest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    x, y = centroids[largest]
    height, width = gray.shape
    return min(2, int(3 * x / width)), min(2, int(3 * y / height))


def document_exposure_issues(
    gray: np.ndarray, metrics: dict[str, Any], subject: str = "card"
) -> list[QualityIssue]:
    """glare / too_dark / too_bright for a flattened document of any colour.

    Glare comes first: a lamp's reflection is what the citizen can fix by tilting, and it
    also brightens the whole card. Darkness is judged on the brightest part of the document
    (light print on a dark card, or the paper), never on its median.
    """
    median, brightest = grey_percentiles(gray, (50, 99))
    clipped = clipped_share(gray)
    glare_blob = largest_glare_blob(gray)
    metrics.update(
        median_grey=median, brightest_grey=brightest, clipped_share=clipped,
        glare_blob_share=glare_blob,
    )  # fmt: skip
    # One compact spot holding most of the clipped area is a reflection, however big; a
    # washed-out document is clipped all over.
    if glare_blob >= GLARE_MIN_SHARE and (
        clipped <= BRIGHT_CLIPPED_SHARE
        or (glare_blob >= 0.8 * clipped and glare_blob < GLARE_MAX_SHARE)
    ):
        place = glare_place(gray)
        metrics["glare_place"] = None if place is None else PLACES[place][1]
        return [glare_issue(place, subject)]
    if clipped > BRIGHT_CLIPPED_SHARE:
        return [issue("too_bright")]
    if brightest < DARK_BRIGHTEST:
        return [issue("too_dark")]
    return []


def grey_percentiles(gray: np.ndarray, points: tuple[float, ...]) -> list[float]:
    """Percentiles of uint8 grey levels from a histogram: linear time, unlike a sort."""
    counts = np.bincount(gray.ravel(), minlength=256).cumsum()
    return [float(np.searchsorted(counts, counts[-1] * p / 100.0)) for p in points]


def exposure_issues(gray: np.ndarray, metrics: dict[str, Any]) -> list[QualityIssue]:
    """too_dark / too_bright / glare for the subject's grey levels (a face)."""
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


def document_blur_issues(
    gray: np.ndarray, metrics: dict[str, Any], native_width: float
) -> list[QualityIssue]:
    """blurry, from `edge_sharpness` at the document's own size in the photo (<= 800 px)."""
    value = edge_sharpness(gray, int(max(120, min(800, native_width))))
    metrics["sharpness"] = value
    return [issue("blurry")] if value < EDGE_SHARPNESS_MIN else []


def blur_issues(
    gray: np.ndarray,
    metrics: dict[str, Any],
    width: int = 800,
    minimum: float = FACE_SHARPNESS_MIN,
) -> list[QualityIssue]:
    """blurry, from `sharpness` at `width` pixels (face crops at 96)."""
    value = sharpness(gray, width)
    metrics["sharpness"] = value
    return [issue("blurry")] if value < minimum else []
