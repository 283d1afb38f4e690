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

from devices.document_candidates import candidates
from devices.document_corners import flatten, refine, refine_corners, refine_in_window
from devices.document_cut import refit_cut, runs_to_frame_edge, strip_differs, without_bevels
from devices.document_edges import (
    MIN_CONTRAST,
    border_sides,
    colour_gradient,
    colour_planes,
    document_content,
    edge_distinctness,
    edge_support,
    runs_past_corners,
    side_contrasts,
    spans_frame,
    touches_border,
    with_outer_edges,
)
from devices.document_kinds import DOCUMENT_KINDS, SHAPES, DocumentKind
from devices.geometry import order_corners, plane_shape, side_aspect

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
MIN_SUPPORT = 0.6  # share of the outline that must lie on a real edge
MIN_SIDE_SUPPORT = 0.35  # and of each single side (a cut-off side, or one under glare: less)
MIN_PRINT_EDGES = 0.012  # share of edge pixels inside: a document has print, a box has not
MIN_GROUND = 0.25  # share of the inside that is one ground: a document has one, clutter not
MIN_SMALL_PRINT = 0.05  # print a small whole outline needs (far cards measure 0.13-0.19)
MIN_SMALL_SUPPORT = 0.68  # support a small whole outline needs (a far card's edges are clean)
SMALL_WHOLE = 0.1  # a whole outline this small may be a detail of a bigger, cut-off card
MIN_CUT_SIDE_CONTRAST = 10.0  # a cut-off card has only its own sides to show it is one
MIN_SIDE_CONTRAST = 4.0  # the same, along each single side (a pattern's block: about 0)
MIN_CORNER_SIDE_CONTRAST = 30.0  # a corner in the frame's corner shows two sides: must stand out
MIN_CUT_SIDE_SUPPORT = 0.75  # each of a cut-off card's own sides must be clearly an edge
MAX_CUT_FRACTION = 0.6  # a "cut-off card" filling the frame is the desk, not a card
MAX_TILT_DEGREES = 40.0  # a quad only a rectangle this far tilted could make: not a document
SHAPE_TOLERANCE = 0.12  # log-aspect spread around the kinds' shapes (perspective, errors)
MIN_SMALL_ANGLE = 70.0  # a far card is nearly a rectangle: corners this close to square
MIN_SMALL_SIDE_RATIO = 0.75  # and opposite sides this close in length (little perspective)
MAX_RUNS_PAST_CORNERS = 5  # of the 8 side ends; more running on as edges: a pattern's block
MAX_THROUGH_LINES = 2  # whole outlines' sides that run on past both ends: a pattern's grid
MAX_CUT_RUNS_PAST_CORNERS = 2  # a cut-off card's own corners end its sides; a block's run on
MIN_CUT_CORNER_ANGLE = 50.0  # a cut-off card's own corners: between this and 180 minus it
MAX_CUT_DEPTH = 2.5  # a card cut across two sides shows at most its length past its width
MIN_EDGE_DISTINCT = 1.3  # a side's step over the steps beside it (a texture's outline: ~1.2)
OUTER_REACH = 1.6  # how far (of its depth) the winner looks out once more for its edges
MAX_OUTER_MOVES = 2  # times a whole outline's sides may move out to the next parallel edge
PART_INSIDE = 0.95  # share of a whole outline inside a cut-off one that makes it a part
PART_GROWTH = 1.03  # and how much bigger the cut-off one must be
PART_CONTRAST = 30.0  # Lab distance of what it adds from the desk (a desk's grain band: 25)
PART_SECTORS = 8  # from the desk in each of this many sectors around the whole outline
DUPLICATE_PX = 0.5  # outlines whose corners all lie this close (working copy) are one


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


def shape_fit(aspect: float, expected: float | None = None) -> float:
    """1 for the shape of an ID-1 card or an A4 page (or `expected`), falling off around it."""
    targets = (expected,) if expected else SHAPES
    spread = min(abs(math.log(aspect / target)) for target in targets)
    return math.exp(-((spread / SHAPE_TOLERANCE) ** 2))


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


def _near_rectangle(quad: np.ndarray) -> bool:
    """Corners near square and opposite sides near equal, as a far (weak-perspective) card."""
    sides = [float(np.linalg.norm(quad[(i + 1) % 4] - quad[i])) for i in range(4)]
    ratios = [min(sides[i], sides[i + 2]) / max(sides[i], sides[i + 2], 1e-6) for i in (0, 1)]
    angles = [_angle(quad, i) for i in range(4)]
    return min(ratios) >= MIN_SMALL_SIDE_RATIO and min(angles) >= MIN_SMALL_ANGLE


def _angle(polygon: np.ndarray, index: int) -> float:
    """The inner angle, in degrees, at one vertex of a polygon."""
    a = polygon[index - 1] - polygon[index]
    b = polygon[(index + 1) % len(polygon)] - polygon[index]
    cosine = float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b) + 1e-9))
    return math.degrees(math.acos(max(-1.0, min(1.0, cosine))))


