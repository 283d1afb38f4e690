"""The KTP-el hilang application by keyboard alone, from the applications list (F2) to the
printed receipt, with every key press counted (the test and bench/keyboard_flow.py)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from tests.helpers.applications import ADDRESS
from tests.ui.wizard.driver import capture, key, ktp_el_hilang_to_documents, wait_step
from ui.main_window import MainWindow
from ui.viewmodels.applicant import ADDRESS_PARTS, FIELDS
from ui.viewmodels.wizard import Step

SITI = {
    "nik": "3171015708900001",
    "no_kk": "3171010101100002",
    "name": "Siti Aminah",
    "birth_date": "17-08-1990",  # filled in from the NIK: checked, not typed
    "sex": "P",  # likewise
    "phone": "081234567890",  # grouped by the field as it is typed
    "alamat": ADDRESS["alamat"],
    "rt": "1",  # shown as 001
    "rw": "2",
    "kode_wilayah": "G",  # completes to Gambir (31.71.01.1001), first of the NIK's kecamatan
}
"""What the petugas types per field (tests/ui/wizard/driver.py fill_applicant)."""
EXPECTED = {
    "birth_date": "1990-08-17",
    "sex": "P",
    "phone": "+6281234567890",
    "address": {**ADDRESS, "rt": "001", "rw": "002"},
}
"""What the application carries from those keys: nothing the operator skipped is lost."""
KEYSTROKES_BEFORE = 80
"""What the flow took when issue 13 was filed (the goal is fewer), before the service asked
for an address: compare it with `KeyCounter.without_address`."""


def field_of(widget: QWidget) -> str:
    """The applicant field a key went to ("" for none): an editor is named after its field, the
    kelurahan picker's line edit sits inside the picker."""
    at: QWidget | None = widget
    for _ in range(3):
        if at is None:
            break
        if at.objectName() in FIELDS:
            return at.objectName()
        at = at.parentWidget()
    return ""


class KeyCounter:
    """A qtbot that counts: one per key press, one per typed character, and per field."""

    def __init__(self, bot: Any) -> None:
        self.bot = bot
        self.typed = 0
        self.keys = 0
        self.by_field: Counter[str] = Counter()
        """Typed characters and keys (Enter, Tab) per applicant field; "" outside them."""

    @property
    def total(self) -> int:
        return self.typed + self.keys

    @property
    def address(self) -> int:
        """What the address took (alamat, RT, RW, kelurahan/desa, each with its Enter)."""
        return sum(self.by_field[part] for part in ADDRESS_PARTS)

    @property
    def without_address(self) -> int:
        """The same fields the count before the address covered."""
        return self.total - self.address

    def keyClick(
        self, widget: QWidget, which: Any, modifier: Any = Qt.KeyboardModifier.NoModifier
    ) -> None:  # noqa: N802, E501 - qtbot's name
        self.keys += 1
        self.by_field[field_of(widget)] += 1
        self.bot.keyClick(widget, which, modifier)

    def keyClicks(self, widget: QWidget, text: str) -> None:  # noqa: N802 - qtbot's name
        self.typed += len(text)
        self.by_field[field_of(widget)] += len(text)
        self.bot.keyClicks(widget, text)

    def waitUntil(self, condition: Callable[[], Any], timeout: int = 5000) -> None:  # noqa: N802
        self.bot.waitUntil(condition, timeout=timeout)


def ktp_el_hilang(counter: KeyCounter, window: MainWindow) -> str:
    """Runs the flow from the applications list; returns the receipt's number."""
    bot: Any = counter
    window.show_screen("applications", {})
    key(bot, Qt.Key.Key_F2)
    wizard: Any = window.screens["wizard"]
    ktp_el_hilang_to_documents(bot, wizard, SITI)
    capture(bot, wizard.documents_page, "camera")
    capture(bot, wizard.documents_page, "scanner")
    key(bot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_step(bot, wizard, Step.REVIEW)
    key(bot, Qt.Key.Key_Return)
    wait_step(bot, wizard, Step.RECEIPT, timeout=60_000)
    bot.waitUntil(wizard.receipt_page.ready, 60_000)
    key(bot, Qt.Key.Key_Return)
    bot.waitUntil(lambda: wizard.receipt_page.last_action == "print", 30_000)
    return str(wizard.model.number)
