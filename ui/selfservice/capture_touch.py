"""The capture station in a citizen's hands: no keyboard hints or access keys on its buttons,
"Foto ulang" for the retake (the choices bar's "Ulangi" is the voice), no file import,
and no override of a photo that failed its checks (a retake, or the staff at the counter).
Attached from outside; while a supervisor has unlocked the kiosk the station is the
counter's.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QAbstractButton,
    QBoxLayout,
    QHBoxLayout,
    QSizePolicy,
    QVBoxLayout,
)

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
        self._buttons_beside = False
        self.restyle()

    def restyle(self) -> None:
        citizen = self.citizen()
        station = self.station
        station.result.citizen = citizen
        station.import_button.setVisible(not citizen)  # a file dialog: staff only
        if not citizen:
            return
        self._put_buttons_beside()
        station.retake_button.setText(self.tr("Foto ulang"))
        for button in station.findChildren(QAbstractButton):
            button.setText(plain(button.text()))

    def _put_buttons_beside(self) -> None:
        """The buttons in a column beside the preview instead of two rows under it: at
        1366x768 the step has about 400 px of height, and under the preview the shutter lay
        below the fold (the citizen saw a black box and no button). Done once; a supervisor
        who unlocks the kiosk uses the same column."""
        if self._buttons_beside:
            return
        self._buttons_beside = True
        station = self.station
        layout = station.layout()
        if not isinstance(layout, QBoxLayout):
            return
        rows: list[QHBoxLayout] = []
        for index in range(layout.count()):
            item = layout.itemAt(index)
            row = item.layout() if item is not None else None
            if isinstance(row, QHBoxLayout):
                rows.append(row)
        column = QVBoxLayout()
        for row in rows:
            for button in station.findChildren(QAbstractButton):
                if row.indexOf(button) >= 0:
                    row.removeWidget(button)
                    column.addWidget(button)
            layout.removeItem(row)
        column.addStretch(1)
        # The preview gives way (it scales its frame to the room it gets), never the buttons.
        station.views.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        index = layout.indexOf(station.views)
        layout.removeWidget(station.views)
        beside = QHBoxLayout()
        beside.addWidget(station.views, 1)
        beside.addLayout(column)
        layout.insertLayout(index, beside, 1)
