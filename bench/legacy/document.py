"""FROZEN COPY of devices/document.py before the colour-edge detector,
for bench/detection.py only: the product has one detector (devices/).
Do not change it, and import it nowhere else.

Finding a card or page in a photo and warping it flat and upright.

Pure functions on numpy arrays so the same code serves the live preview (on a worker thread),
the capture step and the CLI. Detection runs on a reduced copy for speed; the corners are then
refined on the full image by fitting a straight line to each edge and intersecting the lines,
which puts the corner where the card's edges meet even though an ID-1 card's corners are
rounded (3 mm radius) and a contour alone would cut them off.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

DETECT_SIZE = 640  # longer side of the working copy used to find candidates
MIN_AREA_FRACTION = 0.02  # below this a quad is clutter, not a document
MIN_SUPPORT = 0.6  # share of the outline that must lie on a real edge
MIN_SIDE_SUPPORT = 0.35  # and of each single side (a cut-off side has none)
EDGE_GRADIENT = 60.0  # Sobel step (about 15 grey levels) that counts as an edge
MIN_PAPER, MIN_PRINT, MIN_LIFT = 0.45, 0.06, 0.25  # see paper_and_print()
BORDER_MARGIN = 0.006  # a corner this close (of the frame size) to the edge means cut off


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


@dataclass(frozen=True)
class DocumentDetection:
    """Where a document lies in a photo.

    Attributes:
        corners: 4x2 float array in input pixels, ordered TL, TR, BR, BL.
        area_fraction: share of the frame the document covers.
        cut_off: part of the document is outside the frame.
        edge_support: share of the outline that lies on image edges (0..1), a confidence.
    """

    corners: np.ndarray
    area_fraction: float
    cut_off: bool
    edge_support: float


def order_corners(points: np.ndarray) -> np.ndarray:
    """Orders four points TL, TR, BR, BL for a document held roughly upright (within 45 deg).

    Sorting by x+y fails once a card is rotated; instead the points are put in clockwise order
    around their centroid and the cycle starts at the edge whose direction is closest to +x.
    """
    pts = np.asarray(points, dtype=np.float64).reshape(4, 2)
    centre = pts.mean(axis=0)
    angles = np.arctan2(pts[:, 1] - centre[1], pts[:, 0] - centre[0])
    pts = pts[np.argsort(angles)]  # clockwise on screen (y points down)
    best, best_dot = 0, -2.0
    for start in range(4):
        edge = pts[(start + 1) % 4] - pts[start]
        dot = edge[0] / (np.linalg.norm(edge) + 1e-9)
        # Prefer the top edge: among near-horizontal edges pointing right, the upper one.
        if dot > best_dot + 1e-6:
            best, best_dot = start, dot
    return np.roll(pts, -best, axis=0)


def _edge_map(gray: np.ndarray) -> np.ndarray:
    # Fixed thresholds on a contrast-stretched image: the card-to-desk step is what matters,
    # and "auto" thresholds from the median intensity miss it on pale cards.
    edges = cv2.Canny(gray, 25, 75)
    return cv2.dilate(edges, np.ones((3, 3), np.uint8))


def grey_percentiles(values: np.ndarray, points: tuple[float, ...]) -> list[float]:
    """Percentiles of uint8 grey levels from a histogram: linear time, unlike a sort."""
    counts = np.bincount(values.ravel(), minlength=256).cumsum()
    total = counts[-1]
    return [float(np.searchsorted(counts, total * p / 100.0)) for p in points]


def _stretch(gray: np.ndarray) -> np.ndarray:
    """Percentile contrast stretch so a dim photo yields the same edges as a bright one."""
    low, high = grey_percentiles(gray, (1, 99))
    if high - low < 1:
        return gray
    scaled = (gray.astype(np.float32) - low) * (255.0 / (high - low))
    return np.clip(scaled, 0, 255).astype(np.uint8)


def _polygons_from_contour(contour: np.ndarray) -> list[np.ndarray]:
    """Simplifications of a contour: 4-point ones of the outline and of its hull, and 5- or
    6-point ones of the hull (a card cut by the frame's edge has one or two extra corners).

    The outline alone keeps a card apart from a pen touching it; the hull bridges a thumb or
    a glare spot that bites into the card's edge. All are offered and the scorer picks.
    """
    polygons = []
    for shape in (contour, cv2.convexHull(contour)):
        perimeter = cv2.arcLength(shape, True)
        for epsilon in (0.015, 0.03, 0.05, 0.07):
            approx = cv2.approxPolyDP(shape, epsilon * perimeter, True).reshape(-1, 2)
            if len(approx) == 4:
                quad = approx.astype(np.float64)
                polygons.append(_snap_to_outline(quad, contour.reshape(-1, 2).astype(np.float64)))
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
        point = _intersect(lines[index - 1], lines[index])
        if point is None or np.linalg.norm(point - quad[index]) > 0.15 * _perimeter(quad):
            return quad
        snapped.append(point)
    return np.array(snapped)


def _perimeter(quad: np.ndarray) -> float:
    return float(sum(np.linalg.norm(quad[(i + 1) % 4] - quad[i]) for i in range(4)))


def _edge_support(grad_x: np.ndarray, grad_y: np.ndarray, quad: np.ndarray) -> list[float]:
    """Per side, the share of the outline that lies on an image edge running ALONG it.

    Counting any edge pixel would reward a quad drawn through clutter or sensor noise; here a
    sample counts only when, within 3 px across the side, the intensity step is strong and
    its gradient points across the side (a real boundary parallel to it).
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
        good = (across > EDGE_GRADIENT) & (across > 0.85 * magnitude)
        total = int(inside.sum())
        shares.append(int((good.any(axis=1) & inside).sum()) / total if total else 1.0)
    return shares


def _touches_border(quad: np.ndarray, width: int, height: int) -> bool:
    margin = BORDER_MARGIN * max(width, height) + 1.5
    xs, ys = quad[:, 0], quad[:, 1]
    return bool(
        (xs < margin).any()
        or (ys < margin).any()
        or (xs > width - 1 - margin).any()
        or (ys > height - 1 - margin).any()
    )


def _border_sides(quad: np.ndarray, width: int, height: int) -> list[int]:
    """Indices of sides running along the frame's edge (the card continues past it)."""
    margin = BORDER_MARGIN * max(width, height) + 1.5
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


def paper_and_print(gray: np.ndarray, polygon: np.ndarray) -> tuple[float, float, float]:
    """Shares of the polygon's inside that look like paper, and like print on it.

    A document is mostly one light ground (paper, card stock) with darker print on it: text,
    tables, a photo. A box, a book cover or a phone lying on the desk is a clean
    quadrilateral too, but plain inside (no print), and a quad drawn across several objects
    has no dominant ground. The ground must also stand out from the desk around it (the
    kiosk's document tray is dark). Grey levels are contrast-stretched first, so a dim photo
    scores like a bright one, and blur only spreads print, it does not remove it.

    Returns:
        (paper, print, lift): share within 20 grey levels of the inside's median, share 40+
        levels darker, and how much lighter (0..1) the ground is than the ring outside.
    """
    filled = np.zeros(gray.shape, np.uint8)
    cv2.fillPoly(filled, [polygon.astype(np.int32)], 255)
    inset = max(2, int(0.03 * math.sqrt(cv2.countNonZero(filled) + 1)))
    kernel = np.ones((2 * inset + 1, 2 * inset + 1), np.uint8)
    mask = cv2.erode(filled, kernel)
    ring = cv2.subtract(cv2.dilate(filled, kernel, iterations=2), cv2.dilate(filled, kernel))
    if cv2.countNonZero(mask) < 50:
        return 0.0, 0.0, 0.0
    stretched = _stretch(gray)
    values = stretched[mask > 0]
    ground = grey_percentiles(values, (50,))[0]
    values = values.astype(np.float32)
    paper = float(np.mean(np.abs(values - ground) < 20))
    printed = float(np.mean(values < ground - 40))
    outside = stretched[ring > 0]
    lift = (ground - grey_percentiles(outside, (50,))[0]) / 255.0 if outside.size else 0.0
    return paper, printed, lift


def _candidates(small: np.ndarray) -> list[np.ndarray]:
    gray = _stretch(cv2.GaussianBlur(small, (5, 5), 0))
    edges = _edge_map(gray)
    masks = [cv2.morphologyEx(edges, cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8))]
    _, bright = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    masks.append(cv2.morphologyEx(bright, cv2.MORPH_OPEN, np.ones((5, 5), np.uint8)))
    polygons: list[np.ndarray] = []
    area = small.shape[0] * small.shape[1]
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
    return polygons


