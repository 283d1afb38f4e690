"""Finding a card or page in a photo and warping it flat and upright.

Pure functions on numpy arrays so the same code serves the live preview (on a worker thread),
the capture step and the CLI. Nothing here assumes the document is light, uniform paper: a
KTP-el has a photo and coloured areas, a KK a coloured header and tables, a police letter a
letterhead, and cards are laid on white desks, wood and patterned cloth. So:

- edges are found in colour (Lab), not only in grey, so a blue card on a grey desk of the
  same brightness still has an edge;
- candidate outlines come from several segmentations (colour edges at two sensitivities, and
  bright regions) and are scored together on how well every side lies on a real edge running
  along it, on their area, and on their real shape: the quad is taken back to the rectangle
  it shows (devices/geometry.py), and a shape far from an ID-1 card or an A4 page loses, so
  the light part of a card with a dark band, or a table inside a page, does not win;
- a document must hold print (edges inside) and differ from the desk around it, which a plain
  box or a phone does not; nothing is claimed otherwise.

Detection runs on a reduced copy for speed; the corners are then refined on the full image by
fitting a straight line to each edge (across a per-side colour contrast, so a dark band along
one edge is as sharp as a light one) and intersecting the lines, which puts the corner where
the card's edges meet even though an ID-1 card's corners are rounded.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from devices.geometry import intersect, order_corners, perimeter, plane_shape, side_aspect
from devices.quality import grey_percentiles

__all__ = [
    "DOCUMENT_KINDS",
    "DocumentDetection",
    "DocumentKind",
    "find_document",
    "flatten",
    "order_corners",
    "refine_corners",
]

DETECT_SIZE = 640  # longer side of the working copy used to find candidates
MIN_AREA_FRACTION = 0.025  # below this a quad is clutter, not a document
MIN_SUPPORT = 0.6  # share of the outline that must lie on a real edge
MIN_SIDE_SUPPORT = 0.35  # and of each single side (a cut-off side, or one under glare: less)
EDGE_GRADIENT = 40.0  # colour Sobel step (about 10 levels) that counts as an edge
MIN_PRINT_EDGES = 0.012  # share of edge pixels inside: a document has print, a box has not
MIN_GROUND = 0.25  # share of the inside that is one ground: a document has one, clutter not
MIN_SMALL_PRINT = 0.05  # print a small whole outline needs (far cards measure 0.13-0.19)
MIN_SMALL_SUPPORT = 0.68  # support a small whole outline needs (a far card's edges are clean)
SMALL_WHOLE = 0.1  # a whole outline this small may be a detail of a bigger, cut-off card
MIN_CUT_SIDE_CONTRAST = 10.0  # a cut-off card has only its own sides to show it is one
MIN_SIDE_CONTRAST = 4.0  # the same, along each single side (a pattern's block: about 0)
MIN_CONTRAST = 5.0  # Lab distance between the inside's rim and the desk just outside
MIN_CUT_SIDE_SUPPORT = 0.75  # each of a cut-off card's own sides must be clearly an edge
MAX_CUT_FRACTION = 0.6  # a "cut-off card" filling the frame is the desk, not a card
MAX_TILT_DEGREES = 40.0  # a quad only a rectangle this far tilted could make: not a document
BORDER_SIDE_MARGIN = 0.015  # a side with both ends this close to one edge runs along it
BORDER_MARGIN = 0.006  # a corner this close (of the frame size) to the edge means cut off
SHAPE_TOLERANCE = 0.12  # log-aspect spread around the kinds' shapes (perspective, errors)
CHROMA_GAIN = 2.0  # a/b differences count double: chroma steps are small in Lab units


@dataclass(frozen=True)
class DocumentKind:
    """Output geometry per kind of document.

    Attributes:
        name: "ktp" (ID-1 card, 85.6 x 54 mm), "kk" (A4 landscape) or "page" (A4 portrait).
        aspect: width / height of the upright document.
        width: output width in pixels after warping.
        target_bytes: compression budget for the stored attachment.
    """

    name: str
    aspect: float
    width: int
    target_bytes: int


DOCUMENT_KINDS = {
    "ktp": DocumentKind("ktp", 85.6 / 54.0, 1000, 150_000),
    "kk": DocumentKind("kk", 297 / 210, 1754, 300_000),
    "page": DocumentKind("page", 210 / 297, 1240, 300_000),
}
SHAPES = (85.6 / 54.0, 297 / 210)  # long/short side: ID-1 card, A4


@dataclass(frozen=True)
class DocumentDetection:
    """Where a document lies in a photo.

    Attributes:
        corners: 4x2 float array in input pixels, ordered TL, TR, BR, BL.
        area_fraction: share of the frame the document covers.
        cut_off: part of the document is outside the frame.
        edge_support: share of the outline that lies on image edges (0..1), a confidence.
        aspect: the real long/short ratio of the outline (perspective removed).
        tilt_degrees: how far the document is tilted away from facing the camera.
    """

    corners: np.ndarray
    area_fraction: float
    cut_off: bool
    edge_support: float
    aspect: float = 0.0
    tilt_degrees: float = 0.0


def _stretch(gray: np.ndarray) -> np.ndarray:
    """Percentile contrast stretch so a dim photo yields the same edges as a bright one."""
    low, high = grey_percentiles(gray, (1, 99))
    if high - low < 1:
        return gray
    scaled = (gray.astype(np.float32) - low) * (255.0 / (high - low))
    return np.clip(scaled, 0, 255).astype(np.uint8)


def colour_planes(bgr: np.ndarray) -> np.ndarray:
    """Lab as uint8 planes: lightness stretched, chroma amplified around neutral.

    One image in which any step, in brightness or in colour, is an intensity step in at
    least one plane, for OpenCV's multi-channel Canny and for the support measure.
    """
    lab = cv2.cvtColor(bgr, cv2.COLOR_BGR2LAB)
    planes = [_stretch(lab[..., 0])]
    for index in (1, 2):
        chroma = (lab[..., index].astype(np.float32) - 128.0) * CHROMA_GAIN + 128.0
        planes.append(np.clip(chroma, 0, 255).astype(np.uint8))
    return np.dstack(planes)


def _colour_gradient(planes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per pixel, the x/y gradient of the plane where the step is strongest."""
    smooth = planes.astype(np.float32)
    grad_x = cv2.Sobel(smooth, cv2.CV_32F, 1, 0, ksize=3)
    grad_y = cv2.Sobel(smooth, cv2.CV_32F, 0, 1, ksize=3)
    strongest = np.argmax(grad_x**2 + grad_y**2, axis=2)[..., None]
    return (
        np.take_along_axis(grad_x, strongest, axis=2)[..., 0],
        np.take_along_axis(grad_y, strongest, axis=2)[..., 0],
    )


