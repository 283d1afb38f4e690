"""The capture station's buttons and where they stand: two rows under the preview (the
counter's: one row is too wide for 1024 px) or one column beside it (the self-service kiosk's:
at 1366x768 its documents step has about 400 px of height, and under the preview the shutter
lay below the fold; the citizen saw a black box and no button).

The texts, the actions and which button shows when belong to the station (ui/screens/wizard/
capture_station.py); this module only makes the buttons and lays them out.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)


class ButtonLayout(Enum):
    ROWS = "rows"
    """Under the preview, in two rows."""
    COLUMN = "column"
    """Beside the preview, in one column; the preview gives way, never the buttons."""


class CaptureButtons:
    """The station's buttons, first row then second row (the column keeps that order)."""

    def __init__(self, parent: QWidget) -> None:
        # Made in the counter's tab order (the focus chain follows the order of creation).
        self.shutter = QPushButton(parent)
        self.scan = QPushButton(parent)
        self.import_file = QPushButton(parent)
        self.retake = QPushButton(parent)
        self.corners = QPushButton(parent)
        self.corners.setObjectName("adjust-corners")
        self.use_corners = QPushButton(parent)
        self.use_corners.setObjectName("use-corners")
        self.clear_pad = QPushButton(parent)
        self.sign = QPushButton(parent)
        self.groups = (
            (self.shutter, self.sign, self.clear_pad, self.scan, self.import_file),
            (self.corners, self.use_corners, self.retake),
        )
        self.arrangement = ButtonLayout.ROWS
        self.rows: list[QHBoxLayout] = []
        for group in self.groups:
            row = QHBoxLayout()
            for button in group:
                row.addWidget(button)
            row.addStretch(1)
            self.rows.append(row)

    def put_beside(self, station: QBoxLayout, views: QWidget) -> None:
        """Moves the buttons from their rows in `station` (the station's own layout) into a
        column beside `views`, where the preview stood. Once: there is no way back (a
        supervisor who unlocks a self-service kiosk uses the same column)."""
        if self.arrangement is ButtonLayout.COLUMN:
            return
        self.arrangement = ButtonLayout.COLUMN
        column = QVBoxLayout()
        for row, group in zip(self.rows, self.groups, strict=True):
            for button in group:
                row.removeWidget(button)
                column.addWidget(button)
            station.removeItem(row)
        self.rows = []
        column.addStretch(1)
        # The preview scales its frame to the room it gets.
        views.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        index = station.indexOf(views)
        station.removeWidget(views)
        beside = QHBoxLayout()
        beside.addWidget(views, 1)
        beside.addLayout(column)
        station.insertLayout(index, beside, 1)
