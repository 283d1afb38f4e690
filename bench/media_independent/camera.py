"""The camera model of the independent media: a pinhole camera tilted up to 30 degrees,
room light, the faults a photo picks up (glare, shadow, a thumb), and the sensor (lens
softness, noise, a JPEG round trip)."""

from __future__ import annotations

import math

import cv2
import numpy as np

FRAME = (1280, 720)
LIGHTS = ("even", "uneven", "warm", "dim")


# --- the camera -----------------------------------------------------------------------------
def _rounded_mask(width: int, height: int, radius: int) -> np.ndarray:
    mask = np.zeros((height, width), np.uint8)
    cv2.rectangle(mask, (radius, 0), (width - 1 - radius, height - 1), 255, -1)
    cv2.rectangle(mask, (0, radius), (width - 1, height - 1 - radius), 255, -1)
    for cx, cy in (
        (radius, radius),
        (width - 1 - radius, radius),
        (width - 1 - radius, height - 1 - radius),
        (radius, height - 1 - radius),
    ):
        cv2.circle(mask, (cx, cy), radius, 255, -1, cv2.LINE_AA)
    return mask


def project_rectangle(
    aspect: float,
    share: float,
    rng: np.random.Generator,
    max_tilt: float = 30.0,
    centre: tuple[float, float] | None = None,
) -> np.ndarray:
    """Corners of an aspect:1 rectangle seen by a pinhole camera, tilted out of the plane.

    The rectangle (unit height) is rolled in its plane, tilted about a random axis in the
    plane by up to `max_tilt` degrees, placed in front of a camera with a 60 degree field of
    view, and scaled so its image covers about `share` of the frame.
    """
    width, height = FRAME
    focal = width / (2 * math.tan(math.radians(30)))
    half = np.array([[-aspect, -1], [aspect, -1], [aspect, 1], [-aspect, 1]]) / 2
    roll = math.radians(rng.uniform(-20, 20))
    rot = np.array([[math.cos(roll), -math.sin(roll)], [math.sin(roll), math.cos(roll)]])
    flat = half @ rot.T
    tilt = math.radians(rng.uniform(0, max_tilt))
    axis_angle = rng.uniform(0, 2 * math.pi)
    axis = np.array([math.cos(axis_angle), math.sin(axis_angle), 0.0])
    rotation, _ = cv2.Rodrigues(axis * tilt)
    points = np.c_[flat, np.zeros(4)] @ rotation.T
    points[:, 2] += 3.0
    image = focal * points[:, :2] / points[:, 2:3]
    area = cv2.contourArea(image.astype(np.float32))
    image *= math.sqrt(share * width * height / max(area, 1e-6))
    if centre is None:
        centre = (width / 2 + rng.uniform(-0.12, 0.12) * width,
                  height / 2 + rng.uniform(-0.1, 0.1) * height)  # fmt: skip
    image += np.array(centre) - image.mean(axis=0)
    return image


def composite(
    desk: np.ndarray, document: np.ndarray, corners: np.ndarray, kind: str, rng: np.random.Generator
) -> np.ndarray:
    doc_h, doc_w = document.shape[:2]
    source = np.array([[0, 0], [doc_w, 0], [doc_w, doc_h], [0, doc_h]], np.float32)
    matrix = cv2.getPerspectiveTransform(source, corners.astype(np.float32))
    radius = int(0.037 * doc_w) if kind == "ktp" else 2
    mask = _rounded_mask(doc_w, doc_h, radius)
    size = (desk.shape[1], desk.shape[0])
    warped = cv2.warpPerspective(document, matrix, size, flags=cv2.INTER_AREA)
    alpha = cv2.warpPerspective(mask, matrix, size, flags=cv2.INTER_LINEAR).astype(np.float32)
    # A soft contact shadow under the document, as on any real desk.
    shadow = cv2.GaussianBlur(alpha, (0, 0), rng.uniform(3, 9)) / 255.0
    shifted = np.roll(shadow, (int(rng.integers(2, 7)), int(rng.integers(-4, 5))), axis=(0, 1))
    base = desk.astype(np.float32) * (1 - 0.35 * shifted[..., None])
    alpha = alpha[..., None] / 255.0
    return base * (1 - alpha) + warped.astype(np.float32) * alpha


def lighting(image: np.ndarray, light: str, rng: np.random.Generator) -> np.ndarray:
    height, width = image.shape[:2]
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    if light == "uneven":
        angle = rng.uniform(0, 2 * math.pi)
        ramp = (xs * math.cos(angle) + ys * math.sin(angle)) / max(width, height)
        ramp -= ramp.min()
        ramp /= max(float(ramp.max()), 1e-6)
        image = image * (0.65 + 0.4 * ramp[..., None])
    elif light == "warm":
        image = image * np.array([0.72, 0.92, 1.08], np.float32)
    elif light == "dim":
        image = image * rng.uniform(0.55, 0.7)
    return image