def _polygons_from_contour(contour: np.ndarray) -> list[np.ndarray]:
    """Simplifications of a contour: 4-point ones of the outline and of its hull, and 5- or
    6-point ones of the hull (a card cut by the frame's edge has one or two extra corners).

    The outline alone keeps a card apart from a pen touching it; the hull bridges a thumb or
    a glare spot that bites into the card's edge. All are offered and the scorer picks.
    """
    polygons = []
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


def _edge_support(grad_x: np.ndarray, grad_y: np.ndarray, quad: np.ndarray) -> list[float]:
    """Per side, the share of the outline that lies on an image edge running ALONG it.

    Counting any edge pixel would reward a quad drawn through clutter or sensor noise; here a
    sample counts only when, within 3 px across the side, the step is strong and its gradient
    points across the side (a real boundary parallel to it).
    """
    height, width = grad_x.shape
    t = np.linspace(0.06, 0.94, 40)
    offsets = np.arange(-3, 4)
    shares = []
    for index in range(len(quad)):
        start, end = quad[index], quad[(index + 1) % len(quad)]
        direction = (end - start) / (np.linalg.norm(end - start) + 1e-9)
        normal = np.array([-direction[1], direction[0]])
        points = start + (end - start) * t[:, None]
        probe = points[:, None, :] + offsets[None, :, None] * normal[None, None, :]
        xs = np.clip(np.rint(probe[..., 0]).astype(int), 0, width - 1)
        ys = np.clip(np.rint(probe[..., 1]).astype(int), 0, height - 1)
        inside = (points[:, 0] >= 0) & (points[:, 0] < width)
        inside &= (points[:, 1] >= 0) & (points[:, 1] < height)
        gx, gy = grad_x[ys, xs], grad_y[ys, xs]
        across = np.abs(gx * normal[0] + gy * normal[1])
        magnitude = np.hypot(gx, gy) + 1e-6
        good = (across > EDGE_GRADIENT) & (across > 0.8 * magnitude)
        total = int(inside.sum())
        shares.append(int((good.any(axis=1) & inside).sum()) / total if total else 1.0)
    return shares


