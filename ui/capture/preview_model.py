"""The preview's view model: what to draw over a frame and which hint to show.

No Qt here: the worker thread calls `analyse_frame` on each camera frame and the widget only
draws the resulting PreviewOverlay, so the logic is tested without a screen, and a slow check
can never stall the GUI thread.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from devices.camera import CameraStatus
from devices.checks import check_document, check_selfie, document_kind
from devices.quality import QualityIssue

READY_HINT = ("Bagus, tahan sebentar", "Good, hold still")
STEADY_FRAMES = 5  # consecutive good frames before the shutter is offered
AUTO_CAPTURE_SECONDS = 1.0  # a good document held in the same place this long: auto-capture
STEADY_MOVE = 0.02  # corners moving less than this share of the diagonal: the same place


@dataclass(frozen=True)
class PreviewOverlay:
    """Everything the widget draws over one frame, in that frame's pixels.

    Attributes:
        mode: "document" or "selfie".
        ok: no issue on this frame.
        codes: issue codes, most important first.
        hint: bilingual one-line hint.
        outline: document corners TL, TR, BR, BL, or empty.
        faces: face boxes (x, y, w, h).
        frame_size: (width, height) of the analysed frame.
    """

    mode: str
    ok: bool
    codes: tuple[str, ...]
    hint: str
    outline: tuple[tuple[float, float], ...] = ()
    faces: tuple[tuple[int, int, int, int], ...] = ()
    frame_size: tuple[int, int] = (0, 0)
    hints: tuple[str, str] = ("", "")
    """The hint in Bahasa Indonesia and in English, apart (the screen shows its language)."""

    def hint_in(self, language: str) -> str:
        single = self.hints[1] if language == "en" else self.hints[0]
        return single or self.hint


def hint_for(issues: tuple[QualityIssue, ...]) -> str:
    """The banner text: the most important issue in the very words `kiosk image check`
    prints for it (devices/quality.py), or the ready hint."""
    if issues:
        return issues[0].message
    return f"{READY_HINT[0]} / {READY_HINT[1]}"


def hints_for(issues: tuple[QualityIssue, ...]) -> tuple[str, str]:
    """The banner text in each language apart."""
    if issues:
        return issues[0].message_id, issues[0].message_en
    return READY_HINT


def analyse_frame(frame: np.ndarray, mode: str, kind: str = "ktp") -> PreviewOverlay:
    """Runs the document or selfie checks on one frame (on the worker thread)."""
    size = (int(frame.shape[1]), int(frame.shape[0]))
    if mode == "selfie":
        report = check_selfie(frame)
        codes = tuple(i.code for i in report.issues)
        return PreviewOverlay(
            mode,
            report.ok,
            codes,
            hint_for(report.issues),
            faces=report.faces,
            frame_size=size,
            hints=hints_for(report.issues),
        )
    report, _ = check_document(frame, document_kind(kind))
    codes = tuple(i.code for i in report.issues)
    outline: tuple[tuple[float, float], ...] = ()
    if report.corners is not None:
        outline = tuple((float(x), float(y)) for x, y in report.corners)
    return PreviewOverlay(
        mode,
        report.ok,
        codes,
        hint_for(report.issues),
        outline=outline,
        frame_size=size,
        hints=hints_for(report.issues),
    )


@dataclass
class PreviewState:
    """What the capture screen shows around the preview: camera banner and shutter state.

    The shutter is offered only after several good frames in a row, so a card passing
    through a good position for one frame is not captured blurred.
    """

    camera_state: str = "starting"
    camera_message: str = "Menyalakan kamera / Starting the camera"
    good_frames: int = 0
    last: PreviewOverlay | None = field(default=None)
    steady_since: float | None = None
    """When the good document came to rest where it is now (time.monotonic), if it has."""
    auto_taken: bool = False
    """Auto-capture fired for this resting period (again only after the card moves)."""
    language: str = ""
    """"id" or "en": the banner in the screen's language; "" shows both."""
    camera_texts: tuple[str, str] = ("Menyalakan kamera", "Starting the camera")

    @property
    def can_capture(self) -> bool:
        """True when the camera works and the subject has been good for a moment."""
        return self.camera_state == "connected" and self.good_frames >= STEADY_FRAMES

    @property
    def hint(self) -> str:
        """The camera problem if any, else the subject's hint."""
        camera = self.camera_message
        if self.language:
            camera = self.camera_texts[1] if self.language == "en" else self.camera_texts[0]
        if self.camera_state != "connected" or self.last is None:
            return camera
        return self.last.hint_in(self.language) if self.language else self.last.hint

    def on_status(self, status: CameraStatus) -> bool:
        """Takes a camera status; returns True when the banner changed."""
        changed = (status.state, status.message) != (self.camera_state, self.camera_message)
        self.camera_state, self.camera_message = status.state, status.message
        if status.message_id or status.message_en:
            self.camera_texts = (status.message_id, status.message_en)
        else:
            self.camera_texts = (status.message, status.message)
        if status.state != "connected":
            self.good_frames = 0
        return changed

    def on_overlay(self, overlay: PreviewOverlay, now: float | None = None) -> None:
        """Takes one analysed frame (the same overlay re-sent with a newer frame is no news)."""
        if overlay is self.last:
            return
        now = time.monotonic() if now is None else now
        previous, self.last = self.last, overlay
        self.good_frames = self.good_frames + 1 if overlay.ok else 0
        if not overlay.ok or len(overlay.outline) != 4:
            self.steady_since, self.auto_taken = None, False
        elif self.steady_since is None or not _same_place(previous, overlay):
            self.steady_since, self.auto_taken = now, False

    def should_auto_capture(self, now: float | None = None) -> bool:
        """A good document has rested in one place for AUTO_CAPTURE_SECONDS and has not been
        taken yet; calling this when True marks it taken."""
        now = time.monotonic() if now is None else now
        if (
            self.camera_state != "connected"
            or self.steady_since is None
            or self.auto_taken
            or now - self.steady_since < AUTO_CAPTURE_SECONDS
        ):
            return False
        self.auto_taken = True
        return True


def _same_place(before: PreviewOverlay | None, after: PreviewOverlay) -> bool:
    if before is None or len(before.outline) != 4 or len(after.outline) != 4:
        return False
    a, b = np.array(before.outline), np.array(after.outline)
    diagonal = float(np.linalg.norm(b[2] - b[0])) or 1.0
    return float(np.linalg.norm(a - b, axis=1).max()) < STEADY_MOVE * diagonal
