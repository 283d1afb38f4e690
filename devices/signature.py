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


INK_CONTRAST = 0.72  # ink is this much darker than the paper around it (or darker still)
PAPER_LEVEL = 120  # a local background darker than this is the desk, not paper
MIN_PAPER_SHARE = 0.1  # of the photo: a signature is written on paper
MAX_STROKE_WIDTH = 0.02  # of the photo's height (at least 12 px): thicker is not a pen
MAX_COMPONENTS = 60  # a signature has a few strokes; print or a face has many more pieces
MIN_EXTENT = 0.04  # the ink must spread over at least this share of the photo's width


def find_ink(photo: np.ndarray) -> np.ndarray:
    """Pen strokes on paper as a mask, judged by the strokes themselves.

    The paper's shading is divided out (a median blur is the background), then ink is what is
    clearly darker than the paper around it, only where there is paper (a dark desk around
    the sheet is not ink). Whether that is a signature is told by the strokes: how many
    pieces, how thick, how far they spread; never by the photo's mean brightness, which a
    thin pen on an A4 sheet (about 1 % ink) hardly changes.

    Raises:
        ImageUnreadable: no ink found, or what is dark is not pen strokes (a face, a page
            of print, blank paper).
    """
    gray = photo if photo.ndim == 2 else cv2.cvtColor(photo, cv2.COLOR_BGR2GRAY)
    height, width = gray.shape
    size = max(gray.shape)
    kernel = max(15, (size // 20) | 1)
    background = cv2.medianBlur(gray, kernel if kernel % 2 else kernel + 1)
    paper = cv2.erode((background >= PAPER_LEVEL).astype(np.uint8), np.ones((9, 9), np.uint8))
    if paper.mean() < MIN_PAPER_SHARE:
        raise ImageUnreadable("no signature ink found")
    ratio = gray.astype(np.float32) / np.maximum(background.astype(np.float32), 1.0)
    ink = ((ratio < INK_CONTRAST) & (paper > 0)).astype(np.uint8) * 255
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    min_area = max(6, int(gray.size * 4e-6))
    keep = np.zeros_like(ink)
    kept = [i for i in range(1, count) if stats[i, cv2.CC_STAT_AREA] >= min_area]
    if not kept or len(kept) > MAX_COMPONENTS:
        raise ImageUnreadable("no signature ink found")
    keep[np.isin(labels, kept)] = 255
    contours, _ = cv2.findContours(keep, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    length = sum(cv2.arcLength(c, True) for c in contours) / 2
    stroke = cv2.countNonZero(keep) / max(length, 1.0)
    x, _, w, _ = cv2.boundingRect(cv2.findNonZero(keep))
    if stroke > max(12.0, MAX_STROKE_WIDTH * height) or w < MIN_EXTENT * width:
        raise ImageUnreadable("no signature ink found")
    return keep


def clean_signature(photo: np.ndarray, margin: int = 16) -> np.ndarray:
    """Black ink on pure white, cropped to the signature with a small margin.

    Raises:
        ImageUnreadable: no ink found (blank paper, or the photo is of something else).
    """
    keep = find_ink(photo)
    x, y, w, h = cv2.boundingRect(cv2.findNonZero(keep))
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