def _plausible(quad: np.ndarray) -> bool:
    """Rejects slivers and kites: opposite sides of a tilted rectangle stay comparable."""
    sides = [np.linalg.norm(quad[(i + 1) % 4] - quad[i]) for i in range(4)]
    if min(sides) < 8:
        return False
    ratio_a = min(sides[0], sides[2]) / max(sides[0], sides[2])
    ratio_b = min(sides[1], sides[3]) / max(sides[1], sides[3])
    aspect = max(sides) / min(sides)
    angles = []
    for i in range(4):
        a, b = quad[i - 1] - quad[i], quad[(i + 1) % 4] - quad[i]
        cosine = float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))
        angles.append(math.degrees(math.acos(max(-1.0, min(1.0, cosine)))))
    return bool(ratio_a > 0.5 and ratio_b > 0.5 and aspect < 4.0 and 45 < min(angles) < 135)


def _looks_like_paper(small: np.ndarray, polygon: np.ndarray) -> bool:
    paper, printed, lift = paper_and_print(small, polygon)
    return paper >= MIN_PAPER and printed >= MIN_PRINT and lift >= MIN_LIFT


def find_document(image: np.ndarray) -> DocumentDetection | None:
    """The most document-like quadrilateral in a BGR or gray photo, or None.

    Candidates come from two segmentations (closed Canny edges, and Otsu's bright regions)
    so that neither a busy desk nor a low-contrast card defeats detection alone. Each is
    scored by how well every side lies on a real edge and by its area, and must look like
    paper inside (see `paper_and_print`). A candidate with a side along the frame's edge is a
    card that does not fit in the picture: reported with `cut_off` and rough corners.
    """
    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    height, width = gray.shape
    scale = min(1.0, DETECT_SIZE / max(height, width))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    small_h, small_w = small.shape
    smooth = _stretch(cv2.GaussianBlur(small, (5, 5), 0)).astype(np.float32)
    grad_x = cv2.Sobel(smooth, cv2.CV_32F, 1, 0, ksize=3)
    grad_y = cv2.Sobel(smooth, cv2.CV_32F, 0, 1, ksize=3)
    best: tuple[float, np.ndarray, float, bool] | None = None
    for polygon in _candidates(small):
        border = _border_sides(polygon, small_w, small_h)
        cut_off = bool(border) or _touches_border(polygon, small_w, small_h)
        if len(polygon) == 4:
            polygon = order_corners(polygon)
            if not cut_off and not _plausible(polygon):
                continue
            if not cut_off:
                polygon = order_corners(refine_corners(small, polygon, reach=6.0))
        elif not border:
            continue
        sides = _edge_support(grad_x, grad_y, polygon)
        for index in _border_sides(polygon, small_w, small_h):
            sides[index] = 1.0  # the frame's edge, not the card's
        support = float(np.mean(sides))
        fraction = cv2.contourArea(polygon.astype(np.float32)) / float(small_h * small_w)
        # Support dominates, and every side must have it: a card with a clean outline beats
        # a bigger quad through clutter, or one whose fourth side runs through printed text.
        score = support**2 * min(sides) ** 2 * math.sqrt(fraction)
        if support < MIN_SUPPORT or min(sides) < MIN_SIDE_SUPPORT:
            continue
        if (best is None or score > best[0]) and _looks_like_paper(small, polygon):
            best = (score, polygon, support, cut_off)
    if best is None:
        return None
    _, polygon, support, cut_off = best
    if cut_off:
        box = cv2.boxPoints(cv2.minAreaRect(polygon.astype(np.float32)))
        corners = order_corners(box.astype(np.float64)) / scale
    else:
        corners = order_corners(refine_corners(gray, polygon / scale))
    fraction = float(cv2.contourArea((polygon / scale).astype(np.float32))) / (height * width)
    return DocumentDetection(corners, fraction, cut_off, support)


