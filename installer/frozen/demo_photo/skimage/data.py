"""`skimage.data.astronaut()` for the frozen build (see the package docstring)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

PHOTO = Path(__file__).resolve().with_name("astronaut.png")


def astronaut() -> np.ndarray:
    """The 512x512 RGB astronaut photo (NASA, public domain), as scikit-image returns it."""
    image = cv2.imread(str(PHOTO), cv2.IMREAD_COLOR)
    if image is None:
        raise FileNotFoundError(PHOTO)
    return np.ascontiguousarray(image[:, :, ::-1])