def _cut_depth_plausible(polygon: np.ndarray, border: list[int]) -> bool:
    """A quad with one side on the frame's edge is a card cut across two opposite sides: the
    side facing the cut is a whole side of the card, and the two running to the frame's edge
    cannot be much longer than the card's length. A band of wood grain across the whole
    frame is (its depth is many times its width). And wherever two of the card's own sides
    meet, they meet near square (perspective allowing)."""
    for index in range(len(polygon)):
        if (index - 1) % len(polygon) in border or index in border:
            continue  # a corner made by the frame's edge, not by the card
        if not MIN_CUT_CORNER_ANGLE < _angle(polygon, index) < 180.0 - MIN_CUT_CORNER_ANGLE:
            return False  # a card's own corner is near square; a sliver of grain's is not
    if len(polygon) != 4 or len(border) != 1:
        return True
    cut = border[0]
    whole = float(np.linalg.norm(polygon[(cut + 3) % 4] - polygon[(cut + 2) % 4]))
    depth = max(
        float(np.linalg.norm(polygon[(cut + 2) % 4] - polygon[(cut + 1) % 4])),
        float(np.linalg.norm(polygon[cut] - polygon[(cut + 3) % 4])),
    )
    return depth <= MAX_CUT_DEPTH * max(whole, 1e-6)


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
    grad_x, grad_y = colour_gradient(cv2.GaussianBlur(planes, (3, 3), 0))
    polygons, edges = candidates(planes)
    smooth_planes = cv2.GaussianBlur(planes, (5, 5), 0)
    # Whole outlines first; a cut-off card only when no whole document is in view (a desk's
    # texture along the frame's edge also makes outlines with a side on the border).
    best: tuple[float, np.ndarray, float, bool, float, float] | None = None
    best_cut: tuple[float, np.ndarray, float, bool, float, float] | None = None
    cut_winners: list[tuple[float, np.ndarray, float, bool, float, float]] = []  # best first
    # Each outline carries how many times its sides have been moved out to a parallel edge.
    # A card's light part beside its photo, moved out to the photo's inner edge, may need one
    # more move to the card's own edge: the winner, if it is such a variant, is moved out
    # once more when the queue is done (every outline twice would double the time).
    queue = [(p, 0) for p in polygons]
    best_moves = 0
    # Several segmentations, and the variants queued below, often give the same outline; each
    # is judged once (the queue holds every expandable outline before any variant, so the
    # first of two duplicates has been expanded too).
    seen: list[tuple[int, float, float, np.ndarray]] = []
    while True:
        if not queue:
            if best is None or best_moves >= MAX_OUTER_MOVES:
                break
            # (a photo covering part of a card may be the winner: its card reaches further)
            best_moves = MAX_OUTER_MOVES
            outer = with_outer_edges(grad_x, grad_y, best[1], OUTER_REACH)
            queue = [(v, MAX_OUTER_MOVES) for v in outer]
            continue
        polygon, moves = queue.pop(0)
        if _duplicate(polygon, seen):
            continue
        border = border_sides(polygon, small_w, small_h)
        cut_off = bool(border) or touches_border(polygon, small_w, small_h)
        if border and moves == 0:
            merged = without_bevels(polygon, border, (small_w, small_h))
            variants = [polygon] if merged is None else [polygon, merged]
            fitted = [
                refit_cut(smooth_planes, v, border_sides(v, small_w, small_h), 5.0)
                for v in variants
            ]
            queue += [(v, MAX_OUTER_MOVES) for v in [merged, *fitted] if v is not None]
        aspect, tilt, fit = 0.0, 0.0, 1.0
        if len(polygon) == 4:
            polygon = order_corners(polygon)
            if not cut_off:
                if not _plausible(polygon):
                    continue
                polygon = order_corners(refine(smooth_planes, polygon, 5.0))
                if moves == 0:
                    queue += [(v, 1) for v in with_outer_edges(grad_x, grad_y, polygon)]
                shape = plane_shape(polygon, (small_w, small_h))
                aspect, tilt = shape.aspect, shape.tilt_degrees
                if _area(polygon) < SMALL_WHOLE * small_h * small_w:
                    # A few pixels decide the perspective of a small quad: judge its plain
                    # side ratio, and do not call it tilted. But a far card shows almost no
                    # perspective, so its outline must be nearly a rectangle; a skewed block
                    # of a checked cloth or of gravel is not.
                    if not _near_rectangle(polygon):
                        continue
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
        sides = edge_support(grad_x, grad_y, polygon)
        border = border_sides(polygon, small_w, small_h)
        if cut_off:
            if len(border) > 2 or not _cut_depth_plausible(polygon, border):
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
            fraction > MAX_CUT_FRACTION or spans_frame(polygon, (small_w, small_h), fraction)
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
        # (ends at the frame not counted)
        runs = runs_past_corners(grad_x, grad_y, polygon, lines_only=not cut_off)
        if sum(runs) > (MAX_CUT_RUNS_PAST_CORNERS if cut_off else MAX_RUNS_PAST_CORNERS):
            continue  # a block of a checked cloth: its lines run on past the corners
        if not cut_off and runs.count(2) >= MAX_THROUGH_LINES:
            continue  # two sides are lines across the frame, running on past both ends
        own_sides = [i for i in range(len(polygon)) if i not in border]
        if (
            not cut_off
            and edge_distinctness(grad_x, grad_y, polygon, own_sides) < MIN_EDGE_DISTINCT
        ):
            continue  # drawn through a texture: the lines beside it are as edgy as it
        printed, contrast, ground = document_content(planes, edges, polygon)
        if printed < MIN_PRINT_EDGES or contrast < MIN_CONTRAST or ground < MIN_GROUND:
            continue
        if not border and fraction < SMALL_WHOLE and printed < MIN_SMALL_PRINT:
            # Far away, print is dense; a plain box with a pen across it is not (nor is one
            # whose corner only touches the frame's edge: it is all but whole in view).
            continue
        minimum = MIN_CUT_SIDE_CONTRAST if cut_off else MIN_SIDE_CONTRAST
        if cut_off and len(polygon) == 4 and len(border) == 2:
            # Only one corner and two sides of a card in view, the frame's corner giving the
            # rest: little to go on, so the card must stand clearly off the desk (a block of
            # gravel or cloth pattern in the corner of the frame hardly does).
            minimum = MIN_CORNER_SIDE_CONTRAST
        if min(side_contrasts(planes, polygon, own_sides)) < minimum:
            continue
        if cut_off:
            best_cut = (score, polygon, support, cut_off, aspect, tilt)
            cut_winners.insert(0, best_cut)
        else:
            best, best_moves = (score, polygon, support, cut_off, aspect, tilt), moves
    small_area = SMALL_WHOLE * small_h * small_w
    if best is None or (
        best_cut is not None
        and _area(best[1]) < small_area
        and _area(best_cut[1]) > 2 * _area(best[1])
    ):
        best = best_cut  # a far bigger cut-off card beats a small quad (clutter, its photo)
    else:
        # the whole outline is a part (the photo, the light part) of a cut-off card: the best
        # such card (the best cut-off outline of all may be the card's other part)
        best = next((c for c in cut_winners if _part_of(planes, best[1], c[1])), best)
    if best is None:
        return None
    _, polygon, support, cut_off, aspect, tilt = best
    if not cut_off and runs_to_frame_edge(planes, grad_x, grad_y, polygon):
        cut_off = True  # only part of the card: its sides run on out of the picture
    if cut_off:
        box = cv2.boxPoints(cv2.minAreaRect(polygon.astype(np.float32)))
        corners = order_corners(box.astype(np.float64)) / scale
    else:
        corners = order_corners(refine_in_window(bgr, polygon / scale))
        shape = plane_shape(corners, (width, height))
        aspect, tilt = shape.aspect, shape.tilt_degrees
        # (a corner a few pixels short of the frame's edge on the working copy may lie on
        # it once fitted on the full photo: the card runs on out of the picture)
        cut_off = touches_border(corners, width, height)
    fraction = float(cv2.contourArea((polygon / scale).astype(np.float32))) / (height * width)
    return DocumentDetection(corners, fraction, cut_off, support, aspect, tilt)