def _fit_side(gray: np.ndarray, start: np.ndarray, end: np.ndarray, reach: float) -> np.ndarray:
    """A line (vx, vy, x0, y0) through the intensity step along one side of the quad.

    Samples across the side at many points, keeps the position of the strong intensity step
    nearest the coarse side on each normal, and fits a line robustly (Huber), ignoring the
    ends where corners round.
    """
    height, width = gray.shape
    direction = (end - start) / (np.linalg.norm(end - start) + 1e-9)
    normal = np.array([-direction[1], direction[0]])
    offsets = np.arange(-reach, reach + 1, 1.0)
    bases = start + (end - start) * np.linspace(0.12, 0.88, 48)[:, None]
    grid = bases[:, None, :] + offsets[None, :, None] * normal[None, None, :]
    xs, ys = grid[..., 0], grid[..., 1]
    inside = (xs.min(axis=1) >= 0) & (ys.min(axis=1) >= 0)
    inside &= (xs.max(axis=1) <= width - 2) & (ys.max(axis=1) <= height - 2)
    if inside.sum() < 8:
        return np.r_[direction, start]
    grid, xs, ys = grid[inside], xs[inside], ys[inside]
    values = cv2.remap(gray, xs.astype(np.float32), ys.astype(np.float32), cv2.INTER_LINEAR)
    steps = np.abs(np.diff(values.astype(np.float32), axis=1))
    peaks = steps.max(axis=1)
    # The strong step nearest the coarse side: a KTP's photo frame runs parallel to the
    # card's edge a few millimetres inside and may be the stronger step.
    strong = steps >= 0.7 * peaks[:, None]
    distance = np.where(strong, np.abs(offsets[:-1] + 0.5)[None, :], np.inf)
    chosen = np.argmin(distance, axis=1)
    rows = np.flatnonzero(peaks >= 4)
    points = [grid[row, chosen[row]] + 0.5 * normal for row in rows]
    if len(points) < 8:
        return np.r_[direction, start]
    fitted = cv2.fitLine(np.array(points, np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01)
    return fitted.ravel().astype(np.float64)


def _intersect(line_a: np.ndarray, line_b: np.ndarray) -> np.ndarray | None:
    (ax, ay, ax0, ay0), (bx, by, bx0, by0) = line_a, line_b
    det = ax * (-by) - ay * (-bx)
    if abs(det) < 1e-6:
        return None
    t = ((bx0 - ax0) * (-by) - (by0 - ay0) * (-bx)) / det
    return np.array([ax0 + ax * t, ay0 + ay * t])


def refine_corners(gray: np.ndarray, corners: np.ndarray, reach: float | None = None) -> np.ndarray:
    """Moves coarse corners onto the intersections of lines fitted to the real edges.

    Args:
        gray: the image the corners refer to.
        corners: coarse corners, TL, TR, BR, BL.
        reach: how far (px) across each side to look for the edge; default 1% of the image.
    """
    smooth = cv2.GaussianBlur(gray, (5, 5), 0)
    if reach is None:
        reach = max(5.0, 0.01 * max(gray.shape))
    lines = [_fit_side(smooth, corners[i], corners[(i + 1) % 4], reach) for i in range(4)]
    refined = []
    for index in range(4):
        point = _intersect(lines[index - 1], lines[index])
        if point is None or np.linalg.norm(point - corners[index]) > 2 * reach:
            return corners
        refined.append(point)
    return np.array(refined)


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
