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
