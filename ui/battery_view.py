"""The battery in the status bar (kiosk/field/battery.py): the level while on battery, a
suggestion to save below 15 %, and the notice that the draft was saved below 5 %."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from kiosk.field.battery import BatteryLevel, BatteryReading, battery_level
from ui.look import ERROR_TEXT_STYLE

LOW_STYLE = ERROR_TEXT_STYLE


class BatteryLabel(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("battery")
        self.reading: BatteryReading | None = None

    @property
    def level(self) -> BatteryLevel:
        return battery_level(self.reading)

    def show_reading(self, reading: BatteryReading | None) -> None:
        self.reading = reading
        self.retranslate()

    def retranslate(self) -> None:
        reading = self.reading
        if reading is None:
            self.setText("")  # a desktop without a battery
            return
        percent = str(round(reading.percent))
        level = self.level
        if level is BatteryLevel.CRITICAL:
            text = self.tr("Baterai %1 %: draf sudah disimpan, colokkan pengisi daya sekarang")
        elif level is BatteryLevel.LOW:
            text = self.tr("Baterai %1 %: simpan pekerjaan, colokkan pengisi daya")
        elif reading.plugged:
            text = self.tr("Baterai %1 % (mengisi)")
        else:
            text = self.tr("Baterai %1 %")
        self.setText(text.replace("%1", percent))
        self.setStyleSheet(LOW_STYLE if level is not BatteryLevel.OK else "")
