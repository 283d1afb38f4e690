"""The day a postponed visit moves to: a small row under the visit list's buttons with a date
picker (tomorrow by default, never before today), "Simpan tanggal" and "Batal".

The row only chooses the day; the visit list screen (ui/screens/visits.py) marks the visit
postponed to it, on a worker and audited like the other marks.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel, QPushButton, QWidget

DAY_FORMAT = "dd-MM-yyyy"
"""As the list shows its days (ui/viewmodels/visits.py), in every language."""


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class PostponeBox(QWidget):
    chosen = Signal(object)
    """The day chosen (a datetime.date), emitted by "Simpan tanggal"; the row hides itself."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("visit-postpone-box")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self)
        self.day = QDateEdit(self)
        self.day.setObjectName("visit-postpone-date")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat(DAY_FORMAT)
        self.label.setBuddy(self.day)
        self.save = QPushButton(self)
        self.save.setObjectName("visit-postpone-save")
        self.save.clicked.connect(self._save)
        self.cancel = QPushButton(self)
        self.cancel.setObjectName("visit-postpone-cancel")
        self.cancel.clicked.connect(self.hide)
        layout.addWidget(self.label)
        layout.addWidget(self.day)
        layout.addWidget(self.save)
        layout.addWidget(self.cancel)
        layout.addStretch(1)
        self.retranslate()
        self.hide()

    def open_on(self, today: date) -> None:
        """Shows the row for a visit: tomorrow chosen, nothing before `today` can be."""
        self.day.setMinimumDate(qdate(today))
        self.day.setDate(qdate(today + timedelta(days=1)))
        self.show()
        self.day.setFocus()

    def chosen_day(self) -> date:
        picked = self.day.date()
        return date(picked.year(), picked.month(), picked.day())

    def _save(self) -> None:
        day = self.chosen_day()
        self.hide()
        self.chosen.emit(day)

    def retranslate(self) -> None:
        self.label.setText(self.tr("Tunda sampai tanggal:"))
        self.day.setToolTip(self.tr("Paling awal hari ini; biasanya besok."))
        self.save.setText(self.tr("Simpan tanggal"))
        self.cancel.setText(self.tr("Batal"))
