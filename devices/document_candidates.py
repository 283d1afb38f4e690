"""Candidate outlines of a document in a photo, for the finder (devices/document.py) to score.

Several segmentations of the colour planes (colour edges at two sensitivities, and regions
by lightness and by each chroma axis, both ways round) each give contours; each contour is
simplified to 4-point outlines (of itself and of its hull, the sides snapped onto lines
fitted to the outline) and, for a card cut by the frame's edge, to 5- or 6-point hulls.
"""

from __future__ import annotations

import cv2
import numpy as np

from devices.geometry import intersect, perimeter

MIN_AREA_FRACTION = 0.025  # below this a quad is clutter, not a document
FRAME_REACH_PX = 3.0  # an outline from a frame-closed mask must reach this close to the edge
SILHOUETTE_FILL = (0.92, 1.06)  # a silhouette's area over its outline's: a card, not clutter
WIDE_OPENING = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (15, 15))


def _polygons_from_contour(
    contour: np.ndarray, size: tuple[int, int] | None = None
) -> list[np.ndarray]:
    """Simplifications of a contour: 4-point ones of the outline and of its hull, and 5- or
    6-point ones of the hull (a card cut by the frame's edge has one or two extra corners).

    The outline alone keeps a card apart from a pen touching it; the hull bridges a thumb or
    a glare spot that bites into the card's edge. All are offered and the scorer picks. With
    the frame's `size`, also the hull simplified with its stretch along the frame's edge kept
    (`_cut_outline`).
    """
    polygons = []
    if size is not None:
        cut = _cut_outline(cv2.convexHull(contour).reshape(-1, 2), *size)
        if cut is not None:
            polygons.append(cut)
    outline = contour.reshape(-1, 2).astype(np.float64)
    for shape in (contour, cv2.convexHull(contour)):
        length = cv2.arcLength(shape, True)
        for epsilon in (0.015, 0.03, 0.05, 0.07):
            approx = cv2.approxPolyDP(shape, epsilon * length, True).reshape(-1, 2)
            if len(approx) == 4:
                polygons.append(_snap_to_outline(approx.astype(np.float64), outline))
                break
            if len(approx) < 4:
                break
            if shape is not contour and len(approx) <= 6 and epsilon == 0.015:
                polygons.append(approx.astype(np.float64))
    return polygons


def _cut_outline(hull: np.ndarray, width: int, height: int) -> np.ndarray | None:
    """A hull that runs along the frame's edge, simplified as the card's own sides only, the
    stretch on the frame's edge kept as a side of its own.

    A card that only just leaves the frame has a short side on the frame's edge; simplified
    as a whole, the hull loses it together with a corner (the rounded corner beside it is
    nearer than the tolerance), and what is left is no card's shape.
    """
    xs, ys = hull[:, 0], hull[:, 1]
    reach = FRAME_REACH_PX
    on_frame = (xs <= reach) | (ys <= reach) | (xs >= width - 1 - reach)
    on_frame |= ys >= height - 1 - reach
    count = len(hull)
    starts = [i for i in range(count) if on_frame[i] and not on_frame[(i + 1) % count]]
    if len(starts) != 1 or on_frame.all():
        return None  # not on the frame, or touching it in more than one place
    first = starts[0]
    order = [(first + k) % count for k in range(count)]
    last = next(k for k in range(1, count) if on_frame[order[k]])
    curve = hull[order[: last + 1]].astype(np.int32).reshape(-1, 1, 2)
    tolerance = 0.015 * cv2.arcLength(hull.astype(np.int32).reshape(-1, 1, 2), True)
    approx = cv2.approxPolyDP(curve, tolerance, False).reshape(-1, 2)
    return approx.astype(np.float64) if 4 <= len(approx) <= 6 else None


def _snap_to_outline(quad: np.ndarray, outline: np.ndarray) -> np.ndarray:
    """Replaces each side by a line fitted to the outline points along its middle part.

    approxPolyDP puts vertices on the outline, so on a card with rounded corners they sit
    inside the rounding and the sides come out slightly rotated; fitted lines do not.
    """
    lines = []
    for index in range(4):
        start, end = quad[index], quad[(index + 1) % 4]
        length = float(np.linalg.norm(end - start))
        direction = (end - start) / (length + 1e-9)
        normal = np.array([-direction[1], direction[0]])
        relative = outline - start
        along = relative @ direction / (length + 1e-9)
        across = np.abs(relative @ normal)
        chosen = outline[(along > 0.15) & (along < 0.85) & (across < 0.03 * length + 2)]
        if len(chosen) < 2:
            return quad
        fitted = cv2.fitLine(chosen.astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01)
        lines.append(fitted.ravel().astype(np.float64))
    snapped = []
    for index in range(4):
        point = intersect(lines[index - 1], lines[index])
        if point is None or np.linalg.norm(point - quad[index]) > 0.15 * perimeter(quad):
            return quad
        snapped.append(point)
    return np.array(snapped)


