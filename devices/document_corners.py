"""Putting a found document's corners exactly on its edges, and warping it flat.

The finder (devices/document.py) works on a reduced copy; here each side is refined on the
full image by fitting a straight line across a per-side colour contrast (so a dark band along
one edge is as sharp as a light one) and intersecting the lines, which puts each corner where
the card's edges meet even though an ID-1 card's corners are rounded.
"""

from __future__ import annotations

import cv2
import numpy as np

from devices.document_edges import colour_planes
from devices.document_kinds import DocumentKind
from devices.geometry import intersect, order_corners


def fit_side(
    lab: np.ndarray, start: np.ndarray, end: np.ndarray, reach: float
) -> np.ndarray | None:
    """A line (vx, vy, x0, y0) through the colour step along one side of the quad.

    Samples across the side at many points and projects the colours onto this side's own
    inside-to-outside contrast (so a dark band, a blue card or a white card on a white desk
    each give their strongest step), keeps the strong step nearest the coarse side on each
    normal, and fits a line robustly (Huber), ignoring the ends where corners round.
    """
    height, width = lab.shape[:2]
    direction = (end - start) / (np.linalg.norm(end - start) + 1e-9)
    normal = np.array([-direction[1], direction[0]])
    offsets = np.arange(-reach, reach + 1, 1.0)
    bases = start + (end - start) * np.linspace(0.12, 0.88, 48)[:, None]
    grid = bases[:, None, :] + offsets[None, :, None] * normal[None, None, :]
    xs, ys = grid[..., 0], grid[..., 1]
    inside = (xs.min(axis=1) >= 0) & (ys.min(axis=1) >= 0)
    inside &= (xs.max(axis=1) <= width - 2) & (ys.max(axis=1) <= height - 2)
    if inside.sum() < 8:
        return None
    grid, xs, ys = grid[inside], xs[inside], ys[inside]
    values = cv2.remap(lab, xs.astype(np.float32), ys.astype(np.float32), cv2.INTER_LINEAR)
    values = values.astype(np.float32)
    half = len(offsets) // 2
    contrast = values[:, half + 1 :].mean(axis=(0, 1)) - values[:, :half].mean(axis=(0, 1))
    norm = float(np.linalg.norm(contrast))
    if norm < 1e-3:
        return None
    profile = values @ (contrast / norm)
    steps = np.abs(np.diff(profile, axis=1))
    peaks = steps.max(axis=1)
    # The strong step nearest the coarse side: a KTP's photo frame runs parallel to the
    # card's edge a few millimetres inside and may be the stronger step.
    strong = steps >= 0.7 * peaks[:, None]
    distance = np.where(strong, np.abs(offsets[:-1] + 0.5)[None, :], np.inf)
    chosen = np.argmin(distance, axis=1)
    rows = np.flatnonzero(peaks >= 3)
    if len(rows) < 8:
        return None
    points = grid[rows, chosen[rows]] + 0.5 * normal
    fitted = cv2.fitLine(points.astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01)
    return fitted.ravel().astype(np.float64)


def refine(smooth: np.ndarray, corners: np.ndarray, reach: float) -> np.ndarray:
    lines = []
    for index in range(4):
        line = fit_side(smooth, corners[index], corners[(index + 1) % 4], reach)
        if line is None:
            return corners  # one side without an edge: the rest need not be fitted
        lines.append(line)
    refined = []
    for index in range(4):
        point = intersect(lines[index - 1], lines[index])
        if point is None or np.linalg.norm(point - corners[index]) > 2 * reach:
            return corners
        refined.append(point)
    return np.array(refined)


def refine_in_window(bgr: np.ndarray, corners: np.ndarray) -> np.ndarray:
    """`refine_corners` on the part of the photo around the quad only (speed)."""
    height, width = bgr.shape[:2]
    reach = max(5.0, 0.01 * max(height, width))
    margin = int(3 * reach) + 4
    x0, y0 = np.maximum(np.floor(corners.min(axis=0)).astype(int) - margin, 0)
    x1, y1 = np.minimum(np.ceil(corners.max(axis=0)).astype(int) + margin, [width, height])
    offset = np.array([x0, y0], np.float64)
    window = bgr[y0:y1, x0:x1]
    return refine_corners(window, corners - offset, reach) + offset


def refine_corners(
    image: np.ndarray,
    corners: np.ndarray,
    reach: float | None = None,
    planes: np.ndarray | None = None,
) -> np.ndarray:
    """Moves coarse corners onto the intersections of lines fitted to the real edges.

    Args:
        image: the BGR (or grey) image the corners refer to.
        corners: coarse corners, TL, TR, BR, BL.
        reach: how far (px) across each side to look for the edge; default 1% of the image.
        planes: `colour_planes` of the image, when the caller has them already.
    """
    if planes is None:
        bgr = image if image.ndim == 3 else cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
        planes = colour_planes(bgr)
    if reach is None:
        reach = max(5.0, 0.01 * max(image.shape[:2]))
    return refine(cv2.GaussianBlur(planes, (5, 5), 0), corners, reach)


def flatten(image: np.ndarray, corners: np.ndarray, kind: DocumentKind) -> np.ndarray:
    """Warps the document to an upright rectangle of the kind's aspect ratio.

    A landscape kind found standing on its side is turned so its long edge is horizontal.
    """
    quad = order_corners(corners)
    top = np.linalg.norm(quad[1] - quad[0]) + np.linalg.norm(quad[2] - quad[3])
    side = np.linalg.norm(quad[3] - quad[0]) + np.linalg.norm(quad[2] - quad[1])
    if (kind.aspect > 1) != (top >= side):
        quad = np.roll(quad, -1, axis=0)
    width = kind.width
    height = int(round(width / kind.aspect))
    target = np.array(
        [[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], dtype=np.float32
    )
    matrix = cv2.getPerspectiveTransform(quad.astype(np.float32), target)
    return cv2.warpPerspective(image, matrix, (width, height), flags=cv2.INTER_AREA)
