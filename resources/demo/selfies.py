"""Generated selfies for the face checks, from scikit-image's public-domain astronaut photo.

`skimage.data.astronaut()` (NASA, public domain) is the one real face the project can ship
in tests. Masks and hands are drawn over it for the `face_covered` cases; the other cases
change framing, light and focus. scikit-image is a development dependency, so this module is
for tests, the benchmark and demo builds only.
"""

from __future__ import annotations

import cv2
import numpy as np

from resources.demo.media import add_sensor_noise, cluttered_background

SELFIE_CASES = (
    "clean",
    "face_covered_mask",
    "face_covered_hand",
    "multiple_faces",
    "face_too_small",
    "no_face",
    "too_dark",
    "blurry",
)
# The astronaut's face in the 512x512 original (found once with OpenCV's frontal cascade).
FACE_BOX = (177, 67, 93, 93)
FRAME = (960, 720)


def astronaut_bgr() -> np.ndarray:
    """The 512x512 astronaut photo as BGR."""
    from skimage import data

    return np.ascontiguousarray(data.astronaut()[:, :, ::-1])


def draw_mask(image: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    """A pale blue surgical mask from the nose bridge to below the chin, with pleats."""
    x, y, w, h = box
    out = image.copy()
    top, bottom = y + int(0.52 * h), y + int(1.08 * h)
    polygon = np.array(
        [
            (x + int(0.08 * w), top + int(0.05 * h)),
            (x + int(0.5 * w), top - int(0.04 * h)),
            (x + int(0.92 * w), top + int(0.05 * h)),
            (x + int(0.88 * w), bottom - int(0.12 * h)),
            (x + int(0.5 * w), bottom),
            (x + int(0.12 * w), bottom - int(0.12 * h)),
        ],
        np.int32,
    )
    cv2.fillPoly(out, [polygon], (235, 215, 170), cv2.LINE_AA)
    for k in range(3):
        yy = top + int((0.12 + 0.14 * k) * h)
        cv2.line(out, (x + int(0.12 * w), yy), (x + int(0.88 * w), yy), (200, 180, 140), 2)
    cv2.line(
        out,
        (x + int(0.08 * w), top + int(0.05 * h)),
        (x - int(0.02 * w), y + int(0.45 * h)),
        (220, 220, 220),
        2,
    )
    cv2.line(
        out,
        (x + int(0.92 * w), top + int(0.05 * h)),
        (x + int(1.02 * w), y + int(0.45 * h)),
        (220, 220, 220),
        2,
    )
    return out


def draw_hand(image: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    """A hand over mouth and chin: a palm and four fingers in a darker skin tone."""
    x, y, w, h = box
    out = image.copy()
    skin = (95, 130, 185)
    outline = (50, 70, 110)
    centre = (x + int(0.5 * w), y + int(0.95 * h))
    cv2.ellipse(out, centre, (int(0.38 * w), int(0.3 * h)), 0, 0, 360, skin, -1, cv2.LINE_AA)
    for k in range(4):
        fx = x + int((0.2 + 0.19 * k) * w)
        top = y + int((0.52 + (0.04 if k in (0, 3) else 0)) * h)
        cv2.rectangle(out, (fx, top), (fx + int(0.16 * w), y + int(0.95 * h)), skin, -1)
        cv2.ellipse(
            out, (fx + int(0.08 * w), top), (int(0.08 * w), int(0.06 * h)), 0, 180, 360, skin, -1
        )
        cv2.line(out, (fx, top), (fx, y + int(0.9 * h)), outline, 2, cv2.LINE_AA)
    return out


def _frame_around_face(
    photo: np.ndarray, box: tuple[int, int, int, int], zoom: float
) -> np.ndarray:
    """Crops a FRAME-sized selfie out of the photo scaled by `zoom`, face a bit above centre."""
    scaled = cv2.resize(photo, None, fx=zoom, fy=zoom, interpolation=cv2.INTER_CUBIC)
    cx = int((box[0] + box[2] / 2) * zoom)
    cy = int((box[1] + box[3] / 2) * zoom)
    pad = max(FRAME)
    padded = cv2.copyMakeBorder(scaled, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
    left = cx + pad - FRAME[0] // 2
    top = cy + pad - int(FRAME[1] * 0.4)
    return padded[top : top + FRAME[1], left : left + FRAME[0]].copy()


def selfie(case: str, seed: int = 0) -> np.ndarray:
    """A BGR selfie (960x720) for one of SELFIE_CASES."""
    rng = np.random.default_rng(seed)
    photo = astronaut_bgr()
    zoom = float(rng.uniform(1.8, 2.2))
    if case == "face_covered_mask":
        photo = draw_mask(photo, FACE_BOX)
    elif case == "face_covered_hand":
        photo = draw_hand(photo, FACE_BOX)
    if case == "multiple_faces":
        quarter = FRAME[0] // 4
        left = _frame_around_face(photo, FACE_BOX, 1.4)[:, quarter : 3 * quarter]
        mirrored = photo[:, ::-1].copy()
        right = _frame_around_face(mirrored, (512 - 270, 67, 93, 93), 1.5)[:, quarter : 3 * quarter]
        image = np.hstack([left, right])
    elif case == "face_too_small":
        image = cluttered_background(FRAME[0], FRAME[1], rng)
        small = cv2.resize(photo, None, fx=0.9, fy=0.9, interpolation=cv2.INTER_AREA)
        y0, x0 = FRAME[1] - small.shape[0], (FRAME[0] - small.shape[1]) // 2
        image[y0:, x0 : x0 + small.shape[1]] = small
    elif case == "no_face":
        body = photo[300:, :]
        image = cv2.resize(body, FRAME, interpolation=cv2.INTER_CUBIC)
    else:
        image = _frame_around_face(photo, FACE_BOX, zoom)
    if case == "too_dark":
        image = (image.astype(np.float32) * float(rng.uniform(0.12, 0.2))).astype(np.uint8)
    elif case == "blurry":
        image = cv2.GaussianBlur(image, (0, 0), float(rng.uniform(5, 7)))
    return add_sensor_noise(image, rng, 2.0)
