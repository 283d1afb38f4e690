"""Desks the documents lie on: white desk, wood grain, patterned cloth, real textures,
clutter and a dark tray (none of them drawn by the project's demo generator)."""

from __future__ import annotations

import math

import cv2
import numpy as np

from bench.media_independent.camera import FRAME
from bench.media_independent.designs import sample

BACKGROUNDS = ("white_desk", "wood", "cloth", "texture", "clutter", "dark_tray")


# --- desks ------------------------------------------------------------------------------------
def draw_desk(name: str, rng: np.random.Generator) -> np.ndarray:
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
        picture = sample(str(rng.choice(["brick", "gravel", "grass"])))
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
