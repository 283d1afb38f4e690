"""Planning one visit by hand: the Visits screen's "Tambah kunjungan" form.

Name or household, street, RT/RW, the kelurahan/desa (the wizard's own picker: a few letters of
a name in the kecamatan last visited, a code typed as it is, or provinsi down in the region
dialog), category, planned day (today or later, with a calendar) and notes. The form only
collects text: the Visits screen stores it on a worker through kiosk.field, which checks it as
the CSV import checks a row and seals it; a refusal comes back here beside the field it names
and the form stays open with what was typed.

Keyboard only works: Tab goes down the form, Enter saves, Esc cancels.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.field.visits import (
    CATEGORY_LABELS,
    MAX_NAME,
    MAX_NOTES,
    VisitCategory,
    VisitInvalid,
    VisitPlan,
)
from kiosk.validation.address import MAX_ALAMAT
from ui.context import AppContext
from ui.design.tokens import DEFAULT
from ui.screens.visits_postpone import DAY_FORMAT, qdate
from ui.screens.wizard.kelurahan_picker import KelurahanPicker
from ui.screens.wizard.widgets import error_text, language
from ui.viewmodels.visits import add_visit

ERROR_STYLE = f"color: {DEFAULT.error}; font-weight: bold;"
FIELDS = (
    ("name", "visit-add-name"),
    ("household", "visit-add-household"),
    ("address.alamat", "visit-add-address"),
    ("address.rt", "visit-add-rt"),
    ("address.rw", "visit-add-rw"),
    ("address.kode_wilayah", "visit-add-kelurahan"),
    ("category", "visit-add-category"),
    ("planned_on", "visit-add-date"),
    ("notes", "visit-add-notes"),
)
"""Each field as kiosk.field names it in a refusal, and its editor's objectName."""


