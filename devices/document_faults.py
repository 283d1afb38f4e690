"""What spoils a document photo besides light and focus: a shadow, a finger over the card.

Both are told apart from the look of real documents, which are not uniform paper: a dark
coloured band, a photo or a table header is darker than the paper too, but it has its own
colour, and it never reaches out past the card's edge the way a thumb does.
"""

from __future__ import annotations

import cv2
import numpy as np

SHADOW_RATIO = 0.62  # paper this much darker than the brightest paper, same colour: shadow
SHADOW_MIN_SHARE = 0.25  # of the document's area (a coloured band or photo stays under 0.2)
FINGER_MIN_SHARE = 0.017  # skin crossing the outline, as a share of the document's area
FINGER_MAX_SHARE = 0.15  # a "finger" over more of the card than this is the card's own colour
FINGER_CONTRAST = 20.0  # Lab distance between the finger and the card's ground
DESK_SKIN_MAX = 0.25  # a desk (wood) this skin-coloured all round says nothing about fingers


def shadow_share(bgr: np.ndarray) -> float:
    """Share of a flattened document lying in a shadow: paper of the same colour as the rest,
    clearly darker.

    The document is cut into a grid; in each cell the paper's level is its median grey (the
    ground, whether light paper or a dark card). Cells darker than SHADOW_RATIO of the
    brightest cells while keeping their chroma (a shadow darkens, it does not recolour; a
    coloured band or a photo does) count as shadowed.
    """
    small = cv2.resize(bgr, (96, 60), interpolation=cv2.INTER_AREA)
    lab = cv2.cvtColor(small, cv2.COLOR_BGR2LAB).astype(np.float32)
    rows, cols = 5, 8
    levels = np.zeros((rows, cols), np.float32)
    chroma = np.zeros((rows, cols, 2), np.float32)
    for r in range(rows):
        for c in range(cols):
            cell = lab[r * 12 : (r + 1) * 12, c * 12 : (c + 1) * 12].reshape(-1, 3)
            order = np.argsort(cell[:, 0])
            top = cell[order[int(0.75 * len(order)) :]]
            levels[r, c] = float(np.median(cell[:, 0]))
            chroma[r, c] = np.median(top[:, 1:], axis=0)
    bright = levels >= np.percentile(levels, 75)
    reference_level = float(np.median(levels[bright]))
    reference_chroma = np.median(chroma[bright], axis=0)
    if reference_level < 60:
        return 0.0
    # A shadow keeps the hue but, being darker, also less chroma: compare the direction.
    distance = np.linalg.norm(
        chroma - 128 - (reference_chroma - 128) * (levels / reference_level)[..., None], axis=2
    )
    shadowed = (levels < SHADOW_RATIO * reference_level) & (distance < 6.0)
    return float(shadowed.mean())


def skin_mask(bgr: np.ndarray) -> np.ndarray:
    """Skin-coloured pixels (YCrCb box rule, all skin tones; also wood and some cloth)."""
    ycrcb = cv2.cvtColor(bgr, cv2.COLOR_BGR2YCrCb)
    return cv2.inRange(ycrcb, np.array([40, 138, 77]), np.array([235, 178, 130]))


def finger_share(image: np.ndarray, corners: np.ndarray) -> float:
    """How much skin crosses the document's outline, as a share of the document's area.

    A thumb holding a card lies over its edge: skin just outside the outline and just inside
    it at the same place. A face on the card's photo is inside only, and a wood desk is
    skin-coloured all round (then nothing can be told, and nothing is claimed).
    """
    height, width = image.shape[:2]
    scale = min(1.0, 640 / max(height, width))
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    quad = np.rint(corners * scale).astype(np.int32)
    filled = np.zeros(small.shape[:2], np.uint8)
    cv2.fillPoly(filled, [quad], 255)
    area = cv2.countNonZero(filled)
    if area < 100:
        return 0.0
    band = max(3, int(0.04 * np.sqrt(area)))
    kernel = np.ones((2 * band + 1, 2 * band + 1), np.uint8)
    outside = cv2.subtract(cv2.dilate(filled, kernel), filled)
    inside = cv2.subtract(filled, cv2.erode(filled, kernel))
    skin = skin_mask(small)
    ring_skin = cv2.countNonZero(cv2.bitwise_and(skin, outside)) / max(cv2.countNonZero(outside), 1)
    if ring_skin > DESK_SKIN_MAX:
        return 0.0
    lab = cv2.cvtColor(small, cv2.COLOR_BGR2LAB).astype(np.float32)
    ground = np.median(lab[inside > 0], axis=0)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(skin, connectivity=8)
    crossing = 0
    for label in range(1, count):
        if stats[label, cv2.CC_STAT_AREA] < 20:
            continue
        blob = labels == label
        covered = blob & (filled > 0)
        over = int(covered.sum())
        beyond = int((blob & (filled == 0)).sum())
        if beyond < band * band or (blob & (inside > 0)).sum() < 10:
            continue  # a thumb reaches well out past the edge; a coloured band bleeds 1-2 px
        if over > FINGER_MAX_SHARE * area:
            continue  # the card itself is skin-coloured (warm light): nothing to tell
        if float(np.linalg.norm(np.median(lab[covered], axis=0) - ground)) < FINGER_CONTRAST:
            continue  # the same colour as the card's own ground
        crossing += over
    return crossing / float(area)