def _outer_offsets(
    grad_x: np.ndarray, grad_y: np.ndarray, quad: np.ndarray, side: int
) -> list[float]:
    """Offsets (px, outward) at which a line parallel to one side lies on a real edge.

    The light part of a card inside a dark band, a photo reaching the card's edge, or a
    page's table all make a clean quad INSIDE the document; its true edge is a parallel
    line further out. Returns up to two offsets, strongest support first.
    """
    height, width = grad_x.shape
    start, end = quad[side], quad[(side + 1) % 4]
    direction = (end - start) / (np.linalg.norm(end - start) + 1e-9)
    normal = np.array([-direction[1], direction[0]])  # points inside for clockwise order
    opposite = quad[(side + 2) % 4]
    depth = abs(float((opposite - start) @ normal))
    offsets = np.arange(3.0, max(4.0, 0.45 * depth), 1.0)
    t = np.linspace(0.1, 0.9, 32)
    points = start + (end - start) * t[:, None]
    probe = points[None, :, :] - offsets[:, None, None] * normal[None, None, :]
    xs = np.rint(probe[..., 0]).astype(int)
    ys = np.rint(probe[..., 1]).astype(int)
    valid = (xs >= 0) & (xs < width) & (ys >= 0) & (ys < height)
    xs, ys = np.clip(xs, 0, width - 1), np.clip(ys, 0, height - 1)
    gx, gy = grad_x[ys, xs], grad_y[ys, xs]
    across = np.abs(gx * normal[0] + gy * normal[1])
    good = (across > EDGE_GRADIENT) & (across > 0.8 * (np.hypot(gx, gy) + 1e-6)) & valid
    good = good | np.roll(good, 1, axis=0) | np.roll(good, -1, axis=0)  # 1 px tolerance
    support = good.mean(axis=1) * (valid.mean(axis=1) > 0.9)
    found: list[float] = []
    for index in np.argsort(-support):
        if support[index] < 0.6 or len(found) == 2:
            break
        if all(abs(offsets[index] - f) > 3 for f in found):
            found.append(float(offsets[index]))
    return found


def _expanded(quad: np.ndarray, moves: dict[int, float]) -> np.ndarray:
    """The quad with some sides moved outward (parallel) by the given offsets."""
    lines = []
    for index in range(4):
        start, end = quad[index], quad[(index + 1) % 4]
        direction = (end - start) / (np.linalg.norm(end - start) + 1e-9)
        normal = np.array([-direction[1], direction[0]])
        shift = -normal * moves.get(index, 0.0)
        lines.append(np.r_[direction, start + shift])
    corners = []
    for index in range(4):
        point = intersect(lines[index - 1], lines[index])
        if point is None:
            return quad
        corners.append(point)
    return np.array(corners)


