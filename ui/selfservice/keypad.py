"""The on-screen keypad for NIK, No. KK and phone numbers: digits only, big keys, no keyboard.

A 16-digit number shows in groups of four (3171 0157 0890 0001), as printed on the KTP-el and
the KK, so an elderly citizen can compare it with the card group by group.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.design.tokens import SPACING_PX


def grouped(digits: str, size: int = 4) -> str:
    """`3171015708900001` -> `3171 0157 0890 0001`."""
    return " ".join(digits[i : i + size] for i in range(0, len(digits), size))


class Keypad(QWidget):
    changed = Signal(str)
    """The digits typed so far."""
    digit_typed = Signal(str)
    """One digit, for reading it out (voice guidance)."""

    def __init__(self, max_digits: int = 16, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.max_digits = max_digits
        self.digits = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)  # the panel around gives the margin
        self.display = QLabel(self)
        self.display.setObjectName("keypad_display")
        self.display.setProperty("role", "display")
        self.display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.display)
        grid = QGridLayout()
        grid.setSpacing(SPACING_PX[0])  # room for every row at 768 px
        layout.addLayout(grid)
        self.keys: dict[str, QPushButton] = {}
        for index, digit in enumerate("123456789"):
            self._add_key(grid, digit, digit, index // 3, index % 3)
        self.delete_button = self._add_key(grid, "hapus", "⌫", 3, 0)
        self._add_key(grid, "0", "0", 3, 1)
        self.clear_button = self._add_key(grid, "kosongkan", "C", 3, 2)
        self.retranslate()
        self._show()

    def _add_key(self, grid: QGridLayout, name: str, text: str, row: int, col: int) -> QPushButton:
        key = QPushButton(text, self)
        key.setObjectName(f"key_{name}")
        key.setProperty("role", "key")
        key.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        key.clicked.connect(lambda _=False, n=name: self.press(n))
        grid.addWidget(key, row, col)
        self.keys[name] = key
        return key

    def retranslate(self) -> None:
        self.delete_button.setAccessibleName(self.tr("Hapus satu angka"))
        self.clear_button.setAccessibleName(self.tr("Kosongkan"))

    def press(self, name: str) -> None:
        if name == "hapus":
            self.digits = self.digits[:-1]
        elif name == "kosongkan":
            self.digits = ""
        elif name.isdigit() and len(self.digits) < self.max_digits:
            self.digits += name
            self.digit_typed.emit(name)
        self._show()
        self.changed.emit(self.digits)

    def clear(self) -> None:
        self.digits = ""
        self._show()

    def show_digits(self, digits: str, max_digits: int) -> None:
        """Starts over for another field: its length and the digits it already holds."""
        self.max_digits = max_digits
        self.digits = "".join(c for c in digits if c.isdigit())[:max_digits]
        self._show()

    def _show(self) -> None:
        placeholder = "_" * (self.max_digits - len(self.digits))
        self.display.setText(grouped(self.digits + placeholder))
