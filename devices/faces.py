"""Face checks for selfies, with OpenCV's Haar cascades (shipped inside opencv-python).

District offices reject a selfie that hides the face (a mask, a hand) or shows several
people, so the kiosk looks before the photo is kept. Haar cascades are old but small, need no
model download and run in a few milliseconds on the kiosk's CPU; the covered-face test on top
is a measured heuristic, not a classifier, and its rates are in docs/devices.md.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

DETECT_WIDTH = 640
FACE_MIN_HEIGHT_SHARE = 0.15  # a face shorter than this share of the frame: too small
COVER_COLOUR_DISTANCE = 14.0  # Lab a/b distance, lower face vs cheeks: a mask
MIN_MOUTH_GRADIENT = 30.0  # mean Sobel response below which edge directions mean nothing
COVER_VERTICAL_RATIO = 1.6  # vertical-edge energy / horizontal in the mouth area: fingers


@dataclass(frozen=True)
class FaceFinding:
    """One detected face and what its lower half looks like.

    Attributes:
        box: (x, y, w, h) in input pixels.
        colour_distance: Lab a/b distance between the mouth-chin area and the cheeks.
        vertical_ratio: vertical-edge over horizontal-edge energy around the mouth.
    """

    box: tuple[int, int, int, int]
    colour_distance: float
    vertical_ratio: float

    @property
    def covered(self) -> bool:
        """A mask (colour unlike skin) or a hand (fingers' vertical edges) over the mouth."""
        return (
            self.colour_distance > COVER_COLOUR_DISTANCE
            or self.vertical_ratio > COVER_VERTICAL_RATIO
        )


@functools.cache
def _cascade(name: str) -> cv2.CascadeClassifier:
    classifier = cv2.CascadeClassifier(cv2.data.haarcascades + name)  # type: ignore[attr-defined]
    if classifier.empty():
        raise RuntimeError(f"OpenCV cascade {name} missing from this install")
    return classifier


def detect_faces(image: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Frontal face boxes (x, y, w, h) in input pixels, largest first."""
    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    scale = min(1.0, DETECT_WIDTH / gray.shape[1])
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    small = cv2.equalizeHist(small)
    # Faces under 8% of the frame are never acceptable selfies (the limit is 15%), so the
    # cascade need not search below that: the smallest scales cost the most time.
    min_side = max(24, int(0.08 * min(small.shape)))
    found = _cascade("haarcascade_frontalface_default.xml").detectMultiScale(
        small, scaleFactor=1.1, minNeighbors=6, minSize=(min_side, min_side)
    )
    boxes = [_scaled_box(box, scale) for box in found]
    return sorted(boxes, key=lambda b: b[2] * b[3], reverse=True)


def _scaled_box(box: Sequence[float], scale: float) -> tuple[int, int, int, int]:
    x, y, w, h = (int(round(float(v) / scale)) for v in box)
    return x, y, w, h


def find_eye_pair(image: np.ndarray) -> tuple[int, int, int, int] | None:
    """A face box inferred from a pair of eyes, for faces the frontal cascade misses.

    The frontal cascade leans on the nose and mouth, so a hand over the mouth often hides the
    whole face from it while both eyes stay plainly visible. Two eyes of similar size, side
    by side at a plausible spacing, give the face's position and size (about 2.3 eye
    distances wide, eyes at 38% of its height), measured on the astronaut test photo.
    """
    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    scale = min(1.0, DETECT_WIDTH / gray.shape[1])
    small = cv2.equalizeHist(
        cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    )
    min_side = max(10, int(0.025 * min(small.shape)))
    eyes = _cascade("haarcascade_eye.xml").detectMultiScale(
        small, scaleFactor=1.1, minNeighbors=8, minSize=(min_side, min_side)
    )
    best: tuple[float, tuple[int, int, int, int]] | None = None
    for i in range(len(eyes)):
        for j in range(len(eyes)):
            (x1, y1, w1, h1), (x2, y2, w2, h2) = eyes[i], eyes[j]
            if x1 >= x2 or max(w1, w2) / min(w1, w2) > 1.4:
                continue
            c1 = np.array([x1 + w1 / 2, y1 + h1 / 2])
            c2 = np.array([x2 + w2 / 2, y2 + h2 / 2])
            distance = float(c2[0] - c1[0])
            size = (w1 + w2) / 2
            if not 1.2 * size <= distance <= 3.5 * size or abs(c2[1] - c1[1]) > 0.5 * size:
                continue
            width = 2.3 * distance
            centre = (c1 + c2) / 2
            box = (centre[0] - width / 2, centre[1] - 0.38 * width, width, width)
            if best is None or size > best[0]:
                best = (float(size), _scaled_box(box, scale))
    return None if best is None else best[1]


def _region(
    image: np.ndarray, box: tuple[int, int, int, int], rect: tuple[float, ...]
) -> np.ndarray:
    x, y, w, h = box
    x0, y0, x1, y1 = rect
    top, bottom = max(0, int(y + y0 * h)), min(image.shape[0], int(y + y1 * h))
    left, right = max(0, int(x + x0 * w)), min(image.shape[1], int(x + x1 * w))
    return image[top:bottom, left:right]


def examine_face(image: np.ndarray, box: tuple[int, int, int, int]) -> FaceFinding:
    """Measures whether the lower face looks like skin and a mouth, or like a cover.

    Compares the chroma (Lab a/b, which ignores light level) of the mouth-and-chin area with
    that of both cheeks, and the balance of vertical against horizontal edges around the
    mouth: lips and chin are horizontal structures, fingers vertical ones.
    """
    lab = cv2.cvtColor(image, cv2.COLOR_BGR2LAB).astype(np.float32)
    cheeks = np.concatenate(
        [
            _region(lab, box, (0.12, 0.36, 0.3, 0.46)).reshape(-1, 3),
            _region(lab, box, (0.7, 0.36, 0.88, 0.46)).reshape(-1, 3),
        ]
    )
    lower = _region(lab, box, (0.3, 0.72, 0.7, 0.95)).reshape(-1, 3)
    if len(cheeks) == 0 or len(lower) == 0:
        return FaceFinding(box, 0.0, 0.0)
    distance = float(np.linalg.norm(np.median(cheeks[:, 1:], 0) - np.median(lower[:, 1:], 0)))
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY).astype(np.float32)
    mouth = cv2.GaussianBlur(_region(gray, box, (0.25, 0.65, 0.75, 0.95)), (3, 3), 0)
    if mouth.size == 0:
        return FaceFinding(box, distance, 0.0)
    vertical = float(np.abs(cv2.Sobel(mouth, cv2.CV_32F, 1, 0)).mean())
    horizontal = float(np.abs(cv2.Sobel(mouth, cv2.CV_32F, 0, 1)).mean())
    if vertical + horizontal < MIN_MOUTH_GRADIENT:
        return FaceFinding(box, distance, 0.0)  # too soft to tell edges apart (blur, dark)
    return FaceFinding(box, distance, vertical / horizontal)
