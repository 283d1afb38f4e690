"""Compressing a flattened document to the size budget of its kind.

Attachments travel over weak links in chunks, and the district portals cap uploads, so each
kind has a byte budget (devices.document.DOCUMENT_KINDS). JPEG quality is lowered first and
resolution only after, never below a width at which the NIK's digits stay readable: about
12 px per digit height, which for a KTP means 800 px across.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from devices.errors import ImageUnreadable

MIN_QUALITY = 40
MAX_QUALITY = 92
MIN_WIDTH = {"ktp": 800, "kk": 1400, "page": 1000}


@dataclass(frozen=True)
class CompressedImage:
    """A JPEG that fits (or comes as close as legibility allows to) the budget.

    Attributes:
        data: the JPEG bytes.
        quality: the JPEG quality used.
        width: pixel width after any downscaling.
        height: pixel height.
        within_budget: False when even the smallest legible version is over the budget.
    """

    data: bytes
    quality: int
    width: int
    height: int
    within_budget: bool


def encode_jpeg(image: np.ndarray, quality: int) -> bytes:
    """JPEG bytes (progressive, optimised Huffman tables: smaller at no quality cost)."""
    params = [
        cv2.IMWRITE_JPEG_QUALITY,
        quality,
        cv2.IMWRITE_JPEG_OPTIMIZE,
        1,
        cv2.IMWRITE_JPEG_PROGRESSIVE,
        1,
    ]
    ok, buffer = cv2.imencode(".jpg", image, params)
    if not ok:
        raise ImageUnreadable("JPEG encoder refused the image")
    return buffer.tobytes()


def _best_quality(image: np.ndarray, target: int) -> tuple[int, bytes] | None:
    """Highest quality whose output fits `target`, by binary search, or None."""
    low, high = MIN_QUALITY, MAX_QUALITY
    found: tuple[int, bytes] | None = None
    while low <= high:
        middle = (low + high) // 2
        data = encode_jpeg(image, middle)
        if len(data) <= target:
            found, low = (middle, data), middle + 1
        else:
            high = middle - 1
    return found


def compress_to_target(image: np.ndarray, target_bytes: int, kind: str = "ktp") -> CompressedImage:
    """The best-looking JPEG of `image` within `target_bytes`, keeping the NIK legible.

    Tries the full resolution at falling quality, then shrinks in 15% steps down to the
    kind's minimum width. If nothing fits, returns the smallest legible version marked
    `within_budget=False` rather than destroying the text.
    """
    min_width = min(MIN_WIDTH.get(kind, 800), image.shape[1])
    current = image
    while True:
        found = _best_quality(current, target_bytes)
        if found is not None:
            quality, data = found
            return CompressedImage(data, quality, current.shape[1], current.shape[0], True)
        next_width = int(current.shape[1] * 0.85)
        if next_width < min_width:
            data = encode_jpeg(current, MIN_QUALITY)
            return CompressedImage(
                data, MIN_QUALITY, current.shape[1], current.shape[0], len(data) <= target_bytes
            )
        scale = next_width / current.shape[1]
        current = cv2.resize(current, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
