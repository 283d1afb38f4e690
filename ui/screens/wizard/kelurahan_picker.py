"""The kelurahan/desa field of the applicant step: the NIK's kecamatan offered first, completed
from a few letters of the name (Enter takes the first match), a code typed as it is, or one
picked from provinsi down in the region dialog. It hands the form a code, which the form checks
against the wilayah data (kiosk/validation/address.py)."""

from __future__ import annotations

import re

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

from kiosk.wilayah import default_wilayah
from ui.screens.wizard.region_dialog import RegionDialog

_CODE = re.compile(r"\d{2}\.\d{2}\.\d{2}\.\d{4}")


class KelurahanPicker(QComboBox):
    code_edited = Signal(str)
    """What was typed or chosen, as a code where it names one."""
    entered = Signal()
    left = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        line = self.lineEdit()
        assert line is not None
        line.textEdited.connect(lambda text: self.code_edited.emit(self.code_of(text)))
        line.returnPressed.connect(self._entered)
        line.editingFinished.connect(self.left.emit)
        self.activated.connect(self._chosen)
        self.offered_kecamatan = ""

    def offer(self, kecamatan: str) -> None:
        """Lists the kelurahan/desa of a kecamatan ("31.71.01"; "" for none), keeping the text."""
        if kecamatan == self.offered_kecamatan:
            return
        self.offered_kecamatan = kecamatan
        text = self.currentText()
        self.blockSignals(True)
        self.clear()
        for village in default_wilayah().villages(kecamatan) if kecamatan else []:
            self.addItem(f"{village.name} ({village.code})", village.code)
        self.setCurrentIndex(-1)
        self.setEditText(text)
        self.blockSignals(False)

    def show_code(self, code: str) -> None:
        """Shows a code as its offered entry ("Gambir (31.71.01.1001)"); a code not offered
        (carried over from a jemput bola visit before any NIK is typed) with its name from the
        wilayah data the same way, or as it is when the data does not know it."""
        index = self.findData(code) if code else -1
        text = self.itemText(index) if index >= 0 else code
        if index < 0 and _CODE.fullmatch(code):
            region = default_wilayah().village(code)
            if region is not None:
                text = f"{region.name} ({code})"
        self.blockSignals(True)
        self.setCurrentIndex(index)
        self.setEditText(text)
        self.blockSignals(False)

    def code_of(self, text: str) -> str:
        """The kelurahan code in what was typed: a code, or the name of an offered one."""
        found = _CODE.search(text)
        if found:
            return found.group(0)
        wanted = text.strip().casefold()
        for index in range(self.count()):
            if wanted and self._name(index) == wanted:
                return str(self.itemData(index))
        return text.strip()

    def pick_region(self) -> str | None:
        """A kelurahan outside the NIK's kecamatan: provinsi down to kelurahan/desa."""
        start = self.code_of(self.currentText()) or self.offered_kecamatan
        dialog = RegionDialog(self.window(), start=start)
        if dialog.exec() and dialog.chosen_code:
            self.setEditText(dialog.combos["kelurahan"].currentText())
            return dialog.chosen_code
        return None

    def _entered(self) -> None:
        """Enter takes what the text names (completed or not), else the first offered
        kelurahan whose name starts with what was typed; then the form goes on."""
        text = self.currentText()
        index = self.findData(self.code_of(text))
        typed = text.strip().casefold()
        if index < 0 and typed:
            index = next((i for i in range(self.count()) if self._name(i).startswith(typed)), -1)
        if index >= 0:
            self.setCurrentIndex(index)
            self._chosen(index)
        else:
            self.code_edited.emit(self.code_of(text))
        self.entered.emit()

    def _chosen(self, index: int) -> None:
        code = self.itemData(index)
        if code:
            self.setEditText(self.itemText(index))
            self.code_edited.emit(str(code))

    def _name(self, index: int) -> str:
        return self.itemText(index).split(" (")[0].casefold()
