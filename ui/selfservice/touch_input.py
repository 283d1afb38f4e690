"""The wizard's fields by touch: the on-screen keypad for numbers (NIK and No. KK in groups
of four, as printed on the card), the on-screen keyboard for names and addresses, and a list
of big buttons for a choice (sex, kelurahan/desa). Nothing needs a physical keyboard.

The panel writes into the wizard's own fields (found by focus, named by objectName) through
QLineEdit's editing calls, so the applicant page validates exactly as if the text had been
typed, and the page's own "Enter" (returnPressed) is what "Berikutnya" sends.
"""

from __future__ import annotations

import re

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.selfservice.choices import big_button
from ui.selfservice.keyboard import OnScreenKeyboard
from ui.selfservice.keypad import Keypad
from ui.selfservice.session import CitizenSession

DIGIT_FIELDS: dict[str, int] = {
    "nik": 16,
    "no_kk": 16,
    "phone": 15,
    "rt": 3,
    "rw": 3,
    "birth_date": 8,
}
"""The fields typed on the keypad (by objectName) and how many digits each takes."""
DIGIT_EXTRA = re.compile(r"^extra-(nik|no_kk|tanggal)")
"""A service's own field that takes digits (the mother's NIK, a child's birth date)."""


def field_name(editor: QWidget) -> str:
    """The label beside a field (its buddy), without the keyboard accelerator's "&"."""
    parent = editor.parentWidget()
    for label in parent.findChildren(QLabel) if parent is not None else []:
        if label.buddy() is editor:
            return label.text().replace("&", "")
    return ""


def digits_for(editor: QLineEdit) -> int:
    """How many digits a field takes on the keypad, 0 for one typed on the keyboard."""
    name = editor.objectName()
    if name in DIGIT_FIELDS:
        return DIGIT_FIELDS[name]
    if DIGIT_EXTRA.match(name):
        return 8 if "tanggal" in name else 16
    return 0


