"""The corner editor's view model: four corners over a photo, picked, dragged and nudged.

No Qt here, so the editing rules are tested without a screen. Coordinates are in the photo's
pixels; the widget converts from the screen. When detection found nothing, four default
corners (a centred rectangle of the document's shape) are offered, so the operator can always
finish the capture by placing them by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from devices.document import DocumentKind, flatten, order_corners

AUTO, ADJUSTED, MANUAL = "auto", "adjusted", "manual"
"""How the corners of a stored document were set: as detected, moved by the operator, or
placed by hand because nothing was detected."""
PREVIEW_WIDTH = 360  # the live flattened preview (the stored image is flattened at full size)
PREVIEW_SOURCE = 960  # longer side of the copy the preview warps from (speed)


def default_corners(width: int, height: int, aspect: float) -> np.ndarray:
    """A centred rectangle of the document's shape covering about 70 % of the frame's width
    or height, TL, TR, BR, BL."""
    box_w = 0.7 * width
    box_h = box_w / aspect
    if box_h > 0.7 * height:
        box_h = 0.7 * height
        box_w = box_h * aspect
    x0, y0 = (width - box_w) / 2, (height - box_h) / 2
    return np.array([[x0, y0], [x0 + box_w, y0], [x0 + box_w, y0 + box_h], [x0, y0 + box_h]])


@dataclass
class CornerResult:
    """What the operator accepted: the corners (TL, TR, BR, BL) and how they were set."""

    corners: np.ndarray
    choice: str


class CornerModel:
    """Four corners over one photo, one of them selected."""

    def __init__(self, image: np.ndarray, kind: DocumentKind, corners: np.ndarray | None) -> None:
        self.image = image if image.ndim == 3 else cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
        self.kind = kind
        height, width = image.shape[:2]
        self.size = (width, height)
        self.detected = corners is not None
        start = corners if corners is not None else default_corners(width, height, kind.aspect)
        self.corners = order_corners(np.asarray(start, np.float64))
        self.initial = self.corners.copy()
        self.selected = 0
        self.moved = False
        scale = min(1.0, PREVIEW_SOURCE / max(width, height))
        self._preview_scale = scale
        self._preview_source = (
            image
            if scale == 1.0
            else cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        )

    @property
    def choice(self) -> str:
        """auto (as detected, untouched), adjusted (detected, then moved) or manual."""
        if not self.detected:
            return MANUAL
        return ADJUSTED if self.moved else AUTO

    def select(self, index: int) -> None:
        self.selected = index % 4

    def select_next(self, step: int = 1) -> None:
        self.selected = (self.selected + step) % 4

    def nearest(self, point: tuple[float, float], radius: float) -> int | None:
        """The corner within `radius` photo pixels of `point`, the closest one."""
        distances = np.linalg.norm(self.corners - np.asarray(point, np.float64), axis=1)
        index = int(np.argmin(distances))
        return index if distances[index] <= radius else None

    def move_to(self, index: int, point: tuple[float, float]) -> None:
        """Puts a corner at `point`, kept inside the photo."""
        width, height = self.size
        x = min(max(float(point[0]), 0.0), width - 1.0)
        y = min(max(float(point[1]), 0.0), height - 1.0)
        if (x, y) != tuple(self.corners[index]):
            self.corners[index] = (x, y)
            self.moved = True
        self.selected = index

    def nudge(self, dx: float, dy: float) -> None:
        """Moves the selected corner by (dx, dy) photo pixels."""
        x, y = self.corners[self.selected]
        self.move_to(self.selected, (x + dx, y + dy))

    def reset(self) -> None:
        self.corners = self.initial.copy()
        self.moved = False

    @property
    def valid(self) -> bool:
        """A convex quad of real size: anything else cannot be flattened sensibly."""
        quad = self.corners.astype(np.float32)
        area = cv2.contourArea(quad)
        return bool(cv2.isContourConvex(quad) and area >= 0.005 * self.size[0] * self.size[1])

    def preview(self, width: int = PREVIEW_WIDTH) -> np.ndarray | None:
        """The document flattened with the current corners, small, for the live preview."""
        if not self.valid:
            return None
        small = DocumentKind(self.kind.name, self.kind.aspect, width, self.kind.target_bytes)
        return flatten(self._preview_source, self.corners * self._preview_scale, small)

    def result(self) -> CornerResult:
        return CornerResult(order_corners(self.corners.copy()), self.choice)
