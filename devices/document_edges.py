"""Evidence that an outline in a photo is a document's edge, and not clutter or a pattern.

The measures the document finder (devices/document.py) scores candidate outlines with: colour
planes in which any step in brightness or in colour is an intensity step; the share of each
side that lies on a real edge running along it; parallel edges further out (the true edge of
a card whose light part sits inside a coloured band); whether a side runs along the frame's
edge (a cut-off card); and whether the inside holds print and differs from the desk.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from devices.geometry import intersect
from devices.quality import grey_percentiles

EDGE_GRADIENT = 40.0  # colour Sobel step (about 10 levels) that counts as an edge
MIN_CONTRAST = 5.0  # Lab distance between the inside's rim and the desk just outside
BORDER_SIDE_MARGIN = 0.015  # a side with both ends this close to one edge runs along it
BORDER_MARGIN = 0.006  # a corner this close (of the frame size) to the edge means cut off
EXTENSION_SHARE = 0.3  # how far past a corner (of the side's length) a side's run is probed
EXTENSION_SUPPORT = 0.7  # support there that means the edge runs on (a pattern's line)
EXTENSION_DISTINCT = 1.5  # and its step over the lines beside it (a pattern's line: far more;
# grass or gravel, whose strokes happen to line up there: about as strong beside it)
PARALLEL_OFFSETS = (10.0, 14.0, 18.0)  # px (working copy) of the lines beside a side, both ways
CHROMA_GAIN = 2.0  # a/b differences count double: chroma steps are small in Lab units


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


def colour_gradient(planes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per pixel, the x/y gradient of the plane where the step is strongest."""
    smooth = planes.astype(np.float32)
    grad_x = cv2.Sobel(smooth, cv2.CV_32F, 1, 0, ksize=3)
    grad_y = cv2.Sobel(smooth, cv2.CV_32F, 0, 1, ksize=3)
    strongest = np.argmax(grad_x**2 + grad_y**2, axis=2)[..., None]
    return (
        np.take_along_axis(grad_x, strongest, axis=2)[..., 0],
        np.take_along_axis(grad_y, strongest, axis=2)[..., 0],
    )


def edge_support(grad_x: np.ndarray, grad_y: np.ndarray, quad: np.ndarray) -> list[float]:
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


def edge_distinctness(
    grad_x: np.ndarray, grad_y: np.ndarray, polygon: np.ndarray, sides: list[int]
) -> float:
    """How much stronger each side's step is than the steps along the lines parallel to it
    just beside it, on its quieter side (the least ratio over `sides`).

    A document's edge is a line on which the texture on at least one side of it does not
    continue: a plain desk or a card's margin outside or inside, wood grain on one side only,
    and even in a dark, noisy photo the card's step is far stronger than the noise. An
    outline drawn through grass, gravel or a cloth's pattern has steps as strong along the
    lines beside it, inside and outside, as along itself.
    """
    least = float("inf")
    for index in sides:
        segment = np.array([polygon[index], polygon[(index + 1) % len(polygon)]])
        direction = (segment[1] - segment[0]) / (np.linalg.norm(segment[1] - segment[0]) + 1e-9)
        normal = np.array([-direction[1], direction[0]])
        own = _step_along(grad_x, grad_y, segment, normal)
        beside = [
            float(np.mean([_step_along(grad_x, grad_y, segment + sign * k * normal, normal)
                           for k in PARALLEL_OFFSETS]))
            for sign in (1.0, -1.0)
        ]  # fmt: skip
        least = min(least, own / (min(beside) + 1.0))
    return least


