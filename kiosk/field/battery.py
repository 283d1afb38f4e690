"""Battery awareness for field laptops: the level, what to do about it, and how fast the camera
preview may run.

The state comes from psutil (the OS's own battery APIs on Linux, Windows and macOS); a desktop
without a battery, or a system psutil cannot read, reports None and nothing is shown or
throttled. Readers are plain callables, so tests inject their own.

Policy: below 15 % the status bar suggests saving and plugging in; below 5 % the open draft is
saved at once (a laptop that dies then loses nothing); on battery the camera preview shows at
most 10 frames a second (5 when low), plugged in it runs at the camera's own rate.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

log = logging.getLogger("kiosk.devices")

SUGGEST_SAVE_PERCENT: Final = 15.0
AUTOSAVE_PERCENT: Final = 5.0
BATTERY_PREVIEW_FPS: Final = 10.0
LOW_BATTERY_PREVIEW_FPS: Final = 5.0


@dataclass(frozen=True)
class BatteryReading:
    percent: float
    plugged: bool
    """On mains power (charging or full); False when the laptop runs on its battery."""


BatteryReader = Callable[[], BatteryReading | None]


class BatteryLevel(StrEnum):
    OK = "ok"
    LOW = "low"
    """Below SUGGEST_SAVE_PERCENT on battery: suggest saving and plugging in."""
    CRITICAL = "critical"
    """Below AUTOSAVE_PERCENT on battery: the open draft is saved now."""


def read_battery() -> BatteryReading | None:
    """The battery as psutil sees it; None without a battery or when it cannot be read."""
    import psutil

    try:
        state = psutil.sensors_battery()
    except (OSError, RuntimeError) as exc:  # a broken ACPI driver must not stop the kiosk
        log.info("battery state unreadable: %s", type(exc).__name__)
        return None
    if state is None:
        return None
    plugged = bool(state.power_plugged) if state.power_plugged is not None else False
    return BatteryReading(percent=float(state.percent), plugged=plugged)


def battery_level(reading: BatteryReading | None) -> BatteryLevel:
    if reading is None or reading.plugged:
        return BatteryLevel.OK
    if reading.percent < AUTOSAVE_PERCENT:
        return BatteryLevel.CRITICAL
    if reading.percent < SUGGEST_SAVE_PERCENT:
        return BatteryLevel.LOW
    return BatteryLevel.OK


def preview_interval(reading: BatteryReading | None) -> float:
    """The shortest time between two preview frames, in seconds (0: the camera's own rate)."""
    if reading is None or reading.plugged:
        return 0.0
    if battery_level(reading) is BatteryLevel.OK:
        return 1.0 / BATTERY_PREVIEW_FPS
    return 1.0 / LOW_BATTERY_PREVIEW_FPS
