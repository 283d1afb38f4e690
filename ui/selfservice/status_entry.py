"""Cek status's entry and scan pages: the keypad with the QR button and "Lanjut" beside it
(not under it), so the keypad's 0 and "Lanjut" show without scrolling at 1024x768 as at
1366x768.

The digits are grouped as the receipt prints the number (261203-WRJF-0004 without its
letters: 261203 0004), so the citizen compares them with the paper group by group. The texts
are the status screen's (it retranslates them).
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.design.tokens import MIN_TARGET_PX, SPACING_PX
from ui.selfservice.choices import big_button
from ui.selfservice.keypad import Keypad

NUMBER_GROUPS = (6, 4)
"""The date's 6 digits, then the last 4 (the NIK's last 4 fit the first group)."""
KEY_PX = MIN_TARGET_PX + 4
"""A key's height inside its border (52 px with it), smaller than elsewhere and above the
44 px floor, at every text size: at the largest the digits' 42 pt line made the keys 70 px
and the last row ("⌫ 0 C") and "Lanjut" went under the fold, even at 1366x768."""
KEY_DIGIT_MAX_PT = 36
"""A key's digit at most (the typed number above keeps the keypad's size): at 42 pt the
digits touched the borders of a 52 px key; 36 pt is still larger than the body's 30 pt."""


class ReceiptKeypad(Keypad):
    def _show(self) -> None:
        text = self.digits + "_" * (self.max_digits - len(self.digits))
        parts, start = [], 0
        for size in NUMBER_GROUPS:
            parts.append(text[start : start + size])
            start += size
        parts.append(text[start:])
        self.display.setText(" ".join(part for part in parts if part))


class NumberEntry(QWidget):
    def __init__(self, max_digits: int, parent: QWidget) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.keypad = ReceiptKeypad(max_digits, self)
        self.keypad.setObjectName("status_keypad")
        layout.addWidget(self.keypad, 1)
        side = QVBoxLayout()
        # The QR first: the easiest way for a citizen who reads slowly, and above the fold.
        # Its words wrap: at the largest text they were cut on both sides, even at 1366 px.
        self.scan_button = big_button(self, "status_scan", icon_name="qr", wrap=True)
        side.addWidget(self.scan_button)
        side.addStretch(1)
        self.next_button = big_button(self, "status_next", "primary")
        side.addWidget(self.next_button)
        layout.addLayout(side, 1)


class ScanPage(QWidget):
    """While the camera looks for the receipt's QR: what to do, and the way back to typing."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.hint = QLabel(self)
        self.hint.setObjectName("status_scan_hint")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.cancel_button = big_button(self, "status_scan_cancel")
        layout.addWidget(self.cancel_button)
        layout.addStretch(1)


def status_style(title_pt: int, keypad_pt: int) -> str:
    """The answer as large as the title (the one thing the citizen came for); the keys a
    little smaller than elsewhere and of one height at every text size, the typed number's
    box with less padding, so the whole keypad and "Lanjut" fit 1024x768 at the largest text."""
    digit_pt = min(keypad_pt, KEY_DIGIT_MAX_PT)
    return f"""
#selfservice_root QLabel#status_answer {{ font-size: {title_pt}pt; font-weight: bold; }}
#selfservice_root #status_keypad QPushButton[role="key"] {{
    min-height: {KEY_PX}px; max-height: {KEY_PX}px; font-size: {digit_pt}pt;
}}
#selfservice_root #status_keypad QLabel[role="display"] {{ padding: {SPACING_PX[1]}px; }}
"""
