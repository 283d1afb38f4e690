"""Signatures come out as black ink on white, from a photo or from pad strokes."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from devices.errors import ImageUnreadable
from devices.signature import clean_signature, render_strokes

STROKES = [[(50.0 + t * 5, 150 + 40 * np.sin(t / 4)) for t in range(100)], [(300.0, 100.0)]]


def photographed(ink: np.ndarray) -> np.ndarray:
    """The strokes on greyish paper under uneven light, with blur and noise."""
    height, width = ink.shape
    light = np.linspace(150, 225, width, dtype=np.float32)[None, :].repeat(height, 0)
    paper = np.where(ink < 128, 60.0, light).astype(np.float64)
    blurred = cv2.GaussianBlur(paper, (0, 0), 1.2)
    photo = blurred + np.random.default_rng(0).normal(0, 4, blurred.shape)
    gray = np.clip(photo, 0, 255).astype(np.uint8)
    return cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)


def test_render_strokes_draws_black_on_white() -> None:
    image = render_strokes(STROKES, (800, 300))
    assert image.shape == (300, 800)
    assert set(np.unique(image)) >= {0, 255}
    assert image[0, 0] == 255
    assert image[100, 300] == 0


def test_photographed_signature_is_cleaned_to_pure_black_on_white() -> None:
    ink = render_strokes(STROKES[:1], (800, 300), pen_width=6)
    cleaned = clean_signature(photographed(ink))
    assert set(np.unique(cleaned)) <= {0, 255}
    assert cleaned[0, 0] == 255  # the shaded paper became white
    ink_share = float(np.mean(cleaned == 0))
    assert 0.02 < ink_share < 0.3
    assert cleaned.shape[1] == pytest.approx(495 + 6 + 32, abs=12)  # cropped to the strokes


def test_blank_paper_has_no_signature() -> None:
    blank = photographed(np.full((300, 800), 255, np.uint8))
    with pytest.raises(ImageUnreadable):
        clean_signature(blank)


def a4_photo(pen_width: int, scale: float, ink: bool = True) -> tuple[np.ndarray, float]:
    """A 1280x720 camera photo of an A4 sheet with a signature of `pen_width` px, the sheet
    filling `scale` of the frame's height, and the share of the frame the ink covers (a
    normal pen on A4: about 1 %)."""
    rng = np.random.default_rng(pen_width)
    frame = np.full((720, 1280), 70.0, np.float32)  # the desk
    sheet_h = int(720 * scale)
    sheet_w = int(sheet_h * 210 / 297)
    x0, y0 = (1280 - sheet_w) // 2, (720 - sheet_h) // 2
    light = np.linspace(185, 235, sheet_w, dtype=np.float32)[None, :].repeat(sheet_h, 0)
    frame[y0 : y0 + sheet_h, x0 : x0 + sheet_w] = light
    t = np.linspace(0, 1, 400)
    xs = x0 + sheet_w * (0.15 + 0.7 * t)
    ys = y0 + sheet_h * (0.6 + 0.08 * np.sin(t * 25) * (1 - t))
    strokes = [
        np.c_[xs, ys].astype(np.int32),
        np.array([(xs[50], ys[50] + 30), (xs[300], ys[300] + 25)], np.int32),
    ]
    mask = np.zeros(frame.shape, np.uint8)
    if ink:
        cv2.polylines(frame, strokes, False, 40.0, pen_width, cv2.LINE_AA)
        cv2.polylines(mask, strokes, False, 255, pen_width, cv2.LINE_AA)
    noisy = cv2.GaussianBlur(frame, (0, 0), 1.0) + rng.normal(0, 3, frame.shape)
    photo = cv2.cvtColor(np.clip(noisy, 0, 255).astype(np.uint8), cv2.COLOR_GRAY2BGR)
    return photo, float(np.mean(mask > 0))


@pytest.mark.parametrize(("pen_width", "scale"), [(2, 0.95), (3, 0.95), (3, 0.7), (5, 0.9)])
def test_a_thin_signature_on_a4_is_found(pen_width: int, scale: float) -> None:
    photo, ink_share = a4_photo(pen_width, scale)
    assert ink_share < 0.02  # the case the mean-brightness test refused
    cleaned = clean_signature(photo)
    assert cleaned.shape[1] > 0.5 * 720 * scale * 210 / 297  # the whole stroke, not a speck


def test_blank_paper_a_face_and_a_printed_page_are_refused() -> None:
    from resources.demo import media, selfies

    blank, _ = a4_photo(3, 0.9, ink=False)
    with pytest.raises(ImageUnreadable):
        clean_signature(blank)
    with pytest.raises(ImageUnreadable):
        clean_signature(selfies.selfie("clean", 0))
    page = media.document_photo(2, "kk")
    with pytest.raises(ImageUnreadable):
        clean_signature(page.image)