def _part_of(planes: np.ndarray, whole: np.ndarray, cut: np.ndarray) -> bool:
    """Whether a whole outline is a part of a cut-off card: the photo or the light part of a
    card that runs out of the picture, whose own outline is whole in view. It lies within
    a bigger cut-off outline with a side on the frame's edge, and what that outline adds is
    not desk (the desk between a whole card and the frame's edge is; so is a square of a
    checked cloth, of one of the colours around the card)."""
    inner = _area(whole)
    overlap, _ = cv2.intersectConvexConvex(whole.astype(np.float32), cut.astype(np.float32))
    return (
        overlap >= PART_INSIDE * inner
        and _area(cut) >= PART_GROWTH * inner
        and bool(border_sides(cut, planes.shape[1], planes.shape[0]))
        and strip_differs(planes, whole, cut, PART_CONTRAST, PART_SECTORS)
    )


def _duplicate(polygon: np.ndarray, seen: list[tuple[int, float, float, np.ndarray]]) -> bool:
    """Whether an outline with the same corners (within DUPLICATE_PX) is in `seen`; if not,
    it is added. Its length and first corner are compared first: most outlines differ there."""
    count, x, y = len(polygon), float(polygon[0, 0]), float(polygon[0, 1])
    for other_count, other_x, other_y, other in seen:
        if (
            other_count == count
            and abs(other_x - x) < DUPLICATE_PX
            and abs(other_y - y) < DUPLICATE_PX
            and np.abs(other - polygon).max() < DUPLICATE_PX
        ):
            return True
    seen.append((count, x, y, polygon))
    return False


def _area(polygon: np.ndarray) -> float:
    return float(cv2.contourArea(polygon.astype(np.float32)))
