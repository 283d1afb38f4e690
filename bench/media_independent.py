"""A second, independent generator of document photos, for evaluating the detector.

The project's own demo media (resources/demo/media.py) is what the detector was first tuned
on, so figures measured on it flatter the detector. This module shares no code or design with
it: cards and pages are drawn with OpenCV's Hershey fonts (not PIL), carry real public-domain
photographs and printed text from scikit-image's sample data (`astronaut`, `coffee`,
`chelsea`, `camera`, the Labeled Faces in the Wild sample, the photographed `page` and `text`),
and are photographed by a pinhole camera model (tilt up to 30 degrees out of the plane)
onto desks the first generator never drew: a white desk (low contrast with a white card),
wood grain, patterned cloth, real textures (brick, gravel, grass) and clutter. Lighting varies
(uneven room light, warm lamp, low light, glare spots, hand shadows), and every photo goes
through sensor noise, lens softness and a JPEG round trip.

Designs: `ktp_band` (light card with a dark coloured band along one edge, photo, text),
`dark_card` (dark card, light print), `photo_card` (a photo reaching the card's edge),
`kk_page` (A4 landscape, coloured header, table), `letter` (A4 portrait, letterhead, text,
stamp), `plain_card` (near-white card, faint print: the white-desk case).

Conditions and the code a correct check must report: clean (nothing), glare, blurry,
too_dark, document_cut_off, shadow, finger, too_small, and empty (no_document).

Every photo carries its ground-truth corners (TL, TR, BR, BL of the document as it reads,
in frame pixels). Generation is deterministic per (seed, condition). scikit-image is a
development dependency: this module is for the bench and tests only.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import cv2
import numpy as np

FRAME = (1280, 720)
DESIGNS = ("ktp_band", "dark_card", "photo_card", "kk_page", "letter", "plain_card")
BACKGROUNDS = ("white_desk", "wood", "cloth", "texture", "clutter", "dark_tray")
LIGHTS = ("even", "uneven", "warm", "dim")
CONDITIONS = (
    "clean",
    "glare",
    "blurry",
    "too_dark",
    "document_cut_off",
    "shadow",
    "finger",
    "too_small",
    "empty",
)
EXPECTED = {
    "clean": set(),
    "glare": {"glare"},
    "blurry": {"blurry"},
    "too_dark": {"too_dark"},
    "document_cut_off": {"document_cut_off"},
    "shadow": {"shadow"},
    "finger": {"finger"},
    "too_small": {"too_small"},
    "empty": {"no_document"},
}
FONT = cv2.FONT_HERSHEY_SIMPLEX
FONT_BOLD = cv2.FONT_HERSHEY_DUPLEX


@dataclass(frozen=True)
class IndependentPhoto:
    """One generated photo and its truth.

    Attributes:
        image: BGR frame.
        corners: 4x2 document corners (TL, TR, BR, BL) in frame pixels; None when empty.
        condition: one of CONDITIONS.
        design, background, light: what was drawn, for per-condition breakdowns.
        kind: "ktp", "kk" or "page" (the document's shape).
        where: for glare, the spot's place on the document ("tengah", "kiri atas", ...).
    """

    image: np.ndarray
    corners: np.ndarray | None
    condition: str
    design: str
    background: str
    light: str
    kind: str
    where: str = ""

    @property
    def expected(self) -> set[str]:
        return EXPECTED[self.condition]


# --- public-domain pictures -------------------------------------------------------------------
@functools.cache
def _sample(name: str) -> np.ndarray:
    from skimage import data

    if name == "lfw":
        faces = data.lfw_subset()
        return (np.clip(faces, 0, 1) * 255).astype(np.uint8)
    picture = getattr(data, name)()
    if picture.ndim == 2:
        return cv2.cvtColor(picture, cv2.COLOR_GRAY2BGR)
    return np.ascontiguousarray(picture[:, :, ::-1])


def _portrait(rng: np.random.Generator, size: tuple[int, int]) -> np.ndarray:
    """A face photo for a card: one of the LFW faces, or the astronaut, in colour."""
    width, height = size
    if rng.random() < 0.7:
        face = _sample("lfw")[int(rng.integers(0, 200))]
        face = cv2.cvtColor(face, cv2.COLOR_GRAY2BGR)
        tint = np.array([rng.uniform(0.75, 0.95), rng.uniform(0.85, 1.0), 1.0])
        face = np.clip(face.astype(np.float32) * tint, 0, 255).astype(np.uint8)
    else:
        face = _sample("astronaut")[40:300, 130:330]
    backdrop = (rng.choice([(200, 90, 30), (40, 40, 200), (230, 230, 230)])).tolist()
    out = np.full((height, width, 3), backdrop, np.uint8)
    inner = cv2.resize(face, (width, int(height * 0.9)), interpolation=cv2.INTER_CUBIC)
    out[height - inner.shape[0] :] = inner
    return out


def _text_lines(
    canvas: np.ndarray,
    rng: np.random.Generator,
    box: tuple[int, int, int, int],
    colour: tuple[int, int, int],
    scale: float,
    labels: bool = True,
) -> None:
    x0, y0, x1, y1 = box
    step = int(34 * scale) + 4
    words = ("NIK", "Nama", "Tempat/Tgl", "Alamat", "RT/RW", "Kel/Desa", "Agama", "Status")
    y = y0 + step
    index = 0
    while y < y1:
        if labels:
            label = words[index % len(words)]
            cv2.putText(canvas, label, (x0, y), FONT, 0.7 * scale, colour, 1, cv2.LINE_AA)
            value_x = x0 + int(150 * scale)
        else:
            value_x = x0
        length = int(rng.integers(6, 22))
        value = "".join(rng.choice(list("ABCDEFGHIJKLMNOPRSTUWY 0123456789"), length))
        cv2.putText(canvas, ": " + value, (value_x, y), FONT, 0.7 * scale, colour, 1, cv2.LINE_AA)
        if value_x + 10 > x1:
            break
        y += step
        index += 1


def _ktp_band(rng: np.random.Generator) -> np.ndarray:
    width, height = 856, 540
    card = np.full((height, width, 3), (rng.uniform(215, 245), 235, 240), np.float32)
    ramp = np.linspace(0, 1, width, dtype=np.float32)[None, :, None]
    card = card * (1 - 0.12 * ramp) + np.array([40, 10, -20], np.float32) * ramp
    card = np.clip(card, 0, 255).astype(np.uint8)
    band_colour = tuple(int(v) for v in rng.choice([(120, 40, 20), (30, 30, 150), (40, 100, 30)]))
    side = rng.choice(["top", "left", "bottom"])
    thickness = int(rng.uniform(0.14, 0.24) * (height if side != "left" else width))
    if side == "top":
        card[:thickness] = band_colour
        text_top = thickness + 10
    elif side == "bottom":
        card[height - thickness :] = band_colour
        text_top = 20
    else:
        card[:, :thickness] = band_colour
        text_top = 20
    left = thickness + 20 if side == "left" else 30
    cv2.putText(card, "PROVINSI JAWA TIMUR", (left + 120, text_top + 40), FONT_BOLD, 0.9,
                (20, 20, 20), 2, cv2.LINE_AA)  # fmt: skip
    photo = _portrait(rng, (190, 240))
    py = max(text_top + 60, height - 300) if side != "bottom" else 60
    card[py : py + 240, width - 230 : width - 40] = photo
    _text_lines(card, rng, (left, text_top + 60, width - 250, height - 30), (30, 30, 30), 0.95)
    return card


def _dark_card(rng: np.random.Generator) -> np.ndarray:
    width, height = 856, 540
    base = np.array(rng.choice([(90, 40, 20), (30, 60, 20), (40, 30, 90), (45, 45, 45)]))
    card = np.tile(base.astype(np.uint8), (height, width, 1))
    for _k in range(6):
        centre = (int(rng.integers(0, width)), int(rng.integers(0, height)))
        cv2.circle(card, centre, int(rng.integers(60, 220)), (base * 1.5).clip(0, 255).tolist(), 3)
    cv2.putText(card, "KARTU IDENTITAS ANAK", (40, 70), FONT_BOLD, 1.1, (230, 230, 230), 2,
                cv2.LINE_AA)  # fmt: skip
    card[130:370, 40:230] = _portrait(rng, (190, 240))
    _text_lines(card, rng, (260, 110, width - 30, height - 30), (235, 235, 220), 0.9)
    return card


def _photo_card(rng: np.random.Generator) -> np.ndarray:
    width, height = 856, 540
    card = np.full((height, width, 3), (235, 240, 245), np.uint8)
    picture = _sample(str(rng.choice(["coffee", "chelsea", "rocket", "astronaut"])))
    # The picture runs to the card's right edge and bottom, as on a membership card.
    pw, ph = int(width * 0.45), height
    card[:, width - pw :] = cv2.resize(picture, (pw, ph), interpolation=cv2.INTER_AREA)
    cv2.putText(card, "KARTU ANGGOTA", (30, 60), FONT_BOLD, 1.0, (40, 40, 160), 2, cv2.LINE_AA)
    _text_lines(card, rng, (30, 90, width - pw - 20, height - 30), (20, 20, 20), 0.8, False)
    return card


def _plain_card(rng: np.random.Generator) -> np.ndarray:
    width, height = 856, 540
    card = np.full((height, width, 3), int(rng.uniform(238, 250)), np.uint8)
    colour = (150, 150, 150)
    cv2.putText(card, "SURAT KETERANGAN", (40, 70), FONT, 1.0, colour, 2, cv2.LINE_AA)
    _text_lines(card, rng, (40, 100, width - 40, height - 40), colour, 0.85)
    return card


def _kk_page(rng: np.random.Generator) -> np.ndarray:
    width, height = 1190, 842
    paper = int(rng.uniform(225, 248))
    page = np.full((height, width, 3), (paper - 12, paper, paper), np.uint8)
    header = tuple(int(v) for v in rng.choice([(60, 140, 40), (40, 40, 170), (150, 90, 30)]))
    page[: int(0.12 * height)] = header
    cv2.putText(page, "KARTU KELUARGA", (380, 70), FONT_BOLD, 1.6, (255, 255, 255), 3,
                cv2.LINE_AA)  # fmt: skip
    top, bottom, left, right = int(0.22 * height), int(0.9 * height), 40, width - 40
    rows, cols = 10, 8
    for r in range(rows + 1):
        y = top + (bottom - top) * r // rows
        cv2.line(page, (left, y), (right, y), (60, 60, 60), 2)
    for c in range(cols + 1):
        x = left + (right - left) * c // cols
        cv2.line(page, (x, top), (x, bottom), (60, 60, 60), 2)
    page[top : top + (bottom - top) // rows, left:right] = np.array(header) // 2 + 120
    for r in range(1, rows):
        y = top + (bottom - top) * r // rows + 40
        for c in range(cols):
            x = left + (right - left) * c // cols + 8
            value = "".join(rng.choice(list("0123456789ABCDEFGH"), int(rng.integers(4, 9))))
            cv2.putText(page, value, (x, y), FONT, 0.6, (30, 30, 30), 1, cv2.LINE_AA)
    return page


def _letter(rng: np.random.Generator) -> np.ndarray:
    width, height = 842, 1190
    page = np.full((height, width, 3), int(rng.uniform(232, 250)), np.uint8)
    cv2.circle(page, (110, 110), 60, (30, 30, 140), -1)
    cv2.putText(page, "KEPOLISIAN NEGARA", (200, 95), FONT_BOLD, 1.1, (20, 20, 20), 2,
                cv2.LINE_AA)  # fmt: skip
    cv2.putText(page, "RESOR KOTA", (200, 140), FONT_BOLD, 1.0, (20, 20, 20), 2, cv2.LINE_AA)
    cv2.line(page, (40, 190), (width - 40, 190), (20, 20, 20), 5)
    text = _sample(str(rng.choice(["page", "text"])))
    block = cv2.resize(text, (width - 120, 300), interpolation=cv2.INTER_AREA)
    # The stubs type dst as required; OpenCV allocates it when None is passed.
    block = cv2.normalize(block, None, 40, 250, cv2.NORM_MINMAX)  # type: ignore[call-overload]
    page[240:540, 60 : width - 60] = np.minimum(page[240:540, 60 : width - 60], block)
    _text_lines(page, rng, (60, 580, width - 60, 950), (25, 25, 25), 1.0, False)
    cv2.circle(page, (width - 220, 1040), 75, (160, 60, 20), 4)
    cv2.putText(page, "STEMPEL", (width - 280, 1048), FONT, 0.7, (160, 60, 20), 2, cv2.LINE_AA)
    return page


RENDER = {
    "ktp_band": (_ktp_band, "ktp"),
    "dark_card": (_dark_card, "ktp"),
    "photo_card": (_photo_card, "ktp"),
    "plain_card": (_plain_card, "ktp"),
    "kk_page": (_kk_page, "kk"),
    "letter": (_letter, "page"),
}


# --- desks ------------------------------------------------------------------------------------
def _background(name: str, rng: np.random.Generator) -> np.ndarray:
    width, height = FRAME
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    if name == "white_desk":
        level = rng.uniform(215, 240)
        desk = np.full((height, width, 3), level, np.float32)
        desk += rng.normal(0, 2.0, (height, width, 1))
    elif name == "wood":
        grain = np.sin(ys / rng.uniform(6, 14) + 3 * np.sin(xs / rng.uniform(80, 200)))
        tone = np.array([40, 90, 150], np.float32) * rng.uniform(0.7, 1.15)
        desk = tone[None, None, :] * (0.8 + 0.15 * grain[..., None])
    elif name == "cloth":
        period = rng.uniform(14, 40)
        a = np.array(rng.uniform(40, 220, 3), np.float32)
        b = np.array(rng.uniform(40, 220, 3), np.float32)
        check = ((np.sin(xs / period) > 0) ^ (np.sin(ys / period) > 0)).astype(np.float32)
        weave = 0.08 * np.sin(xs * 1.7) * np.sin(ys * 1.7)
        desk = (a * check[..., None] + b * (1 - check[..., None])) * (1 + weave[..., None])
    elif name == "texture":
        picture = _sample(str(rng.choice(["brick", "gravel", "grass"])))
        desk = cv2.resize(picture, FRAME, interpolation=cv2.INTER_LINEAR).astype(np.float32)
        desk *= np.array(rng.uniform(0.5, 0.9, 3), np.float32)
    elif name == "dark_tray":
        desk = np.full((height, width, 3), rng.uniform(25, 60), np.float32)
        desk += rng.normal(0, 3.0, (height, width, 1))
    else:  # clutter
        desk = np.full((height, width, 3), rng.uniform(90, 170, 3), np.float32)
        _clutter(desk, rng)
    return np.clip(desk, 0, 255).astype(np.uint8)


def _clutter(desk: np.ndarray, rng: np.random.Generator) -> None:
    """Pens, coins, a mug, cables and sticky notes: none is a document (each small)."""
    height, width = desk.shape[:2]
    for _ in range(int(rng.integers(8, 16))):
        colour = rng.uniform(0, 255, 3).tolist()
        what = rng.integers(0, 4)
        x, y = int(rng.integers(0, width)), int(rng.integers(0, height))
        if what == 0:  # pen
            angle = rng.uniform(0, math.pi)
            length = rng.uniform(80, 200)
            end = (int(x + length * math.cos(angle)), int(y + length * math.sin(angle)))
            cv2.line(desk, (x, y), end, colour, int(rng.integers(6, 14)), cv2.LINE_AA)
        elif what == 1:  # coin or mug
            cv2.circle(desk, (x, y), int(rng.integers(12, 70)), colour, -1, cv2.LINE_AA)
        elif what == 2:  # cable
            points = np.cumsum(rng.normal(0, 25, (12, 2)), axis=0) + (x, y)
            cv2.polylines(desk, [points.astype(np.int32)], False, colour, 4, cv2.LINE_AA)
        else:  # sticky note, well under 2% of the frame
            side = int(rng.integers(30, 60))
            cv2.rectangle(desk, (x, y), (x + side, y + side), colour, -1)


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


def _composite(
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


def _lighting(image: np.ndarray, light: str, rng: np.random.Generator) -> np.ndarray:
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


def _glare(
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


def _shadow(image: np.ndarray, corners: np.ndarray, rng: np.random.Generator) -> np.ndarray:
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


def _finger(image: np.ndarray, corners: np.ndarray, rng: np.random.Generator) -> np.ndarray:
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


def _camera(image: np.ndarray, rng: np.random.Generator, blur: float, noise: float) -> np.ndarray:
    out = cv2.GaussianBlur(image, (0, 0), blur) if blur > 0 else image
    out = out + rng.normal(0, noise, out.shape).astype(np.float32)
    out = np.clip(out, 0, 255).astype(np.uint8)
    ok, encoded = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(80, 93))])
    assert ok
    decoded = cv2.imdecode(encoded, cv2.IMREAD_COLOR)
    assert decoded is not None
    return decoded


def _pick(rng: np.random.Generator, options: tuple[str, ...]) -> str:
    return str(options[int(rng.integers(0, len(options)))])


def photo(seed: int, condition: str) -> IndependentPhoto:
    """The photo for one (seed, condition): design, desk and light are chosen by the seed."""
    if condition not in CONDITIONS:
        raise ValueError(condition)
    rng = np.random.default_rng([seed, CONDITIONS.index(condition), 14])
    design = DESIGNS[seed % len(DESIGNS)]
    background = BACKGROUNDS[(seed // len(DESIGNS)) % len(BACKGROUNDS)]
    if design == "plain_card" and background not in ("white_desk", "dark_tray", "wood"):
        background = "white_desk"
    light = _pick(rng, LIGHTS if condition == "clean" else ("even", "uneven", "warm"))
    render, kind = RENDER[design]
    desk = _background(background, rng)
    if condition == "empty":
        lit = _lighting(desk.astype(np.float32), light, rng)
        image = _camera(lit, rng, rng.uniform(0.6, 1.2), 3.0)
        return IndependentPhoto(image, None, condition, design, background, light, kind)
    document = render(rng)
    aspect = document.shape[1] / document.shape[0]
    share = rng.uniform(0.16, 0.4) if kind == "ktp" else rng.uniform(0.3, 0.55)
    centre = None
    if condition == "too_small":
        share = rng.uniform(0.035, 0.07)
    corners = _inside_frame(project_rectangle(aspect, share, rng, centre=centre))
    if condition == "document_cut_off":
        corners = _push_out(corners, rng)
    image = _composite(desk, document, corners, kind, rng)
    image = _lighting(image, light, rng)
    where = ""
    if condition == "glare":
        image, where = _glare(image, corners, rng)
    elif condition == "shadow":
        image = _shadow(image, corners, rng)
    elif condition == "finger":
        image = _finger(image, corners, rng)
    elif condition == "too_dark":
        image = image * rng.uniform(0.12, 0.22)
    blur = rng.uniform(3.2, 5.0) if condition == "blurry" else rng.uniform(0.5, 1.0)
    noise = 6.0 if condition == "too_dark" else rng.uniform(2.0, 4.0)
    frame = _camera(image, rng, blur, noise)
    return IndependentPhoto(frame, corners, condition, design, background, light, kind, where)


def _inside_frame(corners: np.ndarray, margin: float = 0.04) -> np.ndarray:
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


def _push_out(corners: np.ndarray, rng: np.random.Generator) -> np.ndarray:
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


def evaluation_set(seeds: range) -> list[tuple[int, str]]:
    """(seed, condition) pairs: per seed the five core conditions, plus one rotating extra.

    60 seeds give 300 core photos and 60 extras (shadow, finger, too_small, empty in turn).
    """
    core = ("clean", "glare", "blurry", "too_dark", "document_cut_off")
    extras = ("shadow", "finger", "too_small", "empty")
    pairs = []
    for seed in seeds:
        pairs += [(seed, c) for c in core]
        pairs.append((seed, extras[seed % len(extras)]))
    return pairs


SCAN_SIZE = (1240, 1754)  # A4 at 150 dpi, portrait, as a flatbed delivers it


def scan(seed: int, lid: str) -> IndependentPhoto:
    """A flatbed scan: the document on the glass, the lid white or black around it.

    No perspective and no desk: the card or page lies nearly square (within 3 degrees) at
    150 dpi (a KTP is then about 506 x 319 px), pin sharp, with the scanner's own faint noise.
    """
    if lid not in ("white", "black"):
        raise ValueError(lid)
    rng = np.random.default_rng([seed, 77, 14])
    design = DESIGNS[seed % len(DESIGNS)]
    render, kind = RENDER[design]
    document = render(rng)
    width, height = SCAN_SIZE
    level = rng.uniform(238, 252) if lid == "white" else rng.uniform(8, 25)
    bed = np.full((height, width, 3), level, np.float32)
    if kind == "ktp":
        size = np.array([85.6, 54.0]) / 25.4 * 150
    elif kind == "kk":
        size = np.array([297.0, 210.0]) / 25.4 * 150 * 0.65  # a KK copy reduced to fit
    else:
        size = np.array([210.0, 297.0]) / 25.4 * 150 * 0.95
    angle = math.radians(rng.uniform(-3, 3))
    centre = np.array([width, height]) / 2 + rng.uniform(-0.15, 0.15, 2) * (
        np.array([width, height]) - size
    )
    half = np.array([[-1, -1], [1, -1], [1, 1], [-1, 1]]) * size / 2
    rot = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
    corners = half @ rot.T + centre
    corners = _inside_frame_of(corners, (width, height))
    image = _composite(bed.astype(np.uint8), document, corners, kind, rng)
    out = image + rng.normal(0, 1.5, image.shape)
    frame = np.clip(out, 0, 255).astype(np.uint8)
    return IndependentPhoto(frame, corners, "clean", design, f"scanner_{lid}", "scanner", kind)


def _inside_frame_of(corners: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    low = np.array(size) * 0.02
    high = np.array(size) - low
    corners = corners + np.maximum(0, low - corners.min(axis=0))
    return corners - np.maximum(0, corners.max(axis=0) - high)
