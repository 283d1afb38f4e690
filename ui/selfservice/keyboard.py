"""A simple on-screen keyboard for names and short suggestions: capital letters, space, a few
marks, delete. Big keys in the QWERTY order most citizens have seen on a phone."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from ui.design.tokens import SPACING_PX

ROWS = ("1234567890", "QWERTYUIOP", "ASDFGHJKL'", "ZXCVBNM,.-")
"""Digits on top: an address has house numbers ("JL. MELATI NO. 12")."""


class TailLabel(QLabel):
    """One line, its height fixed by the font: the end of the text (where the typing is) and
    "…" before it, so the keys below never move while a long text is typed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def show_tail(self, text: str) -> None:
        self.full = text
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        width = max(self.contentsRect().width(), 1)
        self.setText(self.fontMetrics().elidedText(self.full, Qt.TextElideMode.ElideLeft, width))


class OnScreenKeyboard(QWidget):
    changed = Signal(str)
    finished = Signal()
    """"Berikutnya": the text is done, the next field please."""

    def __init__(self, max_chars: int = 200, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.max_chars = max_chars
        self.text = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)  # the panel around gives the margin
        self.display = TailLabel(self)
        self.display.setObjectName("keyboard_display")
        self.display.setProperty("role", "display")
        layout.addWidget(self.display)
        self.grid = grid = QGridLayout()
        grid.setSpacing(SPACING_PX[0])  # room for every row at 768 px
        layout.addLayout(grid)
        self.keys: dict[str, QPushButton] = {}
        for row, letters in enumerate(ROWS):
            for col, letter in enumerate(letters):
                self._key(grid, letter, letter, row, col)
        last = len(ROWS)
        self._key(grid, " ", self.tr("spasi"), last, 0, span=4)
        self.delete_button = self._key(grid, "hapus", "⌫", last, 4, span=2)
        # "Berikutnya" in the keys' last row: the keyboard then fits beside the form at 768 px.
        self.next_key = QPushButton(self.tr("Berikutnya"), self)
        self.next_key.setObjectName("char_next")
        self.next_key.setProperty("role", "key")  # a key's height: the row stays 52 px
        self.next_key.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.next_key.clicked.connect(self.finished)
        grid.addWidget(self.next_key, last, 6, 1, 4)
        self._show()

    def _key(
        self, grid: QGridLayout, value: str, text: str, row: int, col: int, span: int = 1
    ) -> QPushButton:
        key = QPushButton(text, self)
        key.setObjectName(f"char_{'space' if value == ' ' else value}")
        key.setProperty("role", "key")
        key.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        key.clicked.connect(lambda _=False, v=value: self.press(v))
        grid.addWidget(key, row, col, 1, span)
        self.keys[value] = key
        return key

    def fit_height(self, available: int) -> None:
        """Drops the preview line when the keys and it do not both fit `available` pixels,
        so every key is on screen without scrolling. Only where the field the keys type into
        is in view beside them (the wizard's form): it shows the text then."""
        layout = self.layout()
        spacing = layout.spacing() if layout is not None else 0
        needed = self.grid.sizeHint().height() + spacing + self.display.sizeHint().height()
        self.display.setVisible(needed <= available)

    def press(self, value: str) -> None:
        if value == "hapus":
            self.text = self.text[:-1]
        elif len(self.text) < self.max_chars:
            self.text += value
        self._show()
        self.changed.emit(self.text)

    def clear(self) -> None:
        self.text = ""
        self._show()

    def show_text(self, text: str) -> None:
        """Starts from what a field already holds (the citizen goes back to correct it)."""
        self.text = text[: self.max_chars]
        self._show()

    def _show(self) -> None:
        self.display.show_tail(self.text + "▏")
