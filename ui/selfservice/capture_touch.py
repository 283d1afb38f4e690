"""The capture station in a citizen's hands: no keyboard hints or access keys on its buttons,
"Foto ulang" for the retake (the choices bar's "Ulangi" is the voice), no file import, its
buttons in a column beside the preview, and no override of a photo that failed its checks (a
retake, or the staff at the counter).
Attached from outside; while a supervisor has unlocked the kiosk the station is the
counter's.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QAbstractButton

from ui.screens.wizard.capture_buttons import ButtonLayout
from ui.screens.wizard.capture_station import CaptureStation

_KEY_HINT = re.compile(r"\s*\((Spasi|Space|Enter|Esc|F\d+)\)")


def plain(text: str) -> str:
    """A button's text without its key hint and access-key marks ('&&' stays one '&')."""
    return _KEY_HINT.sub("", text).replace("&&", "\0").replace("&", "").replace("\0", "&")


class TouchCapture(QObject):
    def __init__(self, station: CaptureStation, citizen: Callable[[], bool]) -> None:
        super().__init__(station)
        self.station = station
        self.citizen = citizen
        # Emitted from within the station's own retranslate(), after its button texts and
        # before the shown image is drawn again: the image's override row follows `citizen`.
        station.result.retranslated.connect(self.restyle)
        self.restyle()

    def restyle(self) -> None:
        citizen = self.citizen()
        station = self.station
        station.result.citizen = citizen
        station.import_button.setVisible(not citizen)  # a file dialog: staff only
        if not citizen:
            return
        # At 1366x768 the step has no room for the rows under the preview; a supervisor who
        # unlocks the kiosk keeps the column.
        station.set_button_layout(ButtonLayout.COLUMN)
        station.retake_button.setText(self.tr("Foto ulang"))
        for button in station.findChildren(QAbstractButton):
            button.setText(plain(button.text()))
