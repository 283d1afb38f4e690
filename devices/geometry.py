"""Geometry of a flat rectangle seen by a camera: corner order, its true shape and its tilt.

A quadrilateral in a photo is a rectangle in perspective. Knowing roughly the camera's focal
length (webcams and phone cameras have a 55-70 degree field of view), the four corner rays
give the rectangle in 3-D up to scale: its real aspect ratio (so an ID-1 card tilted 30
degrees still measures 1.59, and the light part of a card with a dark band does not) and how
far it is tilted from facing the camera.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

FOCAL_PER_WIDTH = 0.9  # focal length / image width: a 58 degree field of view, a typical webcam


@dataclass(frozen=True)
class PlaneShape:
    """A quadrilateral taken back to the rectangle it shows.

    Attributes:
        aspect: long side / short side of the rectangle (>= 1).
        tilt_degrees: angle between the rectangle's normal and the camera's axis.
    """

    aspect: float
    tilt_degrees: float


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
        if dot > best_dot + 1e-6:
            best, best_dot = start, dot
    return np.roll(pts, -best, axis=0)


def intersect(line_a: np.ndarray, line_b: np.ndarray) -> np.ndarray | None:
    """Where two lines (vx, vy, x0, y0) cross, or None when they are parallel."""
    (ax, ay, ax0, ay0), (bx, by, bx0, by0) = line_a, line_b
    det = ax * (-by) - ay * (-bx)
    if abs(det) < 1e-6:
        return None
    t = ((bx0 - ax0) * (-by) - (by0 - ay0) * (-bx)) / det
    return np.array([ax0 + ax * t, ay0 + ay * t])


def perimeter(quad: np.ndarray) -> float:
    return float(sum(np.linalg.norm(quad[(i + 1) % 4] - quad[i]) for i in range(4)))


def side_aspect(quad: np.ndarray) -> float:
    """Long over short side, averaging opposite sides (no perspective correction)."""
    top = float(np.linalg.norm(quad[1] - quad[0]) + np.linalg.norm(quad[2] - quad[3]))
    side = float(np.linalg.norm(quad[3] - quad[0]) + np.linalg.norm(quad[2] - quad[1]))
    return max(top, side) / max(min(top, side), 1e-6)


def plane_shape(quad: np.ndarray, image_size: tuple[int, int]) -> PlaneShape:
    """The rectangle behind an ordered quad (TL, TR, BR, BL) in an image of (width, height).

    Each corner's ray is scaled so the four points form a parallelogram in space
    (P0 + P2 = P1 + P3); its sides give the real aspect, its normal the tilt. When the
    solution is degenerate (a quad no rectangle can produce) the plain side ratio is used.
    """
    width, height = image_size
    focal = FOCAL_PER_WIDTH * max(width, height)
    rays = np.c_[(quad - np.array([width / 2, height / 2])) / focal, np.ones(4)]
    # lambda0 = 1; solve l2*r2 - l1*r1 - l3*r3 = -r0 for (l1, l2, l3).
    system = np.stack([-rays[1], rays[2], -rays[3]], axis=1)
    try:
        l1, l2, l3 = np.linalg.solve(system, -rays[0])
    except np.linalg.LinAlgError:
        return PlaneShape(side_aspect(quad), 0.0)
    if min(l1, l2, l3) <= 0:
        return PlaneShape(side_aspect(quad), 90.0)
    points = rays * np.array([1.0, l1, l2, l3])[:, None]
    across = points[1] - points[0]
    down = points[3] - points[0]
    a, b = float(np.linalg.norm(across)), float(np.linalg.norm(down))
    normal = np.cross(across, down)
    cosine = abs(normal[2]) / (np.linalg.norm(normal) + 1e-12)
    tilt = math.degrees(math.acos(min(1.0, cosine)))
    return PlaneShape(max(a, b) / max(min(a, b), 1e-9), tilt)
