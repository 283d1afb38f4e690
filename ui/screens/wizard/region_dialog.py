"""Choosing a kelurahan/desa anywhere in Indonesia: provinsi -> kabupaten/kota -> kecamatan ->
kelurahan/desa, from the wilayah data (current edition).

For an address outside the NIK's kecamatan (the applicant page offers that one first) and for
a service's region fields (the SKPWNI destination). Keyboard only works: Alt+letter or Tab to
each list, typing a name's first letters selects it, Enter chooses, Esc cancels.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from kiosk.wilayah import Region, default_wilayah

LEVELS = ("provinsi", "kabupaten", "kecamatan", "kelurahan")
_CODE_LENGTHS = (2, 5, 8, 13)


class RegionDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, *, start: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("region-dialog")
        self.setWindowTitle(self.tr("Pilih wilayah"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        self.hint = QLabel(
            self.tr("Pilih dari atas ke bawah. Ketik huruf awal nama untuk melompat.")
        )
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        form = QFormLayout()
        self.combos: dict[str, QComboBox] = {}
        labels = (
            self.tr("&Provinsi"),
            self.tr("&Kabupaten/kota"),
            self.tr("K&ecamatan"),
            self.tr("Kelurahan/&desa"),
        )
        for level, text in zip(LEVELS, labels, strict=True):
            combo = QComboBox(self)
            combo.setObjectName(f"region-{level}")
            label = QLabel(text, self)
            label.setBuddy(combo)
            form.addRow(label, combo)
            self.combos[level] = combo
        layout.addLayout(form)
        buttons = QDialogButtonBox(self)
        self.choose_button = buttons.addButton(
            self.tr("Pilih"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = buttons.addButton(
            self.tr("Batal"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.choose_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for index, level in enumerate(LEVELS[:-1]):
            self.combos[level].currentIndexChanged.connect(
                lambda _i, child=LEVELS[index + 1]: self._fill(child)
            )
        self.combos["kelurahan"].currentIndexChanged.connect(self._update_choose)
        self._fill("provinsi")
        self.select(start)
        self.combos["provinsi"].setFocus()

    def _parent_code(self, level: str) -> str:
        index = LEVELS.index(level)
        if index == 0:
            return ""
        data = self.combos[LEVELS[index - 1]].currentData()
        return str(data) if data else ""

    def _fill(self, level: str) -> None:
        combo = self.combos[level]
        parent = self._parent_code(level)
        regions: list[Region]
        if level == "provinsi":
            regions = default_wilayah().children("")
        elif not parent:
            regions = []
        elif level == "kelurahan":
            regions = default_wilayah().villages(parent)
        else:
            regions = default_wilayah().children(parent)
        combo.blockSignals(True)
        combo.clear()
        for region in regions:
            combo.addItem(f"{region.name} ({region.code})", region.code)
        combo.setCurrentIndex(0 if regions else -1)
        combo.setEnabled(bool(regions))
        combo.blockSignals(False)
        following = LEVELS.index(level) + 1
        if following < len(LEVELS):
            self._fill(LEVELS[following])
        else:
            self._update_choose()

    def _update_choose(self) -> None:
        self.choose_button.setEnabled(bool(self.chosen_code))

    def select(self, code: str) -> None:
        """Preselects as far as `code` goes (a kecamatan such as the NIK's, or a kelurahan)."""
        for level, length in zip(LEVELS, _CODE_LENGTHS, strict=True):
            if len(code) < length:
                return
            combo = self.combos[level]
            index = combo.findData(code[:length])
            if index < 0:
                return
            combo.setCurrentIndex(index)  # fills the levels below

    @property
    def chosen_code(self) -> str:
        data = self.combos["kelurahan"].currentData()
        return str(data) if data else ""