def _with_outer_edges(grad_x: np.ndarray, grad_y: np.ndarray, quad: np.ndarray) -> list[np.ndarray]:
    """Variants of a quad with one side, or every side, moved to a parallel edge outside."""
    per_side = {side: _outer_offsets(grad_x, grad_y, quad, side) for side in range(4)}
    variants = [
        _expanded(quad, {side: offset}) for side, found in per_side.items() for offset in found
    ]
    best = {side: found[0] for side, found in per_side.items() if found}
    if len(best) > 1:
        variants.append(_expanded(quad, best))
    return variants


def _border_sides(quad: np.ndarray, width: int, height: int) -> list[int]:
    """Indices of sides running along the frame's edge (the card continues past it)."""
    margin = BORDER_SIDE_MARGIN * max(width, height) + 1.5
    found = []
    for index in range(len(quad)):
        ends = np.array([quad[index], quad[(index + 1) % len(quad)]])
        if (
            (ends[:, 0] < margin).all()
            or (ends[:, 1] < margin).all()
            or (ends[:, 0] > width - 1 - margin).all()
            or (ends[:, 1] > height - 1 - margin).all()
        ):
            found.append(index)
    return found


def _touches_border(quad: np.ndarray, width: int, height: int) -> bool:
    margin = BORDER_MARGIN * max(width, height) + 1.5
    xs, ys = quad[:, 0], quad[:, 1]
    return bool(
        (xs < margin).any()
        or (ys < margin).any()
        or (xs > width - 1 - margin).any()
        or (ys > height - 1 - margin).any()
    )


def document_content(
    planes: np.ndarray, edges: np.ndarray, polygon: np.ndarray
) -> tuple[float, float, float]:
    """How much print the polygon holds, how much its rim differs from the desk, and how
    much of it is one ground (paper or card stock, of any colour).

    Returns:
        (print, contrast, ground): the share of edge pixels inside (eroded away from the
        outline); the Lab distance between the median colour just inside the outline and just
        outside; the share of the inside within 20 levels of its most common lightness.
    """
    filled = np.zeros(planes.shape[:2], np.uint8)
    cv2.fillPoly(filled, [np.rint(polygon).astype(np.int32)], 255)
    area = cv2.countNonZero(filled)
    inset = max(2, int(0.03 * math.sqrt(area + 1)))
    kernel = np.ones((2 * inset + 1, 2 * inset + 1), np.uint8)
    core = cv2.erode(filled, kernel)
    if cv2.countNonZero(core) < 50:
        return 0.0, 0.0, 0.0
    printed = cv2.countNonZero(cv2.bitwise_and(edges, core)) / float(cv2.countNonZero(core))
    # The ground is the most common lightness (a photo or a band may cover half the card).
    counts = np.bincount(planes[..., 0][core > 0], minlength=256).astype(np.float32)
    window = np.convolve(counts, np.ones(41, np.float32), mode="same")
    ground = float(window.max() / max(counts.sum(), 1.0))
    rim = cv2.subtract(filled, core)
    ring = cv2.subtract(cv2.dilate(filled, kernel), filled)
    inner = np.median(planes[rim > 0].astype(np.float32), axis=0)
    outer = np.median(planes[ring > 0].astype(np.float32), axis=0) if ring.any() else inner
    if _corners_on_desk(planes, polygon) >= 2:
        return float(printed), 0.0, ground  # a round object's box: its corners are desk
    return float(printed), float(np.linalg.norm(inner - outer)), ground


