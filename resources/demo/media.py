"""Generated KTP- and KK-like photos with known NIKs, QR codes, perspective and defects.

Tests, the capture benchmark and the demo profile's fake camera all need document photos whose
truth is known exactly: where the card's corners are, which NIK it carries, and which defect
(blur, low light, glare, cut-off, too small) was injected. Real citizens' documents can never be
shipped for that, so everything here is drawn from numbers: the card is rendered flat, put on a
cluttered desk, and projected through a pinhole camera tilted by up to 30 degrees.

The cards only look roughly like a KTP-el or a KK; they carry no real person's data.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont
from reportlab.graphics.barcode import qrencoder

# ID-1 card (85.6 x 54 mm) at 10 px/mm; an A4 landscape KK page at 4 px/mm.
KTP_SIZE = (856, 540)
KK_SIZE = (1188, 840)
DEFECTS = ("blurry", "too_dark", "too_bright", "glare", "document_cut_off", "too_small")
_FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("C:/Windows/Fonts"))
_NAMES = ("BUDI SANTOSO", "SITI AMINAH", "I KETUT WIRAWAN", "DEWI LESTARI", "AHMAD FAUZI")


@dataclass(frozen=True)
class GeneratedDocument:
    """One photographed document with everything a test needs to check the pipeline.

    Attributes:
        image: BGR photo.
        corners: true card corners in image pixels, TL, TR, BR, BL (may lie outside the frame
            for a cut-off card).
        kind: "ktp" or "kk".
        nik: the NIK printed on the card (the head of family's NIK on a KK).
        qr_payload: text of the QR printed on the card.
        defects: the quality codes deliberately injected.
        flat: the unwarped card as rendered, for OCR baselines.
    """

    image: np.ndarray
    corners: np.ndarray
    kind: str
    nik: str
    qr_payload: str
    defects: frozenset[str] = field(default_factory=frozenset)
    flat: np.ndarray | None = None


def make_nik(rng: np.random.Generator) -> str:
    """A structurally valid NIK (DKI Jakarta region, plausible birth date, serial >= 0001)."""
    day = int(rng.integers(1, 29)) + (40 if rng.random() < 0.5 else 0)
    month = int(rng.integers(1, 13))
    year = int(rng.integers(50, 100))
    serial = int(rng.integers(1, 10000))
    return f"3171{int(rng.integers(1, 9)):02d}{day:02d}{month:02d}{year:02d}{serial:04d}"


def qr_matrix(text: str) -> np.ndarray:
    """The QR modules of `text` as a bool array, via ReportLab's pure-Python encoder."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(text)
    code.make()
    count = code.getModuleCount()
    return np.array([[code.isDark(r, c) for c in range(count)] for r in range(count)], dtype=bool)


def render_qr(text: str, module_px: int, quiet_modules: int = 4) -> np.ndarray:
    """A grayscale QR image with a quiet zone, black modules on white."""
    modules = qr_matrix(text)
    padded = np.pad(modules, quiet_modules, constant_values=False)
    image = np.where(padded, 0, 255).astype(np.uint8)
    return np.kron(image, np.ones((module_px, module_px), dtype=np.uint8))


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    names = ("DejaVuSans-Bold.ttf", "arialbd.ttf") if bold else ("DejaVuSans.ttf", "arial.ttf")
    for folder in _FONT_DIRS:
        for name in names:
            if (folder / name).exists():
                return ImageFont.truetype(str(folder / name), size)
    return ImageFont.load_default(size)


def _paste_gray(canvas: Image.Image, gray: np.ndarray, x: int, y: int) -> None:
    canvas.paste(Image.fromarray(gray).convert("RGB"), (x, y))


def render_ktp(nik: str, name: str, qr_payload: str) -> np.ndarray:
    """A flat KTP-like card (BGR, 856x540): pale blue, big NIK line, photo box, QR."""
    width, height = KTP_SIZE
    ramp = np.linspace(0, 1, width, dtype=np.float32)[None, :, None]
    base = (1 - ramp) * np.array([250, 235, 205]) + ramp * np.array([240, 215, 170])
    card = np.broadcast_to(base, (height, width, 3)).astype(np.uint8)
    canvas = Image.fromarray(card[:, :, ::-1].copy())
    draw = ImageDraw.Draw(canvas)
    draw.text((width // 2, 28), "PROVINSI DKI JAKARTA", font=_font(30, True), fill=0, anchor="mm")
    draw.text((width // 2, 64), "JAKARTA SELATAN", font=_font(28, True), fill=0, anchor="mm")
    draw.text((30, 105), "NIK", font=_font(36, True), fill=0)
    draw.text((130, 105), f": {nik}", font=_font(38, True), fill=0)
    rows = (
        ("Nama", name),
        ("Tempat/Tgl Lahir", "JAKARTA, 17-08-1985"),
        ("Alamat", "JL. MELATI NO. 12"),
        ("Agama", "ISLAM"),
        ("Pekerjaan", "KARYAWAN SWASTA"),
    )
    for index, (label, value) in enumerate(rows):
        y = 175 + index * 44
        draw.text((30, y), label, font=_font(22), fill=(20, 20, 20))
        draw.text((240, y), f": {value}", font=_font(22), fill=(20, 20, 20))
    draw.rectangle((640, 110, 820, 340), fill=(200, 60, 40), outline=(40, 40, 40), width=2)
    draw.ellipse((690, 140, 770, 230), fill=(150, 190, 230))
    draw.ellipse((665, 230, 795, 360), fill=(40, 40, 60))
    draw.rectangle((640, 340, 820, 345), fill=(200, 60, 40))
    _paste_gray(canvas, render_qr(qr_payload, 4, 2), 700, 380)
    return np.asarray(canvas)[:, :, ::-1].copy()


def render_kk(no_kk: str, nik: str, qr_payload: str, rng: np.random.Generator) -> np.ndarray:
    """A flat KK-like page (BGR, A4 landscape): title, No. KK, member table with NIKs, QR."""
    width, height = KK_SIZE
    canvas = Image.new("RGB", (width, height), (246, 248, 250))
    draw = ImageDraw.Draw(canvas)
    draw.text((width // 2, 50), "KARTU KELUARGA", font=_font(44, True), fill=0, anchor="mm")
    draw.text((width // 2, 100), f"No. {no_kk}", font=_font(32, True), fill=0, anchor="mm")
    draw.text((40, 140), "Nama Kepala Keluarga : BUDI SANTOSO", font=_font(20), fill=0)
    draw.text((40, 168), "Alamat : JL. MELATI NO. 12, RT 003/RW 005", font=_font(20), fill=0)
    top, row_h = 210, 44
    columns = (40, 90, 420, 760, 1148)
    headers = ("No", "Nama Lengkap", "NIK", "Tempat Lahir")
    members = [("BUDI SANTOSO", nik)] + [
        (name, make_nik(rng)) for name in ("SITI AMINAH", "RINA SANTOSO", "ADI SANTOSO")
    ]
    for row in range(len(members) + 2):
        y = top + row * row_h
        draw.line((columns[0], y, columns[-1], y), fill=0, width=2)
    for x in columns:
        draw.line((x, top, x, top + (len(members) + 1) * row_h), fill=0, width=2)
    for col, header in enumerate(headers):
        draw.text((columns[col] + 8, top + 10), header, font=_font(20, True), fill=0)
    for index, (name, member_nik) in enumerate(members):
        y = top + (index + 1) * row_h + 10
        draw.text((columns[0] + 8, y), str(index + 1), font=_font(20), fill=0)
        draw.text((columns[1] + 8, y), name, font=_font(20), fill=0)
        draw.text((columns[2] + 8, y - 2), member_nik, font=_font(24, True), fill=0)
        draw.text((columns[3] + 8, y), "JAKARTA", font=_font(20), fill=0)
    _paste_gray(canvas, render_qr(qr_payload, 5, 2), width - 230, height - 250)
    draw.text((40, height - 60), "Dikeluarkan tanggal 01-02-2024", font=_font(20), fill=0)
    return np.asarray(canvas)[:, :, ::-1].copy()


def rounded_mask(width: int, height: int, radius: int) -> np.ndarray:
    """A filled rounded rectangle, as ID-1 cards have 3 mm corner radii."""
    mask = np.zeros((height, width), np.uint8)
    cv2.rectangle(mask, (radius, 0), (width - 1 - radius, height - 1), 255, -1)
    cv2.rectangle(mask, (0, radius), (width - 1, height - 1 - radius), 255, -1)
    for cx, cy in ((radius, radius), (width - 1 - radius, radius)):
        cv2.circle(mask, (cx, cy), radius, 255, -1)
        cv2.circle(mask, (cx, height - 1 - radius), radius, 255, -1)
    return mask


def cluttered_background(width: int, height: int, rng: np.random.Generator) -> np.ndarray:
    """A desk: wood-like grain, a few objects, a pen and shadows, in darker tones than paper."""
    noise = rng.normal(0, 1, (height // 8 + 1, width // 2 + 1)).astype(np.float32)
    grain = cv2.resize(cv2.GaussianBlur(noise, (0, 0), 3), (width, height))
    base = np.array(rng.uniform(50, 120, 3), dtype=np.float32)
    image = base + grain[:, :, None] * 14
    for _ in range(int(rng.integers(4, 9))):
        colour = tuple(float(v) for v in rng.uniform(20, 170, 3))
        x, y = int(rng.integers(0, width)), int(rng.integers(0, height))
        size = int(rng.integers(width // 20, width // 6))
        if rng.random() < 0.5:
            cv2.circle(image, (x, y), size // 2, colour, -1, cv2.LINE_AA)
        else:
            box = cv2.boxPoints(((x, y), (size, size * 0.6), float(rng.uniform(0, 180))))
            cv2.fillConvexPoly(image, box.astype(np.int32), colour, cv2.LINE_AA)
    for _ in range(int(rng.integers(2, 5))):
        p1 = (int(rng.integers(0, width)), int(rng.integers(0, height)))
        p2 = (int(rng.integers(0, width)), int(rng.integers(0, height)))
        cv2.line(image, p1, p2, tuple(float(v) for v in rng.uniform(0, 200, 3)), 3, cv2.LINE_AA)
    return np.clip(image, 0, 255).astype(np.uint8)


def tilted_quad(
    width: int, height: int, tilt_deg: float, direction_deg: float, roll_deg: float
) -> np.ndarray:
    """Corners of a width x height card seen by a pinhole camera tilted by `tilt_deg`.

    The card plane is rotated about an axis in the plane (at `direction_deg`) and about its
    normal (`roll_deg`), then projected with a focal length about one frame width, as a phone
    held over a desk would see it. Returns TL, TR, BR, BL around the origin.
    """
    half = np.array([[-width, -height], [width, -height], [width, height], [-width, height]]) / 2
    roll = math.radians(roll_deg)
    rot_z = np.array([[math.cos(roll), -math.sin(roll)], [math.sin(roll), math.cos(roll)]])
    pts = np.c_[half @ rot_z.T, np.zeros(4)]
    axis = np.array(
        [math.cos(math.radians(direction_deg)), math.sin(math.radians(direction_deg)), 0]
    )
    angle = math.radians(tilt_deg)
    k = np.array([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]])
    rot = np.eye(3) + math.sin(angle) * k + (1 - math.cos(angle)) * (k @ k)
    pts = pts @ rot.T
    focal = 1.2 * max(width, height)
    depth = pts[:, 2] + 1.6 * focal
    return (pts[:, :2] * focal / depth[:, None]).astype(np.float64)


def place_quad(
    quad: np.ndarray, frame: tuple[int, int], fill: float, centre: tuple[float, float]
) -> np.ndarray:
    """Scales the quad so its bounding box spans `fill` of the frame, centred at `centre`."""
    span = quad.max(axis=0) - quad.min(axis=0)
    scale = fill * min(frame[0] / span[0], frame[1] / span[1])
    mid = (quad.max(axis=0) + quad.min(axis=0)) / 2
    return (quad - mid) * scale + np.array(centre)


def photograph(
    flat: np.ndarray,
    corners: np.ndarray,
    background: np.ndarray,
    radius: int = 0,
) -> np.ndarray:
    """Warps the flat document onto the background so its corners land on `corners`."""
    height, width = flat.shape[:2]
    source = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(source, corners.astype(np.float32))
    size = (background.shape[1], background.shape[0])
    warped = cv2.warpPerspective(flat, matrix, size, flags=cv2.INTER_AREA)
    mask = (
        rounded_mask(width, height, radius) if radius else np.full((height, width), 255, np.uint8)
    )
    alpha = cv2.warpPerspective(mask, matrix, size, flags=cv2.INTER_LINEAR).astype(np.float32)
    alpha = (alpha / 255.0)[:, :, None]
    shadow = cv2.GaussianBlur(alpha, (0, 0), 6)
    shadow = shadow[:, :, None] if shadow.ndim == 2 else shadow
    base = background.astype(np.float32) * (1 - 0.35 * shadow)
    return np.clip(base * (1 - alpha) + warped.astype(np.float32) * alpha, 0, 255).astype(np.uint8)


def add_glare(image: np.ndarray, corners: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A saturated specular highlight (laminate reflecting a lamp) inside the card."""
    weights = rng.dirichlet(np.ones(4))
    centre = (weights @ corners).astype(np.float64)
    side = float(np.linalg.norm(corners[1] - corners[0]))
    axes = (int(side * rng.uniform(0.12, 0.18)), int(side * rng.uniform(0.07, 0.11)))
    ellipse = np.zeros(image.shape[:2], np.float32)
    cv2.ellipse(
        ellipse, (int(centre[0]), int(centre[1])), axes, float(rng.uniform(0, 180)), 0, 360, 1.0, -1
    )
    spot = cv2.GaussianBlur(ellipse, (0, 0), max(axes) * 0.15)
    boosted = image.astype(np.float32) + spot[:, :, None] * 400
    return np.clip(boosted, 0, 255).astype(np.uint8)


def add_sensor_noise(image: np.ndarray, rng: np.random.Generator, sigma: float) -> np.ndarray:
    """Gaussian read noise, as every real camera adds some."""
    noisy = image.astype(np.float32) + rng.normal(0, sigma, image.shape).astype(np.float32)
    return np.clip(noisy, 0, 255).astype(np.uint8)


def document_photo(
    seed: int,
    kind: str = "ktp",
    defect: str | None = None,
    frame: tuple[int, int] = (1280, 720),
    max_tilt: float = 30.0,
) -> GeneratedDocument:
    """A random photographed KTP or KK with at most one injected defect (see DEFECTS).

    `defect=None` gives a clean photo that every check must pass.
    """
    rng = np.random.default_rng(seed)
    nik = make_nik(rng)
    if kind == "ktp":
        payload = f"KTP|{nik}"
        flat = render_ktp(nik, _NAMES[int(rng.integers(0, len(_NAMES)))], payload)
        radius = 30
    else:
        no_kk = make_nik(rng)
        payload = f"KK|{no_kk}"
        flat = render_kk(no_kk, nik, payload, rng)
        radius = 0
    quad = tilted_quad(
        flat.shape[1],
        flat.shape[0],
        float(rng.uniform(0, max_tilt)),
        float(rng.uniform(0, 360)),
        float(rng.uniform(-15, 15)),
    )
    fill = float(rng.uniform(0.55, 0.85))
    margin = 0.5 * (1 - fill)
    centre = (
        frame[0] * float(0.5 + rng.uniform(-margin, margin) * 0.6),
        frame[1] * float(0.5 + rng.uniform(-margin, margin) * 0.6),
    )
    if defect == "too_small":
        fill = float(rng.uniform(0.24, 0.3))
    corners = place_quad(quad, frame, fill, centre)
    if defect == "document_cut_off":
        corners = _push_out_of_frame(corners, frame, rng)
    image = photograph(flat, corners, cluttered_background(frame[0], frame[1], rng), radius)
    image = _apply_defect(image, corners, defect, rng)
    defects = frozenset({defect}) if defect else frozenset()
    return GeneratedDocument(image, corners, kind, nik, payload, defects, flat)


def _push_out_of_frame(
    corners: np.ndarray, frame: tuple[int, int], rng: np.random.Generator
) -> np.ndarray:
    """Shifts the card so one side sticks 8-20% of the card out of the frame."""
    span = corners.max(axis=0) - corners.min(axis=0)
    side = int(rng.integers(0, 4))
    out = float(rng.uniform(0.08, 0.2))
    shifted = corners.copy()
    if side == 0:
        shifted[:, 0] += -corners[:, 0].min() - out * span[0]
    elif side == 1:
        shifted[:, 0] += frame[0] - corners[:, 0].max() + out * span[0]
    elif side == 2:
        shifted[:, 1] += -corners[:, 1].min() - out * span[1]
    else:
        shifted[:, 1] += frame[1] - corners[:, 1].max() + out * span[1]
    return shifted


def _apply_defect(
    image: np.ndarray, corners: np.ndarray, defect: str | None, rng: np.random.Generator
) -> np.ndarray:
    if defect == "blurry":
        image = cv2.GaussianBlur(image, (0, 0), float(rng.uniform(3.0, 5.0)))
    elif defect == "too_dark":
        image = (image.astype(np.float32) * float(rng.uniform(0.12, 0.22))).astype(np.uint8)
    elif defect == "too_bright":
        lifted = image.astype(np.float32) * float(rng.uniform(1.9, 2.4)) + 60
        image = np.clip(lifted, 0, 255).astype(np.uint8)
    elif defect == "glare":
        image = add_glare(image, corners, rng)
    sigma = 4.0 if defect == "too_dark" else 2.0
    return add_sensor_noise(image, rng, sigma)


def desk_without_document(seed: int, frame: tuple[int, int] = (1280, 720)) -> np.ndarray:
    """A cluttered desk with no card on it: document detection must report `no_document`."""
    rng = np.random.default_rng(seed)
    return add_sensor_noise(cluttered_background(frame[0], frame[1], rng), rng, 2.0)


def preview_frames(
    count: int, seed: int = 0, frame: tuple[int, int] = (1280, 720)
) -> list[np.ndarray]:
    """A short 'hand holding a card' sequence: the card drifts and tilts slightly per frame."""
    rng = np.random.default_rng(seed)
    nik = make_nik(rng)
    flat = render_ktp(nik, _NAMES[0], f"KTP|{nik}")
    background = cluttered_background(frame[0], frame[1], rng)
    frames = []
    for index in range(count):
        phase = 2 * math.pi * index / max(count, 1)
        quad = tilted_quad(flat.shape[1], flat.shape[0], 12 + 8 * math.sin(phase), 40, 5)
        centre = (frame[0] / 2 + 40 * math.cos(phase), frame[1] / 2 + 20 * math.sin(phase))
        corners = place_quad(quad, frame, 0.7, centre)
        frames.append(add_sensor_noise(photograph(flat, corners, background, 30), rng, 2.0))
    return frames


def write_video(path: Path, frames: list[np.ndarray], fps: float = 15.0) -> Path:
    """Writes frames as an MJPG AVI, a codec every OpenCV build can read back."""
    height, width = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), fps, (width, height))
    try:
        for frame in frames:
            writer.write(frame)
    finally:
        writer.release()
    return path