def glare(
    image: np.ndarray, corners: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, str]:
    """A lamp's reflection: a saturated spot with a soft halo on the document."""
    places = {
        "tengah": (0.5, 0.5),
        "kiri atas": (0.22, 0.25),
        "kanan atas": (0.78, 0.25),
        "kiri bawah": (0.22, 0.75),
        "kanan bawah": (0.78, 0.75),
    }
    where = str(rng.choice(list(places)))
    u, v = places[where]
    u += rng.uniform(-0.06, 0.06)
    v += rng.uniform(-0.06, 0.06)
    top = corners[0] + (corners[1] - corners[0]) * u
    bottom = corners[3] + (corners[2] - corners[3]) * u
    centre = top + (bottom - top) * v
    diagonal = float(np.linalg.norm(corners[2] - corners[0]))
    radius = rng.uniform(0.07, 0.13) * diagonal
    height, width = image.shape[:2]
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    distance = np.hypot((xs - centre[0]) / 1.3, ys - centre[1])
    spot = np.exp(-((distance / radius) ** 2)) * 420
    return image + spot[..., None], where


def shadow(image: np.ndarray, corners: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The shadow of a hand or a head over about half the document, soft edged."""
    height, width = image.shape[:2]
    mask = np.zeros((height, width), np.float32)
    side = int(rng.integers(0, 4))
    a, b = corners[side], corners[(side + 1) % 4]
    c, d = corners[(side + 2) % 4], corners[(side + 3) % 4]
    reach = rng.uniform(0.45, 0.7)
    polygon = np.array([a, b, b + (c - b) * reach, a + (d - a) * reach])
    centre = polygon.mean(axis=0)
    polygon = centre + (polygon - centre) * 1.25
    cv2.fillPoly(mask, [polygon.astype(np.int32)], 1.0, cv2.LINE_AA)
    soft = cv2.GaussianBlur(mask, (0, 0), rng.uniform(8, 18))
    return image * (1 - rng.uniform(0.45, 0.6) * soft[..., None])


def finger(image: np.ndarray, corners: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A thumb holding the document: skin from outside, over one side, onto the print."""
    side = int(rng.integers(0, 4))
    a, b = corners[side], corners[(side + 1) % 4]
    inward = corners.mean(axis=0) - (a + b) / 2
    inward /= np.linalg.norm(inward) + 1e-9
    diagonal = float(np.linalg.norm(corners[2] - corners[0]))
    base = a + (b - a) * rng.uniform(0.3, 0.7)
    tip = base + inward * diagonal * rng.uniform(0.1, 0.16)
    root = base - inward * diagonal * 0.25
    thickness = int(diagonal * rng.uniform(0.06, 0.08))
    skin = rng.choice([(90, 130, 190), (70, 110, 160), (120, 160, 215), (60, 90, 140)])
    layer = image.copy()
    cv2.line(layer, tuple(root.astype(int)), tuple(tip.astype(int)), skin.tolist(), thickness,
             cv2.LINE_AA)  # fmt: skip
    cv2.circle(layer, tuple(tip.astype(int)), thickness // 2, skin.tolist(), -1, cv2.LINE_AA)
    nail = tip - inward * thickness * 0.25
    cv2.circle(layer, tuple(nail.astype(int)), thickness // 4, (skin * 1.2).clip(0, 255).tolist(),
               -1, cv2.LINE_AA)  # fmt: skip
    return layer


def expose(image: np.ndarray, rng: np.random.Generator, blur: float, noise: float) -> np.ndarray:
    out = cv2.GaussianBlur(image, (0, 0), blur) if blur > 0 else image
    out = out + rng.normal(0, noise, out.shape).astype(np.float32)
    out = np.clip(out, 0, 255).astype(np.uint8)
    ok, encoded = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(80, 93))])
    assert ok
    decoded = cv2.imdecode(encoded, cv2.IMREAD_COLOR)
    assert decoded is not None
    return decoded


def inside_frame(corners: np.ndarray, margin: float = 0.04) -> np.ndarray:
    """Shrinks and moves a quad so it lies inside the frame with a margin on every side."""
    width, height = FRAME
    room = np.array([width, height]) * (1 - 2 * margin)
    size = corners.max(axis=0) - corners.min(axis=0)
    scale = min(1.0, float(np.min(room / size)))
    centre = corners.mean(axis=0)
    corners = centre + (corners - centre) * scale
    low = np.array([width, height]) * margin
    high = np.array([width, height]) - low
    corners = corners + np.maximum(0, low - corners.min(axis=0))
    return corners - np.maximum(0, corners.max(axis=0) - high)


def push_out(corners: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Moves the document so 15-35 % of it runs off one side of the frame."""
    width, height = FRAME
    low, high = corners.min(axis=0), corners.max(axis=0)
    size = high - low
    side = int(rng.integers(0, 4))
    fraction = rng.uniform(0.15, 0.35)
    shift = np.zeros(2)
    if side == 0:
        shift[0] = -low[0] - fraction * size[0]
    elif side == 1:
        shift[0] = width - high[0] + fraction * size[0]
    elif side == 2:
        shift[1] = -low[1] - fraction * size[1]
    else:
        shift[1] = height - high[1] + fraction * size[1]
    return corners + shift


def inside_frame_of(corners: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    low = np.array(size) * 0.02
    high = np.array(size) - low
    corners = corners + np.maximum(0, low - corners.min(axis=0))
    return corners - np.maximum(0, corners.max(axis=0) - high)