def _step_along(
    grad_x: np.ndarray, grad_y: np.ndarray, segment: np.ndarray, normal: np.ndarray
) -> float:
    """The median, along a segment, of the strongest colour step across it within 3 px."""
    height, width = grad_x.shape
    points = segment[0] + (segment[1] - segment[0]) * np.linspace(0.06, 0.94, 40)[:, None]
    probe = points[:, None, :] + np.arange(-3, 4)[None, :, None] * normal[None, None, :]
    xs = np.clip(np.rint(probe[..., 0]).astype(int), 0, width - 1)
    ys = np.clip(np.rint(probe[..., 1]).astype(int), 0, height - 1)
    across = np.abs(grad_x[ys, xs] * normal[0] + grad_y[ys, xs] * normal[1])
    return float(np.median(across.max(axis=1)))


def runs_past_corners(
    grad_x: np.ndarray, grad_y: np.ndarray, quad: np.ndarray, lines_only: bool = False
) -> list[int]:
    """Per side of the outline, how many of its two ends run on as an edge past the corner.

    A card's edge ends at its corners; the lines of a checked cloth or a tiled pattern, along
    which a block of the pattern is outlined, run on across the frame. With `lines_only` a
    run counts only where it is a line of its own, stronger than the lines beside it: in
    grass or gravel some strokes line up with any side's extension, but as many lie beside
    it (a whole card on grass; whole outlines drawn through grass are refused by their own
    sides' distinctness, cut-off ones need the plain count). An end where the frame ends
    first is not counted.
    """
    height, width = grad_x.shape
    counts = []
    for index in range(len(quad)):
        start, end = quad[index], quad[(index + 1) % len(quad)]
        reach = EXTENSION_SHARE * (end - start)
        count = 0
        for a, b in ((end, end + reach), (start, start - reach)):
            if not (0 <= b[0] < width and 0 <= b[1] < height):
                continue  # the frame ends first: nothing to judge
            run = np.array([a, b])
            if edge_support(grad_x, grad_y, run)[0] >= EXTENSION_SUPPORT and (
                not lines_only or edge_distinctness(grad_x, grad_y, run, [0]) >= EXTENSION_DISTINCT
            ):
                count += 1
        counts.append(count)
    return counts


def _outer_offsets(
    grad_x: np.ndarray, grad_y: np.ndarray, quad: np.ndarray, side: int, reach: float = 0.45
) -> list[float]:
    """Offsets (px, outward) at which a line parallel to one side lies on a real edge.

    The light part of a card inside a dark band, a photo reaching the card's edge, or a
    page's table all make a clean quad INSIDE the document; its true edge is a parallel
    line further out, up to `reach` times the quad's depth across that side. Returns up to
    two offsets, strongest support first.
    """
    height, width = grad_x.shape
    start, end = quad[side], quad[(side + 1) % 4]
    direction = (end - start) / (np.linalg.norm(end - start) + 1e-9)
    normal = np.array([-direction[1], direction[0]])  # points inside for clockwise order
    opposite = quad[(side + 2) % 4]
    depth = abs(float((opposite - start) @ normal))
    offsets = np.arange(3.0, max(4.0, reach * depth), 1.0)
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


def with_outer_edges(
    grad_x: np.ndarray, grad_y: np.ndarray, quad: np.ndarray, reach: float = 0.45
) -> list[np.ndarray]:
    """Variants of a quad with one side, or every side, moved to a parallel edge outside."""
    per_side = {side: _outer_offsets(grad_x, grad_y, quad, side, reach) for side in range(4)}
    variants = [
        _expanded(quad, {side: offset}) for side, found in per_side.items() for offset in found
    ]
    best = {side: found[0] for side, found in per_side.items() if found}
    if len(best) > 1:
        variants.append(_expanded(quad, best))
    return variants


def border_sides(quad: np.ndarray, width: int, height: int) -> list[int]:
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


def touches_border(quad: np.ndarray, width: int, height: int) -> bool:
    margin = BORDER_MARGIN * max(width, height) + 1.5
    xs, ys = quad[:, 0], quad[:, 1]
    return bool(
        (xs < margin).any()
        or (ys < margin).any()
        or (xs > width - 1 - margin).any()
        or (ys > height - 1 - margin).any()
    )


def spans_frame(polygon: np.ndarray, size: tuple[int, int], fraction: float) -> bool:
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