class AddVisitDialog(QDialog):
    added = Signal(str)
    """The id of the visit stored; the form closes itself."""

    def __init__(
        self, parent: QWidget, context: AppContext, *, today: date, kecamatan: str = ""
    ) -> None:
        super().__init__(parent)
        self.setObjectName("visit-add-dialog")
        self.setMinimumWidth(700)  # fits a 1024x768 screen with room around it
        self.context = context
        self.lang = lang = language(context)
        self.today = today
        self.saving = False
        layout = QVBoxLayout(self)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        self.name = QLineEdit(self)
        self.name.setMaxLength(MAX_NAME)
        self.household = QLineEdit(self)
        self.household.setMaxLength(MAX_NAME)
        self.alamat = QLineEdit(self)
        self.alamat.setMaxLength(MAX_ALAMAT)
        self.rt = QLineEdit(self)
        self.rw = QLineEdit(self)
        for part in (self.rt, self.rw):
            part.setMaxLength(3)
            part.setMaximumWidth(80)
        self.kelurahan = KelurahanPicker(self)
        self.kelurahan.offer(kecamatan)
        self.pick_button = QPushButton(self)
        self.pick_button.setObjectName("visit-add-kelurahan-pick")
        self.pick_button.setAutoDefault(False)
        self.pick_button.clicked.connect(self.pick_region)
        self.category = QComboBox(self)
        for category, labels in CATEGORY_LABELS.items():
            self.category.addItem(labels[1 if lang == "en" else 0], category.value)
        self.category.setCurrentIndex(-1)
        self.day = QDateEdit(self)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat(DAY_FORMAT)
        self.day.setMinimumDate(qdate(today))
        self.day.setDate(qdate(today))
        self.notes = QLineEdit(self)
        self.notes.setMaxLength(MAX_NOTES)
        editors: tuple[QWidget, ...] = (
            self.name,
            self.household,
            self.alamat,
            self.rt,
            self.rw,
            self.kelurahan,
            self.category,
            self.day,
            self.notes,
        )
        self.editors: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self.messages: dict[str, QLabel] = {}
        for row, ((field, object_name), editor) in enumerate(zip(FIELDS, editors, strict=True)):
            editor.setObjectName(object_name)
            label = QLabel(self)
            label.setBuddy(editor)
            message = QLabel(self)
            message.setObjectName(f"{object_name}-message")
            message.setWordWrap(True)
            message.setStyleSheet(ERROR_STYLE)
            message.hide()
            grid.addWidget(label, 2 * row, 0)
            if editor in (self.rt, self.rw):
                grid.addWidget(editor, 2 * row, 1, Qt.AlignmentFlag.AlignLeft)
            else:
                grid.addWidget(editor, 2 * row, 1)
            grid.addWidget(message, 2 * row + 1, 1, 1, 2)
            self.editors[field], self.labels[field], self.messages[field] = editor, label, message
        grid.addWidget(self.pick_button, 2 * editors.index(self.kelurahan), 2)
        layout.addLayout(grid)
        self.message = QLabel(self)
        self.message.setObjectName("visit-add-message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("visit-add-save")
        self.save_button.setDefault(True)
        self.cancel_button = buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setObjectName("visit-add-cancel")
        self.cancel_button.setAutoDefault(False)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        order = [*editors[:6], self.pick_button, *editors[6:], self.save_button, self.cancel_button]
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)
        self.retranslate()
        self.name.setFocus()

    def pick_region(self) -> None:
        """A kelurahan from provinsi down (the wizard's region dialog); its kecamatan is then
        offered for typing."""
        code = self.kelurahan.pick_region()
        if code:
            self.kelurahan.offer(code[:8])
            self.kelurahan.show_code(code)
        self.kelurahan.setFocus()

    def plan(self) -> VisitPlan | None:
        """What was typed, or None (the category asked for) when no category is chosen."""
        category = self.category.currentData()
        if not category:
            self._show("category", self.tr("Pilih kategori kunjungan"), "")
            return None
        picked = self.day.date()
        return VisitPlan(
            category=VisitCategory(category),
            planned_on=date(picked.year(), picked.month(), picked.day()),
            address={
                "alamat": self.alamat.text(),
                "rt": self.rt.text(),
                "rw": self.rw.text(),
                "kode_wilayah": self.kelurahan.code_of(self.kelurahan.currentText()),
            },
            name=self.name.text(),
            household=self.household.text(),
            notes=self.notes.text(),
        )

    def save(self) -> None:
        operator = self.context.operator
        self._clear()
        plan = self.plan()
        if plan is None or operator is None or self.saving:
            return
        self.saving = True
        self.save_button.setEnabled(False)
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Menyimpan..."))
        self.context.tasks.run(
            add_visit,
            self.context.store,
            plan,
            operator.username,
            self.today,
            on_done=self._saved,
            on_error=self._refused,
        )

    def _saved(self, visit_id: str) -> None:
        self.saving = False
        self.accept()
        self.added.emit(visit_id)

    def _refused(self, error: Exception) -> None:
        """Said beside the field kiosk.field names; nothing was stored."""
        self.saving = False
        self.save_button.setEnabled(True)
        if isinstance(error, VisitInvalid):
            text = error.message_en if self.lang == "en" else error.message_id
            self._show(error.field, text, "")
            return
        fallback = self.tr("Terjadi kesalahan tak terduga; tidak ada data yang hilang.")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(error_text(error, self.lang, fallback))

    def reject(self) -> None:
        """Esc or Batal; not while the visit is being stored (it closes when stored)."""
        if not self.saving:
            super().reject()

    def _show(self, field: str, text: str, general: str) -> None:
        label = self.messages.get(field)
        if label is None:
            general = text  # a field the form has no line for
        else:
            label.setText(text)
            label.show()
            self.editors[field].setFocus()
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(general or self.tr("Belum disimpan; perbaiki yang ditandai."))

    def _clear(self) -> None:
        for label in self.messages.values():
            label.clear()
            label.hide()
        self.message.clear()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Tambah kunjungan"))
        texts = {
            "name": self.tr("&Nama"),
            "household": self.tr("atau &keluarga"),
            "address.alamat": self.tr("&Alamat"),
            "address.rt": self.tr("R&T"),
            "address.rw": self.tr("&RW"),
            "address.kode_wilayah": self.tr("Kel&urahan/desa"),
            "category": self.tr("Kat&egori"),
            "planned_on": self.tr("Tan&ggal kunjungan"),
            "notes": self.tr("&Catatan"),
        }
        for field, text in texts.items():
            self.labels[field].setText(text)
        self.category.setPlaceholderText(self.tr("Pilih kategori"))
        self.kelurahan.setToolTip(
            self.tr("Ketik nama atau kode kelurahan/desa, atau pilih wilayah lain.")
        )
        self.pick_button.setText(self.tr("Pilih &wilayah..."))
        self.notes.setPlaceholderText(self.tr("Disimpan terenkripsi"))
        self.save_button.setText(self.tr("&Simpan (Enter)"))
        self.cancel_button.setText(self.tr("Batal (Esc)"))
