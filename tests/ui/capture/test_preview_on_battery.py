"""On battery the camera preview draws fewer frames (kiosk/field/battery.py); plugged in it
shows every frame the GUI is ready for. Frames are fed by hand with a fake clock and an
injected battery reader, so nothing here depends on timing."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QImage

from devices.camera import FakeCamera
from kiosk.field.battery import BatteryReading
from ui.capture.preview_worker import BATTERY_RECHECK_S, PreviewWorker

FRAME = np.zeros((48, 64, 3), dtype=np.uint8)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def shown_frames(worker: PreviewWorker, clock: Clock, times: list[float]) -> list[float]:
    """Offers one frame at each time (the GUI drawing each one at once); returns the times
    of the frames that were sent to be drawn."""
    shown: list[float] = []

    def drawn(_image: QImage, _overlay: object) -> None:
        shown.append(clock.now)
        worker.frame_drawn()

    worker.frame_ready.connect(drawn)
    for moment in times:
        clock.now = moment
        worker._on_frame(FRAME)
    worker.frame_ready.disconnect(drawn)
    return shown


@pytest.mark.parametrize(
    ("reading", "expected"),
    [
        (None, 7),  # a desktop: every frame
        (BatteryReading(80.0, True), 7),  # plugged in: every frame
        (BatteryReading(80.0, False), 4),  # on battery: at most 10 a second
        (BatteryReading(10.0, False), 2),  # low: at most 5 a second
    ],
)
def test_frames_shown_per_power_state(reading: BatteryReading | None, expected: int) -> None:
    clock = Clock()
    worker = PreviewWorker(FakeCamera([FRAME]), "document", checks=False, battery=lambda: reading)
    worker.clock = clock
    times = [1000.0 + i * 0.05 for i in range(7)]  # 20 frames a second for 0.3 s
    assert len(shown_frames(worker, clock, times)) == expected
    assert worker.frames_seen == 7  # every frame is still kept for the shutter


def test_unplugging_is_noticed_at_the_next_battery_check() -> None:
    clock = Clock()
    state: dict[str, BatteryReading] = {"now": BatteryReading(90.0, True)}
    worker = PreviewWorker(
        FakeCamera([FRAME]), "document", checks=False, battery=lambda: state["now"]
    )
    worker.clock = clock
    assert len(shown_frames(worker, clock, [1000.0, 1000.05, 1000.1])) == 3
    state["now"] = BatteryReading(90.0, False)  # the cable is pulled
    later = 1000.0 + BATTERY_RECHECK_S
    assert len(shown_frames(worker, clock, [later, later + 0.05, later + 0.1])) == 2
    assert worker.frame_interval == pytest.approx(0.1)
