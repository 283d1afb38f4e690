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

import math
from dataclasses import dataclass

import numpy as np

from bench.media_independent.camera import (
    FRAME,
    LIGHTS,
    composite,
    expose,
    finger,
    glare,
    inside_frame,
    inside_frame_of,
    lighting,
    project_rectangle,
    push_out,
    shadow,
)
from bench.media_independent.designs import DESIGNS, RENDER
from bench.media_independent.desks import BACKGROUNDS, draw_desk

__all__ = [
    "BACKGROUNDS",
    "CONDITIONS",
    "DESIGNS",
    "EXPECTED",
    "FRAME",
    "LIGHTS",
    "IndependentPhoto",
    "evaluation_set",
    "photo",
    "project_rectangle",
    "scan",
]

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
    desk = draw_desk(background, rng)
    if condition == "empty":
        lit = lighting(desk.astype(np.float32), light, rng)
        image = expose(lit, rng, rng.uniform(0.6, 1.2), 3.0)
        return IndependentPhoto(image, None, condition, design, background, light, kind)
    document = render(rng)
    aspect = document.shape[1] / document.shape[0]
    share = rng.uniform(0.16, 0.4) if kind == "ktp" else rng.uniform(0.3, 0.55)
    centre = None
    if condition == "too_small":
        share = rng.uniform(0.035, 0.07)
    corners = inside_frame(project_rectangle(aspect, share, rng, centre=centre))
    if condition == "document_cut_off":
        corners = push_out(corners, rng)
    image = composite(desk, document, corners, kind, rng)
    image = lighting(image, light, rng)
    where = ""
    if condition == "glare":
        image, where = glare(image, corners, rng)
    elif condition == "shadow":
        image = shadow(image, corners, rng)
    elif condition == "finger":
        image = finger(image, corners, rng)
    elif condition == "too_dark":
        image = image * rng.uniform(0.12, 0.22)
    blur = rng.uniform(3.2, 5.0) if condition == "blurry" else rng.uniform(0.5, 1.0)
    noise = 6.0 if condition == "too_dark" else rng.uniform(2.0, 4.0)
    frame = expose(image, rng, blur, noise)
    return IndependentPhoto(frame, corners, condition, design, background, light, kind, where)


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
    corners = inside_frame_of(corners, (width, height))
    image = composite(bed.astype(np.uint8), document, corners, kind, rng)
    out = image + rng.normal(0, 1.5, image.shape)
    frame = np.clip(out, 0, 255).astype(np.uint8)
    return IndependentPhoto(frame, corners, "clean", design, f"scanner_{lid}", "scanner", kind)
