"""Step 3: the applicant's data, validated as it is typed.

Under each field: the validator's own message, red for errors, amber for warnings (which the
operator may mark as checked with the citizen). The NIK is decoded on the fly (region, birth
date, sex) so a mismatch with what the citizen says shows while they are still at the counter.
Enter moves to the next field; on the last one it goes on to the documents.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from kiosk.wilayah import dotted
from ui.context import AppContext
from ui.screens.wizard.applicant_layout import FieldWidgets, place_fields
from ui.screens.wizard.contact_box import ContactConsentBox
from ui.screens.wizard.kelurahan_picker import KelurahanPicker
from ui.screens.wizard.service_fields_box import ServiceFieldsBox
from ui.screens.wizard.widgets import (
    ERROR_COLOUR,
    WARNING_COLOUR,
    StepPage,
    issue_html,
)
from ui.viewmodels.applicant import FIELDS, SEXES, format_phone
from ui.viewmodels.typed_values import group_phone
from ui.viewmodels.wizard import WizardModel

_BORDERS = {
    "error": f"border: 2px solid {ERROR_COLOUR};",
    "warning": f"border: 2px solid {WARNING_COLOUR};",
}


class ApplicantPage(StepPage):
    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        _body, outer = self.scrolling_body()
        self.heading = QLabel(self)
        outer.addWidget(self.heading)
        form = QWidget(self)
        self.grid = grid = QGridLayout(form)
        grid.setColumnStretch(1, 1)
        self.editors: dict[str, QLineEdit | QComboBox] = {}
        self.labels: dict[str, QLabel] = {}
        self.messages: dict[str, QLabel] = {}
        self.acknowledge_buttons: dict[str, QPushButton] = {}
        self._styles: dict[str, str] = {}
        for name in FIELDS:
            editor: QLineEdit | QComboBox
            if name == "sex":
                editor = QComboBox(form)
                editor.addItems(["", "", ""])
                editor.currentIndexChanged.connect(self._sex_changed)
                editor.installEventFilter(self)
            elif name == "kode_wilayah":
                editor = KelurahanPicker(form)
                editor.code_edited.connect(lambda code: self._edited("kode_wilayah", code))
                editor.entered.connect(lambda: self._next("kode_wilayah"))
                editor.left.connect(lambda: self._left("kode_wilayah"))
            else:
                editor = QLineEdit(form)
                editor.setMaxLength(120 if name == "alamat" else 80 if name == "name" else 24)
                editor.textEdited.connect(lambda text, n=name: self._edited(n, text))
                editor.editingFinished.connect(lambda n=name: self._left(n))
                editor.returnPressed.connect(lambda n=name: self._next(n))
            editor.setObjectName(name)
            label = QLabel(form)
            label.setBuddy(editor)
            message = QLabel(form)
            message.setObjectName(f"{name}-message")
            message.setWordWrap(True)
            message.setTextFormat(Qt.TextFormat.RichText)
            acknowledge = QPushButton(form)
            acknowledge.setObjectName(f"{name}-acknowledge")
            acknowledge.clicked.connect(lambda _=False, n=name: self._acknowledge(n))
            acknowledge.hide()
            self.editors[name], self.labels[name] = editor, label
            self.messages[name], self.acknowledge_buttons[name] = message, acknowledge
        self.region_button = QPushButton(form)
        self.region_button.setObjectName("kode_wilayah-pick")
        self.region_button.clicked.connect(self._pick_region)
        self.grid = grid
        self.place_fields(labels_above=False)
        outer.addWidget(form)
        self.service_fields = ServiceFieldsBox(self)
        self.service_fields.edited.connect(self._service_field_edited)
        self.service_fields.finished.connect(self.advance.emit)
        outer.addWidget(self.service_fields)
        self.contact_box = ContactConsentBox(self)
        self.contact_box.changed.connect(self._contact_changed)
        # The parts the tests reach for.
        self.contact_whatsapp, self.contact_email = (
            self.contact_box.whatsapp,
            self.contact_box.email,
        )
        self.email_editor, self.contact_message = (
            self.contact_box.email_editor,
            self.contact_box.message,
        )
        outer.addWidget(self.contact_box)
        outer.addStretch(1)
        self.model: WizardModel | None = None
        self.stacked = False
        self.retranslate()

    def stack_labels(self, stacked: bool) -> None:
        """Labels above their fields, no access keys (the kiosk's), or beside (the counter)."""
        self.stacked = stacked
        # The kiosk's step title already says "Data pemohon"; the page's own heading only took
        # room (and held the form wider than the room beside the on-screen keys at 1024 px).
        self.heading.setVisible(not stacked)
        self.place_fields(labels_above=stacked)
        self.retranslate()

    def _picker(self) -> KelurahanPicker:
        picker = self.editors["kode_wilayah"]
        assert isinstance(picker, KelurahanPicker)
        return picker

    def _pick_region(self) -> None:
        picker = self._picker()
        code = picker.pick_region()
        if code:
            self._edited("kode_wilayah", code)
            self._left("kode_wilayah")
        picker.setFocus()

    def _service_field_edited(self) -> None:
        self.refresh()
        self.edited.emit()

    def _offer_kelurahan(self) -> None:
        """Fills the picker with the kelurahan/desa of the NIK's kecamatan (once per NIK)."""
        if self.model is None:
            return
        nik = self.model.applicant.to_applicant().nik
        info = self.model.applicant.nik_info()
        kecamatan = dotted(nik[:6]) if info is not None and len(nik) == 16 else ""
        self._picker().offer(kecamatan)

    # --- model <-> widgets ----------------------------------------------------------------
    def show_model(self, model: WizardModel) -> None:
        self.model = model
        values = model.applicant.values
        self._offer_kelurahan()
        for name, editor in self.editors.items():
            editor.blockSignals(True)
            if name == "sex" and isinstance(editor, QComboBox):
                editor.setCurrentIndex(SEXES.index(values["sex"]))
            elif isinstance(editor, KelurahanPicker):
                editor.show_code(values[name])
            elif isinstance(editor, QLineEdit):
                editor.setText(values[name])
            editor.blockSignals(False)
        self.contact_box.show_form(model.applicant)
        self.service_fields.show_form(model.applicant.service_fields, self.lang)
        shown = set(model.applicant.fields)
        self.region_button.setVisible("kode_wilayah" in shown)
        for name in FIELDS:
            for widget in (self.labels[name], self.editors[name]):
                widget.setVisible(name in shown)
            if name not in shown:
                self.messages[name].hide()
        self.refresh()

    def place_fields(self, labels_above: bool) -> None:
        widgets = FieldWidgets(
            self.grid,
            self.labels,
            self.editors,
            self.messages,
            self.acknowledge_buttons,
            self.region_button,
        )
        place_fields(widgets, labels_above)

    def _contact_changed(self, *_args: object) -> None:
        if self.model is None:
            return
        self.contact_box.apply_to(self.model.applicant)
        self.refresh()
        self.edited.emit()

    def _edited(self, name: str, text: str) -> None:
        if self.model is None:
            return
        form = self.model.applicant
        phone = self.editors["phone"]
        if name == "phone" and isinstance(phone, QLineEdit):  # grouped while it is typed
            text, cursor = group_phone(text, phone.cursorPosition())
            if text != phone.text():
                phone.setText(text)
                phone.setCursorPosition(cursor)
        form.set_value(name, text)
        if name == "nik":
            self._show_from_nik()
            self._offer_kelurahan()
        self.refresh()
        self.edited.emit()

    def _show_from_nik(self) -> None:
        """The birth date and sex the NIK filled in (or took back) into their editors."""
        assert self.model is not None
        values = self.model.applicant.values
        birth, sex = self.editors["birth_date"], self.editors["sex"]
        assert isinstance(birth, QLineEdit)
        assert isinstance(sex, QComboBox)
        if birth.text() != values["birth_date"]:
            birth.setText(values["birth_date"])
        sex.blockSignals(True)
        sex.setCurrentIndex(SEXES.index(values["sex"]))
        sex.blockSignals(False)

    def _sex_changed(self, index: int) -> None:
        self._edited("sex", SEXES[max(index, 0)])

    def _left(self, name: str) -> None:
        if self.model is not None:
            self.model.applicant.leave(name)
            self.model.applicant.suggested.discard(name)  # moving on confirms a suggestion
            value, editor = self.model.applicant.values[name], self.editors[name]
            if isinstance(editor, KelurahanPicker) and editor.findData(value) >= 0:
                editor.show_code(value)
            elif isinstance(editor, QLineEdit) and editor.text() != value:
                editor.setText(value)  # the short form in full ("1" -> "001")
            self.refresh()

    def _next(self, name: str) -> None:
        self._left(name)
        following = self.model.applicant.next_to_fill(name) if self.model is not None else None
        if following is not None:  # over what the NIK filled in (Tab or Alt+key reaches it)
            self.editors[following].setFocus()
        elif not self.service_fields.focus_first():
            self.advance.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (
            watched is self.editors["sex"]
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._next("sex")
            return True
        return super().eventFilter(watched, event)

    def _acknowledge(self, name: str) -> None:
        if self.model is not None:
            self.model.applicant.acknowledge(name)
            self.refresh()
            self.edited.emit()
            self.editors[name].setFocus()

    def refresh(self) -> None:
        if self.model is None:
            return
        form = self.model.applicant
        lang, colours = self.lang, self.colours
        self.service_fields.colours = colours
        for name in FIELDS:
            state = form.state(name)
            lines = [
                issue_html(i, lang, i.code in state.acknowledged, colours) for i in state.issues
            ]
            if name == "nik":
                lines += self._nik_lines(state.progress if state.typing else "")
            if name in form.suggested and not state.errors:
                hint = self.tr("Diisi dari NIK: cek dengan pemohon; ketik bila berbeda.")
                lines.append(self._muted(hint))
            if name == "phone" and form.phone_normalised and not state.errors:
                saved = format_phone(form.phone_normalised)
                lines.append(self._muted(self.tr("Disimpan sebagai %1").replace("%1", saved)))
            self.messages[name].setText("<br>".join(lines))
            self.messages[name].setVisible(bool(lines))
            self.acknowledge_buttons[name].setVisible(state.status == "warning")
            style = _BORDERS.get(state.status, "")
            if self._styles.get(name) != style:
                self._styles[name] = style
                self.editors[name].setStyleSheet(style)
        self.contact_box.refresh(form, colours)

    def _nik_lines(self, progress: str) -> list[str]:
        assert self.model is not None
        lines = []
        if progress:
            lines.append(self._muted(self.tr("%1 digit").replace("%1", progress)))
        info = self.model.applicant.nik_info()
        if info is not None:
            region = ", ".join(p for p in (info.district, info.regency, info.province) if p)
            parts = [self.tr("Menurut NIK: %1").replace("%1", region)]
            if info.birth_date is not None:
                born = f"{info.birth_date:%d-%m-%Y}"
                parts.append(self.tr("lahir %1").replace("%1", born))
            if info.sex:
                parts.append(self.tr("laki-laki") if info.sex == "L" else self.tr("perempuan"))
            # The date and sex kept whole ("laki-laki" broke at its hyphen); the region wraps.
            shown = [html.escape(parts[0])] + [
                f"<span style='white-space:nowrap'>{html.escape(p)}</span>" for p in parts[1:]
            ]
            lines.append(f"<span style='color:{self.colours.muted}'>{' · '.join(shown)}</span>")
        return lines

    def _muted(self, text: str) -> str:
        return f"<span style='color:{self.colours.muted}'>{html.escape(text)}</span>"

    # --- focus ------------------------------------------------------------------------------
    def focus_first(self) -> None:
        fields = self.model.applicant.fields if self.model is not None else FIELDS
        to_fix = [n for n in (self.model.fix_fields if self.model else []) if n in fields]
        if to_fix:
            # A correction: straight to the field the verifier asked to fix.
            editor = self.editors[to_fix[0]]
            editor.setFocus()
            if isinstance(editor, QLineEdit):
                editor.selectAll()
            return
        target = next((n for n in fields if not self._value(n)), fields[0])
        self.editors[target].setFocus()

    def focus_blockers(self, blockers: list[str]) -> None:
        if self.model is None:
            return
        self.model.applicant.reveal_all()
        self.refresh()
        self.service_fields.refresh()
        first = next((n for n in FIELDS if n in blockers), None)
        extra = next((b for b in blockers if b.startswith("extra.")), None)
        if first is None and extra is not None:
            self.service_fields.focus_code(extra.removeprefix("extra."))
        if first is not None:
            editor = self.editors[first]
            editor.setFocus()
            if isinstance(editor, QLineEdit):
                editor.selectAll()

    def parts_of(self, editor: QWidget) -> list[QWidget]:
        """A field's label, box and message, to be shown together (the kiosk scrolls them
        into view); empty for what is not one of the fields."""
        for name, box in self.editors.items():
            if box is editor or box.isAncestorOf(editor):
                return [self.labels[name], box, self.messages[name]]
        return []

    def _value(self, name: str) -> str:
        return self.model.applicant.values[name] if self.model is not None else ""

    def retranslate(self) -> None:
        self.heading.setText("<h2>" + self.tr("Data pemohon") + "</h2>")
        texts = {
            "nik": self.tr("&NIK"),
            "no_kk": self.tr("N&omor KK"),
            "name": self.tr("Nam&a lengkap (sesuai KTP/KK)"),
            "birth_date": self.tr("&Tanggal lahir"),
            "sex": self.tr("&Jenis kelamin"),
            "phone": self.tr("Nomor &WhatsApp"),
            "alamat": self.tr("Alamat (jalan, nomor r&umah)"),
            "rt": self.tr("&RT"),
            "rw": self.tr("RW (rukun war&ga)"),
            "kode_wilayah": self.tr("Kelurahan/&desa"),
        }
        for name, text in texts.items():
            self.labels[name].setText(text.replace("&", "") if self.stacked else text)
            self.acknowledge_buttons[name].setText(self.tr("Sudah dicek"))
        placeholders = {
            "nik": self.tr("16 digit"),
            "no_kk": self.tr("16 digit"),
            "birth_date": self.tr("HH-BB-TTTT"),
            "phone": self.tr("08xx atau +628xx (boleh kosong)"),
            "rt": self.tr("1-3 angka, contoh 005"),
            "rw": self.tr("1-3 angka, contoh 002"),
        }
        for name, text in placeholders.items():
            editor = self.editors[name]
            if isinstance(editor, QLineEdit):
                editor.setPlaceholderText(text)
        self.contact_box.retranslate()
        self.service_fields.language = self.lang
        self.service_fields.retranslate()
        region = self.tr("Wila&yah lain…")
        self.region_button.setText(region.replace("&", "") if self.stacked else region)
        sex = self.editors["sex"]
        assert isinstance(sex, QComboBox)
        for index, text in enumerate(
            (self.tr("(sesuai NIK)"), self.tr("L — Laki-laki"), self.tr("P — Perempuan"))
        ):
            sex.setItemText(index, text)
        self.refresh()
