"""Telling a card that runs out of the picture from a whole one.

The document finder (devices/document.py) sees a cut-off card as an outline with one or two
sides along the frame's edge. Two things hide that: the outline of a soft (blurred, rounded)
corner comes out as two vertices with a short bevel between them, which no card has; and the
cleanest quad may be only part of the card (its light part beside a photo or a band), whose
top and bottom edges run on past the quad to the frame's edge.
"""

from __future__ import annotations

import cv2
import numpy as np

from devices.document_corners import fit_side
from devices.document_edges import edge_support
from devices.geometry import intersect

BEVEL_SHARE = 0.1  # a side of an outline this short (of its perimeter) may be a soft corner
FRAME_RUN_SUPPORT = 0.8  # share of the way to the frame edge a side must run on as an edge
FRAME_RUN_MIN = 0.15  # and at least this far (a corner near the frame proves nothing)
FRAME_RUN_CONTRAST = 40.0  # Lab distance either side of the run (a card against a desk: 130+)
STRIP_CONTRAST = 15.0  # Lab distance between the strip beyond the quad and the desk around it
FRAME_RUN_REACH = 2.5  # how far the frame edge may be, in lengths of the side running to it


def _line(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    direction = (end - start) / (np.linalg.norm(end - start) + 1e-9)
    return np.r_[direction, start]


def without_bevels(
    polygon: np.ndarray, border: list[int], size: tuple[int, int]
) -> np.ndarray | None:
    """The outline with each short side between two of the card's own sides replaced by the
    point where those sides meet (one corner), or None when there is no such side."""
    width, height = size
    points = [np.asarray(p, np.float64) for p in polygon]
    on_border = [i in border for i in range(len(points))]
    changed = False
    while len(points) > 4:
        count = len(points)
        lengths = [float(np.linalg.norm(points[(i + 1) % count] - points[i])) for i in range(count)]
        total = sum(lengths)
        bevels = [
            i
            for i in range(count)
            if lengths[i] < BEVEL_SHARE * total
            and not on_border[i]
            and not on_border[i - 1]
            and not on_border[(i + 1) % count]
        ]
        if not bevels:
            break
        side = min(bevels, key=lambda i: lengths[i])
        before = _line(points[side - 1], points[side])
        after = _line(points[(side + 1) % count], points[(side + 2) % count])
        corner = intersect(before, after)
        if (
            corner is None
            or not (-2 <= corner[0] <= width + 1 and -2 <= corner[1] <= height + 1)
            or np.linalg.norm(corner - points[side]) > 2 * lengths[side] + 4
        ):
            break
        following = (side + 1) % count
        points[side] = corner
        del points[following]
        del on_border[side]  # the bevel side goes; the side before it now ends at the corner
        changed = True
    return np.array(points) if changed else None


def refit_cut(
    smooth: np.ndarray, polygon: np.ndarray, border: list[int], reach: float
) -> np.ndarray | None:
    """A cut-off outline with each of the card's own sides fitted onto the colour step it
    runs along (the frame's edge stays as it is), or None when a side has no such step."""
    height, width = smooth.shape[:2]
    count = len(polygon)
    lines = []
    for index in range(count):
        start, end = polygon[index], polygon[(index + 1) % count]
        line = _line(start, end) if index in border else fit_side(smooth, start, end, reach)
        if line is None:
            return None
        lines.append(line)
    points = []
    for index in range(count):
        point = intersect(lines[index - 1], lines[index])
        if point is None or np.linalg.norm(point - polygon[index]) > 3 * reach:
            return None
        points.append(np.clip(point, 0, [width - 1, height - 1]))
    return np.array(points)


def runs_to_frame_edge(
    planes: np.ndarray, grad_x: np.ndarray, grad_y: np.ndarray, quad: np.ndarray
) -> bool:
    """Whether both sides leading to one side of a whole quad run on all the way to the
    frame's edge beyond it, as edges between two different colours (the card's and the
    desk's; a wood grain's or gravel's lines have the same desk on both sides): the document
    continues outside the picture."""
    height, width = planes.shape[:2]
    for index in range(4):
        start, end = quad[index], quad[(index + 1) % 4]
        tips = []
        for corner, other in ((start, quad[index - 1]), (end, quad[(index + 2) % 4])):
            direction = corner - other
            length = float(np.linalg.norm(direction))
            exit_at = _distance_to_frame(corner, direction / (length + 1e-9), width, height)
            if exit_at is None or not FRAME_RUN_MIN * length <= exit_at <= FRAME_RUN_REACH * length:
                break
            tip = corner + direction / (length + 1e-9) * (exit_at - 1)
            run = np.array([corner, tip])
            if edge_support(grad_x, grad_y, run)[0] < FRAME_RUN_SUPPORT:
                break
            if _run_contrast(planes, run) < FRAME_RUN_CONTRAST:
                break
            tips.append(tip)
        if len(tips) == 2 and strip_differs(planes, quad, np.array([start, tips[0], tips[1], end])):
            return True
    return False


def _distance_to_frame(
    point: np.ndarray, direction: np.ndarray, width: int, height: int
) -> float | None:
    """How far from `point` along `direction` the frame's edge is."""
    limits = []
    for value, step, high in (
        (point[0], direction[0], width - 1),
        (point[1], direction[1], height - 1),
    ):
        if step > 1e-6:
            limits.append((high - value) / step)
        elif step < -1e-6:
            limits.append(-value / step)
    return min(limits) if limits else None


def _run_contrast(planes: np.ndarray, run: np.ndarray) -> float:
    """Lab distance between the median colours of bands 3-15 px either side of a segment
    (medians: a textured desk's grain or stones average out to the same on both sides)."""
    height, width = planes.shape[:2]
    start, end = run
    direction = (end - start) / (np.linalg.norm(end - start) + 1e-9)
    normal = np.array([-direction[1], direction[0]])
    points = start + (end - start) * np.linspace(0.1, 0.9, 24)[:, None]
    medians = []
    for sign in (1.0, -1.0):
        offsets = sign * np.arange(3.0, 16.0, 2.0)
        probe = points[:, None, :] + offsets[None, :, None] * normal[None, None, :]
        xs = np.clip(np.rint(probe[..., 0]).astype(int), 0, width - 1)
        ys = np.clip(np.rint(probe[..., 1]).astype(int), 0, height - 1)
        medians.append(np.median(planes[ys, xs].reshape(-1, 3).astype(np.float32), axis=0))
    return float(np.linalg.norm(medians[0] - medians[1]))


def strip_differs(
    planes: np.ndarray,
    quad: np.ndarray,
    strip: np.ndarray,
    contrast: float = STRIP_CONTRAST,
    sectors: int = 1,
) -> bool:
    """Whether the part of `strip` outside the quad (the strip between a quad's side and the
    frame's edge, or a cut-off outline around the quad) differs from the desk around the
    quad (the rest of a card: its photo or band), which a desk's own stripes running on past
    a whole card's sides, or the desk between a card and the frame's edge, do not.

    With `sectors` the desk around the quad is judged in that many sectors round its
    centre, and the strip must differ from each (a checked cloth's squares are of two
    colours: the strip may match the ring's median of both, or one square's colour)."""
    quad_mask = np.zeros(planes.shape[:2], np.uint8)
    cv2.fillPoly(quad_mask, [np.rint(quad).astype(np.int32)], 255)
    filled = np.zeros_like(quad_mask)
    cv2.fillPoly(filled, [np.rint(strip).astype(np.int32)], 255)
    strip_mask = cv2.erode(cv2.subtract(filled, quad_mask), np.ones((7, 7), np.uint8))
    ring = cv2.subtract(cv2.dilate(quad_mask, np.ones((25, 25), np.uint8)), quad_mask)
    ring = cv2.subtract(ring, cv2.dilate(strip_mask, np.ones((15, 15), np.uint8)))
    if cv2.countNonZero(strip_mask) < 50 or cv2.countNonZero(ring) < 50:
        return False
    inside = np.median(planes[strip_mask > 0].astype(np.float32), axis=0)
    ys, xs = np.nonzero(ring)
    centre = quad.mean(axis=0)
    part = (np.arctan2(ys - centre[1], xs - centre[0]) + np.pi) / (2 * np.pi) * sectors
    part = np.minimum(part.astype(int), sectors - 1)
    colours = planes[ys, xs].astype(np.float32)
    distances = [
        float(np.linalg.norm(inside - np.median(colours[part == k], axis=0)))
        for k in range(sectors)
        if (part == k).sum() >= 30
    ]
    return bool(distances) and min(distances) >= contrast
