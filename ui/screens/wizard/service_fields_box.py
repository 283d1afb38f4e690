"""The service's own fields on the applicant step: the child and parents for akta kelahiran,
the deceased for akta kematian, the destination for SKPWNI (catalog `extra_fields`).

One labelled line per field, its message under it, checked as it is typed (ServiceFieldsForm);
Enter moves to the next one and, on the last, on to the documents. A region field
(`kode_wilayah`) takes a code, or "Pilih wilayah..." opens the province-to-kelurahan picker.
The box is hidden for services that declare no field of their own.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QLineEdit, QPushButton, QWidget

from kiosk.catalog.schema import ExtraField
from kiosk.validation import Severity
from kiosk.validation.address import address_names
from ui.screens.wizard.region_dialog import RegionDialog
from ui.screens.wizard.widgets import (
    COUNTER_COLOURS,
    ERROR_COLOUR,
    InlineColours,
    issue_html,
    pick,
)
from ui.viewmodels.service_fields import ServiceFieldsForm

_ERROR_BORDER = f"border: 2px solid {ERROR_COLOUR};"


class ServiceFieldsBox(QGroupBox):
    edited = Signal()
    finished = Signal()
    """Enter on the last field: the step may go on."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("service-fields")
        self._grid = QGridLayout(self)
        self._grid.setColumnStretch(1, 1)
        self.form: ServiceFieldsForm | None = None
        self.language = "id"
        self.colours: InlineColours = COUNTER_COLOURS
        """The inline messages' colours; the applicant page sets the citizen's theme."""
        self.editors: dict[str, QLineEdit] = {}
        self.messages: dict[str, QLabel] = {}
        self._labels: dict[str, QLabel] = {}
        self._pickers: dict[str, QPushButton] = {}
        self._specs: tuple[ExtraField, ...] = ()
        self.hide()

    # --- building -----------------------------------------------------------------------
    def show_form(self, form: ServiceFieldsForm, language: str) -> None:
        self.form, self.language = form, language
        if form.specs != self._specs:
            self._rebuild(form.specs)
        for code, editor in self.editors.items():
            if editor.text() != form.values.get(code, ""):
                editor.setText(form.values.get(code, ""))
        self.setVisible(bool(self._specs))
        self.retranslate()

    def _rebuild(self, specs: tuple[ExtraField, ...]) -> None:
        for widget in (
            *self.editors.values(),
            *self.messages.values(),
            *self._labels.values(),
            *self._pickers.values(),
        ):
            widget.deleteLater()
        self.editors, self.messages, self._labels, self._pickers = {}, {}, {}, {}
        self._specs = specs
        for row, spec in enumerate(specs):
            code = spec.code
            label = QLabel(self)
            editor = QLineEdit(self)
            editor.setObjectName(f"extra-{code}")
            editor.setMaxLength(120)
            label.setBuddy(editor)
            editor.textEdited.connect(lambda text, c=code: self._edited(c, text))
            editor.editingFinished.connect(lambda c=code: self._left(c))
            editor.returnPressed.connect(lambda c=code: self._next(c))
            message = QLabel(self)
            message.setObjectName(f"extra-{code}-message")
            message.setWordWrap(True)
            message.setTextFormat(Qt.TextFormat.RichText)
            message.hide()
            self._grid.addWidget(label, 2 * row, 0)
            self._grid.addWidget(editor, 2 * row, 1)
            if spec.kind == "kode_wilayah":
                button = QPushButton(self)
                button.setObjectName(f"extra-{code}-pick")
                button.clicked.connect(lambda _=False, c=code: self._pick_region(c))
                self._grid.addWidget(button, 2 * row, 2)
                self._pickers[code] = button
            self._grid.addWidget(message, 2 * row + 1, 1, 1, 2)
            self.editors[code], self.messages[code], self._labels[code] = editor, message, label

    # --- editing ------------------------------------------------------------------------
    def _edited(self, code: str, text: str) -> None:
        if self.form is not None:
            self.form.set_value(code, text)
            self.refresh()
            self.edited.emit()

    def _left(self, code: str) -> None:
        if self.form is not None:
            self.form.leave(code)
            self.refresh()

    def _next(self, code: str) -> None:
        self._left(code)
        codes = [s.code for s in self._specs]
        index = codes.index(code)
        if index + 1 < len(codes):
            self.editors[codes[index + 1]].setFocus()
        else:
            self.finished.emit()

    def _pick_region(self, code: str) -> None:
        editor = self.editors[code]
        dialog = RegionDialog(self.window(), start=editor.text().strip())
        if dialog.exec() and dialog.chosen_code:
            editor.setText(dialog.chosen_code)
            self._edited(code, dialog.chosen_code)
        editor.setFocus()

    def focus_first(self) -> bool:
        """Focuses the first field; False when the service has none."""
        if not self._specs:
            return False
        self.editors[self._specs[0].code].setFocus()
        return True

    def focus_code(self, code: str) -> None:
        editor = self.editors.get(code)
        if editor is not None:
            editor.setFocus()
            editor.selectAll()

    # --- showing ------------------------------------------------------------------------
    def refresh(self) -> None:
        form, colours = self.form, self.colours
        if form is None:
            return
        for spec in self._specs:
            code = spec.code
            issues = form.issues(code)
            lines = [issue_html(i, self.language, False, colours) for i in issues]
            if spec.kind == "kode_wilayah" and not issues and form.values.get(code, "").strip():
                names = address_names(form.values[code].strip())
                place = ", ".join(
                    names[k] for k in ("kelurahan", "kecamatan", "kabupaten", "provinsi")
                )
                lines.append(f"<span style='color:{colours.muted}'>{place}</span>")
            self.messages[code].setText("<br>".join(lines))
            self.messages[code].setVisible(bool(lines))
            errors = [i for i in issues if i.severity is Severity.ERROR]
            self.editors[code].setStyleSheet(_ERROR_BORDER if errors else "")

    def retranslate(self) -> None:
        self.setTitle(self.tr("Data khusus layanan ini"))
        for spec in self._specs:
            suffix = "" if spec.required else " " + self.tr("(boleh kosong)")
            self._labels[spec.code].setText(pick(spec.label, self.language) + suffix)
            placeholder = {
                "date": self.tr("HH-BB-TTTT"),
                "nik": self.tr("16 digit"),
                "kode_wilayah": self.tr("kode, contoh 35.78.01.1001"),
            }.get(spec.kind, "")
            self.editors[spec.code].setPlaceholderText(placeholder)
            if spec.code in self._pickers:
                self._pickers[spec.code].setText(self.tr("Pilih wilayah…"))
        self.refresh()
