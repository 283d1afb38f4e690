"""A receipt held to the kiosk camera: the real printed receipt (PDF rendered as the printer
gets it, rasterised), filmed into a video file that the fake camera plays back through
cv2.VideoCapture, after a few frames of an empty desk (the citizen still reaching)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from devices.camera import FakeCamera
from devices.image_files import render_pdf
from kiosk.local_store import Store
from kiosk.receipts.issue import load_receipt
from kiosk.receipts.render import render_receipt

FRAME = (1280, 720)


def receipt_frames(store: Store, number: str, empty_frames: int = 4) -> list[np.ndarray]:
    data = load_receipt(store, number, operator="selfservice")
    [page] = render_pdf(render_receipt(data, "80mm"), dpi=150)[:1]
    # The upper part of the roll (number and QR), held close, as it fills the frame.
    top = page[: min(page.shape[0], int(page.shape[1] * 1.4))]
    scale = (FRAME[1] - 40) / top.shape[0]
    held = cv2.resize(top, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    frame = np.full((FRAME[1], FRAME[0], 3), 90, np.uint8)
    x = (FRAME[0] - held.shape[1]) // 2
    frame[20 : 20 + held.shape[0], x : x + held.shape[1]] = held
    empty = np.full_like(frame, 90)
    return [empty] * empty_frames + [frame] * 6


def receipt_camera(store: Store, number: str, folder: Path) -> FakeCamera:
    """The fake camera playing a video file of the receipt (MJPG, as a webcam delivers)."""
    path = folder / "receipt.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), 15, FRAME)
    try:
        for frame in receipt_frames(store, number):
            writer.write(frame)
    finally:
        writer.release()
    return FakeCamera(path, fps=30)
