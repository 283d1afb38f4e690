"""Battery policy (issue 16, point 4): levels, the preview rate on battery, and psutil's
readings (an injected psutil answer; no laptop battery in CI)."""

from __future__ import annotations

from types import SimpleNamespace

import psutil
import pytest

from kiosk.field.battery import (
    BatteryLevel,
    BatteryReading,
    battery_level,
    preview_interval,
    read_battery,
)


@pytest.mark.parametrize(
    ("percent", "plugged", "level"),
    [
        (80.0, False, BatteryLevel.OK),
        (15.0, False, BatteryLevel.OK),
        (14.9, False, BatteryLevel.LOW),
        (5.0, False, BatteryLevel.LOW),
        (4.9, False, BatteryLevel.CRITICAL),
        (3.0, True, BatteryLevel.OK),  # charging: nothing to fear
    ],
)
def test_levels(percent: float, plugged: bool, level: BatteryLevel) -> None:
    assert battery_level(BatteryReading(percent, plugged)) is level


def test_no_battery_is_ok_and_never_throttled() -> None:
    assert battery_level(None) is BatteryLevel.OK
    assert preview_interval(None) == 0.0


def test_the_preview_slows_down_on_battery_only() -> None:
    assert preview_interval(BatteryReading(60.0, True)) == 0.0
    assert preview_interval(BatteryReading(60.0, False)) == pytest.approx(0.1)
    assert preview_interval(BatteryReading(10.0, False)) == pytest.approx(0.2)


def test_psutil_readings(monkeypatch: pytest.MonkeyPatch) -> None:
    answers = iter(
        [
            SimpleNamespace(percent=42.5, secsleft=3600, power_plugged=False),
            SimpleNamespace(percent=100, secsleft=-2, power_plugged=True),
            SimpleNamespace(percent=30, secsleft=-1, power_plugged=None),
            None,
        ]
    )
    monkeypatch.setattr(psutil, "sensors_battery", lambda: next(answers))
    assert read_battery() == BatteryReading(42.5, False)
    assert read_battery() == BatteryReading(100.0, True)
    assert read_battery() == BatteryReading(30.0, False)  # unknown: assume the battery
    assert read_battery() is None  # a desktop


def test_an_unreadable_battery_is_no_battery(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(psutil, "sensors_battery", broken)
    assert read_battery() is None
