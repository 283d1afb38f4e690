"""Card and page designs for the independent media: drawn with OpenCV's Hershey fonts.

Each design is a function of a random generator returning the flat document (BGR) at a
print-like resolution. They carry real public-domain photographs and printed text from
scikit-image's sample data, so the detector meets photos, tables and coloured areas it was
not developed with.
"""

from __future__ import annotations

import functools

import cv2
import numpy as np

DESIGNS = ("ktp_band", "dark_card", "photo_card", "kk_page", "letter", "plain_card")
FONT = cv2.FONT_HERSHEY_SIMPLEX
FONT_BOLD = cv2.FONT_HERSHEY_DUPLEX


# --- public-domain pictures -------------------------------------------------------------------
@functools.cache
def sample(name: str) -> np.ndarray:
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
        face = sample("lfw")[int(rng.integers(0, 200))]
        face = cv2.cvtColor(face, cv2.COLOR_GRAY2BGR)
        tint = np.array([rng.uniform(0.75, 0.95), rng.uniform(0.85, 1.0), 1.0])
        face = np.clip(face.astype(np.float32) * tint, 0, 255).astype(np.uint8)
    else:
        face = sample("astronaut")[40:300, 130:330]
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
    picture = sample(str(rng.choice(["coffee", "chelsea", "rocket", "astronaut"])))
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
    text = sample(str(rng.choice(["page", "text"])))
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