def _corners_on_desk(planes: np.ndarray, polygon: np.ndarray) -> int:
    """How many corners of the polygon look just like the desk just outside them.

    A rectangle's corners are filled (rounded ID-1 corners only a little), and whatever is
    printed there (a coloured band) still differs from the desk; the box around a coin, a mug
    or a round sticker has desk in its corners.
    """
    centre = polygon.mean(axis=0)
    height, width = planes.shape[:2]

    def colour_at(point: np.ndarray) -> np.ndarray | None:
        x, y = int(round(point[0])), int(round(point[1]))
        patch = planes[max(0, y - 2) : min(height, y + 3), max(0, x - 2) : min(width, x + 3)]
        return patch.reshape(-1, 3).astype(np.float32).mean(axis=0) if patch.size else None

    count = 0
    for corner in polygon:
        inside = colour_at(corner + (centre - corner) * 0.08)
        outside = colour_at(corner - (centre - corner) * 0.08)
        if inside is not None and outside is not None:
            count += float(np.linalg.norm(inside - outside)) < MIN_CONTRAST
    return count


def side_contrasts(planes: np.ndarray, polygon: np.ndarray, sides: list[int]) -> list[float]:
    """Per side, the Lab distance between the mean colour just inside and just outside.

    A document differs from the desk along every side (paper or a band inside, desk out);
    a block of a checked cloth or of any repeating pattern has the same colours alternating
    on both sides of each of its edges, so its means match.
    """
    height, width = planes.shape[:2]
    t = np.linspace(0.1, 0.9, 24)[:, None]
    found = []
    for index in sides:
        start, end = polygon[index], polygon[(index + 1) % len(polygon)]
        direction = (end - start) / (np.linalg.norm(end - start) + 1e-9)
        normal = np.array([-direction[1], direction[0]])
        points = start + (end - start) * t
        medians = []
        for offset in (4.0, -4.0):
            probe = np.rint(points + offset * normal).astype(int)
            xs = np.clip(probe[:, 0], 0, width - 1)
            ys = np.clip(probe[:, 1], 0, height - 1)
            medians.append(planes[ys, xs].astype(np.float32).mean(axis=0))
        found.append(float(np.linalg.norm(medians[0] - medians[1])))
    return found


def shape_fit(aspect: float, expected: float | None = None) -> float:
    """1 for the shape of an ID-1 card or an A4 page (or `expected`), falling off around it."""
    targets = (expected,) if expected else SHAPES
    spread = min(abs(math.log(aspect / target)) for target in targets)
    return math.exp(-((spread / SHAPE_TOLERANCE) ** 2))


def _candidates(planes: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """Outlines from colour edges at two sensitivities and from bright regions."""
    edges_fine = cv2.Canny(planes, 30, 90)
    edges_coarse = cv2.Canny(cv2.GaussianBlur(planes, (5, 5), 0), 20, 60)
    masks = []
    for edges in (edges_fine, edges_coarse):
        dilated = cv2.dilate(edges, np.ones((3, 3), np.uint8))
        masks.append(cv2.morphologyEx(dilated, cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8)))
    # Regions by lightness and by each chroma axis, both ways round: a light card on a dark
    # desk, a dark card on wood, a blue card on a grey cloth. Edges alone merge a card with
    # a textured desk; a region of its own colour does not.
    opening = np.ones((5, 5), np.uint8)
    for index in range(3):
        _, region = cv2.threshold(planes[..., index], 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        for mask in (region, cv2.bitwise_not(region)):
            masks.append(cv2.morphologyEx(mask, cv2.MORPH_OPEN, opening))
    polygons: list[np.ndarray] = []
    area = planes.shape[0] * planes.shape[1]
    for mask in masks:
        contours, _ = cv2.findContours(mask, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
        for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:12]:
            if cv2.contourArea(contour) < MIN_AREA_FRACTION * area:
                break
            for polygon in _polygons_from_contour(contour):
                seen = any(
                    len(p) == len(polygon) and np.abs(p - polygon).max() < 2 for p in polygons
                )
                if not seen and cv2.isContourConvex(polygon.astype(np.float32)):
                    polygons.append(polygon)
    return polygons, cv2.bitwise_or(edges_fine, edges_coarse)  # print, even when blurred


def _plausible(quad: np.ndarray) -> bool:
    """Rejects slivers and kites: opposite sides of a tilted rectangle stay comparable."""
    sides = [np.linalg.norm(quad[(i + 1) % 4] - quad[i]) for i in range(4)]
    if min(sides) < 8:
        return False
    ratio_a = min(sides[0], sides[2]) / max(sides[0], sides[2])
    ratio_b = min(sides[1], sides[3]) / max(sides[1], sides[3])
    angles = []
    for i in range(4):
        a, b = quad[i - 1] - quad[i], quad[(i + 1) % 4] - quad[i]
        cosine = float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))
        angles.append(math.degrees(math.acos(max(-1.0, min(1.0, cosine)))))
    return bool(ratio_a > 0.5 and ratio_b > 0.5 and 45 < min(angles) < 135)