def _reaches_frame(polygon: np.ndarray, width: int, height: int) -> bool:
    """Whether a vertex lies within FRAME_REACH_PX of the frame's edge."""
    xs, ys = polygon[:, 0], polygon[:, 1]
    return bool(
        min(xs.min(), ys.min(), width - 1 - xs.max(), height - 1 - ys.max()) <= FRAME_REACH_PX
    )


def _silhouette(framed: np.ndarray) -> np.ndarray:
    """Everything but the desk: the frame-closed edge mask with its largest edge-free region
    (the desk around the card) taken away.

    A card cut by the frame's edge whose inside is parted by its own edges (a coloured band's
    edge, a photo's frame reaching the cut) gives only the parts as regions; the card as a
    whole is the part of the picture the desk does not reach.
    """
    count, labels, stats, _ = cv2.connectedComponentsWithStats(
        cv2.bitwise_not(framed), connectivity=4
    )
    if count < 3:
        return np.zeros_like(framed)
    desk = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    silhouette = np.where(labels == desk, 0, 255).astype(np.uint8)
    silhouette[[0, -1], :] = 0
    silhouette[:, [0, -1]] = 0
    return silhouette


def candidates(planes: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """Outlines from colour edges at two sensitivities and from bright regions."""
    edges_fine = cv2.Canny(planes, 30, 90)
    edges_coarse = cv2.Canny(cv2.GaussianBlur(planes, (5, 5), 0), 20, 60)
    masks = []
    framed_masks = []
    silhouettes = []
    for edges in (edges_fine, edges_coarse):
        dilated = cv2.dilate(edges, np.ones((3, 3), np.uint8))
        closed = cv2.morphologyEx(dilated, cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8))
        masks.append(closed)
        # A card running out of the picture leaves its edges open at the frame's edge: the
        # frame's own edge closes them, so the part in view is a region (a faint card on a
        # desk of its colour has no region of its own lightness either). Only outlines that
        # reach the frame are taken from these: whole ones come from the masks above.
        framed = closed.copy()
        cv2.rectangle(framed, (0, 0), (closed.shape[1] - 1, closed.shape[0] - 1), 255, 1)
        framed_masks.append(framed)
        silhouettes.append(_silhouette(framed))
    # Regions by lightness and by each chroma axis, both ways round: a light card on a dark
    # desk, a dark card on wood, a blue card on a grey cloth. Edges alone merge a card with
    # a textured desk; a region of its own colour does not.
    opening = np.ones((5, 5), np.uint8)
    for index in range(3):
        _, region = cv2.threshold(planes[..., index], 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        for mask in (region, cv2.bitwise_not(region)):
            masks.append(cv2.morphologyEx(mask, cv2.MORPH_OPEN, opening))
        if index == 0:
            # A light card touching another light object (a box, a lid) at a corner: a wider
            # opening cuts the narrow bridge between them (and keeps the card's straight
            # sides; its corners, rounded off, are put back by the outline's fitted lines).
            masks.append(cv2.morphologyEx(region, cv2.MORPH_OPEN, WIDE_OPENING))
    polygons: list[np.ndarray] = []
    area = planes.shape[0] * planes.shape[1]
    height, width = planes.shape[:2]
    sources = [(m, False, False) for m in masks] + [(m, True, False) for m in framed_masks]
    for mask, framed_only, silhouette in sources + [(m, True, True) for m in silhouettes]:
        contours, _ = cv2.findContours(mask, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
        for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:12]:
            filled = cv2.contourArea(contour)
            if filled < MIN_AREA_FRACTION * area:
                break
            size = (width, height) if framed_only else None
            for polygon in _polygons_from_contour(contour, size):
                fill = filled / max(cv2.contourArea(polygon.astype(np.float32)), 1.0)
                if silhouette and not SILHOUETTE_FILL[0] <= fill <= SILHOUETTE_FILL[1]:
                    continue  # a card fills its outline; round things side by side do not
                seen = any(
                    len(p) == len(polygon) and np.abs(p - polygon).max() < 2 for p in polygons
                )
                if framed_only and not _reaches_frame(polygon, width, height):
                    continue
                if not seen and cv2.isContourConvex(polygon.astype(np.float32)):
                    polygons.append(polygon)
    return polygons, cv2.bitwise_or(edges_fine, edges_coarse)  # print, even when blurred