class TouchInputPanel(QWidget):
    def __init__(self, session: CitizenSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("touch_input")
        self.session = session
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.field = QLabel(self)
        self.field.setObjectName("touch_field")
        self.field.setWordWrap(True)
        self.hint = QLabel(self)
        self.hint.setObjectName("touch_hint")
        self.hint.setProperty("role", "hint")
        self.hint.setWordWrap(True)
        self.keypad = Keypad(16, self)
        self.keypad.changed.connect(self._typed)
        self.keypad.digit_typed.connect(session.voice.say)  # read out, digit by digit
        self.keyboard = OnScreenKeyboard(120, self)
        self.keyboard.changed.connect(self._typed)
        self.keyboard.finished.connect(self._next_field)
        self.options = QWidget(self)
        self.options_layout = QVBoxLayout(self.options)
        self.options_layout.setContentsMargins(0, 0, 0, 0)
        self.option_buttons: list[QPushButton] = []
        self.next_button = big_button(self, "touch_next_field", "primary")
        self.next_button.clicked.connect(self._next_field)
        # "Berikutnya" beside the field's name, above the keys: on screen whatever the keys'
        # height at the citizen's text size.
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.field, 1)
        top.addWidget(self.next_button)
        layout.addLayout(top)
        for widget in (self.hint, self.keypad, self.keyboard, self.options):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.editor: QLineEdit | None = None
        self.combo: QComboBox | None = None
        self.attach(None)

    def attach(self, widget: QWidget | None) -> None:
        """Types into `widget` from now on (a text field or a list), or shows how to start."""
        self.editor = widget if isinstance(widget, QLineEdit) else None
        if self.editor is not None and not self.editor.property("touch_bound"):
            # The field is the truth: a page that clears or fills it (the next document's
            # reason in the same box) is what the keys show and type on from.
            self.editor.setProperty("touch_bound", True)
            self.editor.textChanged.connect(lambda t, e=self.editor: self._field_changed(e, t))
        self.combo = widget if isinstance(widget, QComboBox) else None
        digits = digits_for(self.editor) if self.editor is not None else 0
        self.keypad.setVisible(bool(digits))
        self.keyboard.setVisible(self.editor is not None and not digits)
        if self.editor is not None and digits:
            self.keypad.show_digits(self.editor.text(), digits)
        elif self.editor is not None:
            self.keyboard.show_text(self.editor.text())
        self._show_options()
        self.field.setVisible(widget is not None)
        self.field.setText(field_name(widget) if widget is not None else "")
        self.next_button.setVisible(self.editor is not None and bool(digits))  # else a key
        self.hint.setVisible(self.editor is None)  # the keys speak for themselves
        self.retranslate()
        if widget is not None:
            self.session.voice.say(self.field.text())

    def fit_height(self, height: int) -> None:
        """The keys within `height` (the panel's visible height): below the field's name,
        without the keyboard's preview line when there is no room for it."""
        layout = self.layout()
        if layout is not None:
            layout.activate()  # the keyboard's top after the field's name just set
        self.keyboard.fit_height(height - self.keyboard.geometry().top())

    def wipe(self) -> None:
        """Nothing of the last citizen stays on the keypad's or the keyboard's display."""
        self.attach(None)
        self.keypad.clear()
        self.keyboard.clear()

    def _show_options(self) -> None:
        for button in self.option_buttons:
            button.deleteLater()
        self.option_buttons = []
        combo = self.combo
        self.options.setVisible(combo is not None)
        if combo is None:
            return
        for index in range(combo.count()):
            text = combo.itemText(index)
            if not text:
                continue
            button = big_button(self.options, f"touch_option_{index}")
            button.setText(text)
            button.setCheckable(True)
            button.setChecked(index == combo.currentIndex())
            button.clicked.connect(lambda _=False, i=index: self._choose(i))
            self.options_layout.addWidget(button)
            button.show()  # a layout shows a new child only later; a touch needs it now
            self.option_buttons.append(button)

    def _choose(self, index: int) -> None:
        combo = self.combo
        if combo is None:
            return
        combo.setCurrentIndex(index)
        # The same signal a tap on the list's own popup sends (the picker takes its code).
        combo.activated.emit(index)
        for button in self.option_buttons:
            button.setChecked(button.objectName() == f"touch_option_{index}")
        self.session.voice.say(combo.itemText(index))

    def _typed(self, text: str) -> None:
        editor = self.editor
        if editor is None or editor.text() == text:
            return
        # The editing calls (not setText) so the page hears textEdited, as from keys.
        editor.selectAll()
        if text:
            editor.insert(text)
        else:
            editor.del_()

    def _field_changed(self, editor: QLineEdit, text: str) -> None:
        if editor is not self.editor:
            return
        digits = digits_for(editor)
        if digits and self.keypad.digits != text:
            self.keypad.show_digits(text, digits)
        elif not digits and self.keyboard.text != text:
            self.keyboard.show_text(text)

    def _next_field(self) -> None:
        """The field's own Enter: the page checks it and moves on (or to the next step)."""
        if self.editor is not None:
            self.editor.returnPressed.emit()

    def retranslate(self) -> None:
        if self.editor is None and self.combo is None:
            self.hint.setText(
                self.tr("Sentuh kolom yang ingin diisi; tombol untuk mengetik muncul di sini.")
            )
        elif self.combo is not None:
            self.hint.setText(self.tr("Sentuh pilihan yang sesuai."))
        elif self.keypad.isVisibleTo(self):
            self.hint.setText(self.tr("Ketik angkanya dengan tombol di bawah."))
        else:
            self.hint.setText(self.tr("Ketik dengan tombol huruf di bawah."))
        self.next_button.setText(self.tr("Berikutnya"))
        self.keyboard.next_key.setText(self.tr("Berikutnya"))