def find_document(
    image: np.ndarray, expected_aspect: float | None = None
) -> DocumentDetection | None:
    """The most document-like quadrilateral in a BGR or grey photo, or None.

    Args:
        image: the photo.
        expected_aspect: long/short ratio of the document the operator is capturing (card
            1.59, A4 1.41), when known; otherwise either shape is welcome.
    """
    bgr = image if image.ndim == 3 else cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    height, width = bgr.shape[:2]
    scale = min(1.0, DETECT_SIZE / max(height, width))
    small = cv2.resize(bgr, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    small_h, small_w = small.shape[:2]
    planes = colour_planes(cv2.GaussianBlur(small, (3, 3), 0))
    grad_x, grad_y = _colour_gradient(cv2.GaussianBlur(planes, (3, 3), 0))
    polygons, edges = _candidates(planes)
    smooth_planes = cv2.GaussianBlur(planes, (5, 5), 0)
    # Whole outlines first; a cut-off card only when no whole document is in view (a desk's
    # texture along the frame's edge also makes outlines with a side on the border).
    best: tuple[float, np.ndarray, float, bool, float, float] | None = None
    best_cut: tuple[float, np.ndarray, float, bool, float, float] | None = None
    queue = [(p, True) for p in polygons]
    while queue:
        polygon, expandable = queue.pop(0)
        border = _border_sides(polygon, small_w, small_h)
        cut_off = bool(border) or _touches_border(polygon, small_w, small_h)
        aspect, tilt, fit = 0.0, 0.0, 1.0
        if len(polygon) == 4:
            polygon = order_corners(polygon)
            if not cut_off:
                if not _plausible(polygon):
                    continue
                polygon = order_corners(_refine(smooth_planes, polygon, 5.0))
                if expandable:
                    queue += [(v, False) for v in _with_outer_edges(grad_x, grad_y, polygon)]
                shape = plane_shape(polygon, (small_w, small_h))
                aspect, tilt = shape.aspect, shape.tilt_degrees
                if _area(polygon) < SMALL_WHOLE * small_h * small_w:
                    # A few pixels decide the perspective of a small quad: judge its plain
                    # side ratio, and do not call it tilted.
                    aspect, tilt = side_aspect(polygon), 0.0
                fit = shape_fit(aspect, expected_aspect)
                if fit < 0.05 or tilt > MAX_TILT_DEGREES:
                    continue
            elif not border:
                # Only a corner touches the frame: nearly all of it is in view, so it must
                # have a document's shape like any whole outline.
                shape = plane_shape(polygon, (small_w, small_h))
                if shape_fit(shape.aspect, expected_aspect) < 0.05:
                    continue
        elif not border:
            continue
        sides = _edge_support(grad_x, grad_y, polygon)
        border = _border_sides(polygon, small_w, small_h)
        if cut_off:
            if len(border) > 2:
                continue
            own = [sides[i] for i in range(len(sides)) if i not in border]
            if min(own) < MIN_CUT_SIDE_SUPPORT:
                continue
            sides = own
        support = float(np.mean(sides))
        if support < MIN_SUPPORT or min(sides) < MIN_SIDE_SUPPORT:
            continue
        fraction = cv2.contourArea(polygon.astype(np.float32)) / float(small_h * small_w)
        if cut_off and (
            fraction > MAX_CUT_FRACTION or _spans_frame(polygon, (small_w, small_h), fraction)
        ):
            continue
        if not cut_off and fraction < SMALL_WHOLE and support < MIN_SMALL_SUPPORT:
            continue  # a far document still has clean edges; clutter's outlines do not
        # Support dominates, and every side must have it; then the real shape, then size:
        # the whole card beats the light part inside its coloured band.
        score = support**2 * min(sides) * fit * math.sqrt(fraction)
        current = best_cut if cut_off else best
        if current is not None and score <= current[0]:
            continue
        printed, contrast, ground = document_content(planes, edges, polygon)
        if printed < MIN_PRINT_EDGES or contrast < MIN_CONTRAST or ground < MIN_GROUND:
            continue
        if not cut_off and fraction < SMALL_WHOLE and printed < MIN_SMALL_PRINT:
            continue  # far away, print is dense; a plain box with a pen across it is not
        own_sides = [i for i in range(len(polygon)) if i not in border]
        minimum = MIN_CUT_SIDE_CONTRAST if cut_off else MIN_SIDE_CONTRAST
        if min(side_contrasts(planes, polygon, own_sides)) < minimum:
            continue
        if cut_off:
            best_cut = (score, polygon, support, cut_off, aspect, tilt)
        else:
            best = (score, polygon, support, cut_off, aspect, tilt)
    small_area = SMALL_WHOLE * small_h * small_w
    if best is None or (
        best_cut is not None
        and _area(best[1]) < small_area
        and _area(best_cut[1]) > 2 * _area(best[1])
    ):
        best = best_cut  # a far bigger cut-off card beats a small quad (clutter, its photo)
    if best is None:
        return None
    _, polygon, support, cut_off, aspect, tilt = best
    if cut_off:
        box = cv2.boxPoints(cv2.minAreaRect(polygon.astype(np.float32)))
        corners = order_corners(box.astype(np.float64)) / scale
    else:
        corners = order_corners(_refine_in_window(bgr, polygon / scale))
        shape = plane_shape(corners, (width, height))
        aspect, tilt = shape.aspect, shape.tilt_degrees
    fraction = float(cv2.contourArea((polygon / scale).astype(np.float32))) / (height * width)
    return DocumentDetection(corners, fraction, cut_off, support, aspect, tilt)


def _spans_frame(polygon: np.ndarray, size: tuple[int, int], fraction: float) -> bool:
    """A strip running off two opposite edges of the frame (wood grain, a table's edge): a
    document that close to the camera would fill much more of the picture."""
    if fraction >= 0.4:
        return False
    width, height = size
    margin = BORDER_SIDE_MARGIN * max(width, height) + 1.5
    xs, ys = polygon[:, 0], polygon[:, 1]
    across = xs.min() < margin and xs.max() > width - 1 - margin
    down = ys.min() < margin and ys.max() > height - 1 - margin
    return bool(across or down)


def _area(polygon: np.ndarray) -> float:
    return float(cv2.contourArea(polygon.astype(np.float32)))


def _fit_side(
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


def _refine(smooth: np.ndarray, corners: np.ndarray, reach: float) -> np.ndarray:
    lines = [_fit_side(smooth, corners[i], corners[(i + 1) % 4], reach) for i in range(4)]
    refined = []
    for index in range(4):
        previous, current = lines[index - 1], lines[index]
        if previous is None or current is None:
            return corners
        point = intersect(previous, current)
        if point is None or np.linalg.norm(point - corners[index]) > 2 * reach:
            return corners
        refined.append(point)
    return np.array(refined)


def _refine_in_window(bgr: np.ndarray, corners: np.ndarray) -> np.ndarray:
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
    return _refine(cv2.GaussianBlur(planes, (5, 5), 0), corners, reach)


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
