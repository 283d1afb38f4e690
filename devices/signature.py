"""Signatures: strokes drawn on screen, or a photo of a signature on white paper.

District portals want a signature as black ink on a white ground. A phone photo of paper has
shadows, a grey or yellowish ground and a slant of light; dividing by the blurred background
flattens that before thresholding, so only the ink remains.
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

from devices.errors import ImageUnreadable

Stroke = Sequence[tuple[float, float]]


def clean_signature(photo: np.ndarray, margin: int = 16) -> np.ndarray:
    """Black ink on pure white, cropped to the signature with a small margin.

    Raises:
        ImageUnreadable: no ink found (blank paper, or the photo is of something else).
    """
    gray = photo if photo.ndim == 2 else cv2.cvtColor(photo, cv2.COLOR_BGR2GRAY)
    size = max(gray.shape)
    kernel = max(15, (size // 20) | 1)
    background = cv2.medianBlur(gray, kernel if kernel % 2 else kernel + 1)
    flattened = cv2.divide(gray, background, scale=255)
    _, ink = cv2.threshold(flattened, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    if float(np.mean(flattened)) > 250 or cv2.countNonZero(ink) < 30:
        raise ImageUnreadable("no signature ink found")
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    keep = np.zeros_like(ink)
    min_area = max(4, int(gray.size * 1e-5))
    for label in range(1, count):
        if stats[label, cv2.CC_STAT_AREA] >= min_area:
            keep[labels == label] = 255
    points = cv2.findNonZero(keep)
    if points is None:
        raise ImageUnreadable("no signature ink found")
    x, y, w, h = cv2.boundingRect(points)
    crop = keep[max(0, y - margin) : y + h + margin, max(0, x - margin) : x + w + margin]
    return np.where(crop > 0, 0, 255).astype(np.uint8)


def render_strokes(
    strokes: Sequence[Stroke], size: tuple[int, int], pen_width: int = 4
) -> np.ndarray:
    """Draws pen strokes (in pixel coordinates of `size` = (width, height)) black on white."""
    canvas = np.full((size[1], size[0]), 255, np.uint8)
    for stroke in strokes:
        points = np.array([[round(x), round(y)] for x, y in stroke], np.int32)
        if len(points) == 1:
            cv2.circle(canvas, tuple(int(v) for v in points[0]), pen_width // 2, 0, -1, cv2.LINE_AA)
        elif len(points) > 1:
            cv2.polylines(canvas, [points], False, 0, pen_width, cv2.LINE_AA)
    return canvas
