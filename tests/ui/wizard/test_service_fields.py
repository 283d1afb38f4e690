"""The address outside the NIK's kecamatan and the service's own fields (issue 13, point 3).

SKPWNI (pindah keluar) asks for the address and, as its catalog entry declares, the
destination: the wizard shows those fields, checks them as typed (an unknown region code is
red and blocks), offers the provinsi -> kelurahan picker for both, and the values reach the
application.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

from tests.ui.wizard.driver import answer, focused, key, type_text, wait_step
from tests.ui.wizard.test_full_flow import SITI
from ui.screens.wizard import kelurahan_picker, service_fields_box
from ui.screens.wizard.region_dialog import RegionDialog
from ui.screens.wizard.screen import WizardScreen
from ui.viewmodels.review import build_review
from ui.viewmodels.service_fields import ServiceFieldsForm
from ui.viewmodels.wizard import Step

pytestmark = pytest.mark.gui

SURABAYA_KELURAHAN = "35.78.01.1001"  # Karang Pilang, Kota Surabaya: far from the NIK's 31.71.01


def test_the_region_dialog_starts_at_the_nik_kecamatan_and_walks_to_another_province(
    qtbot: QtBot,
) -> None:
    dialog = RegionDialog(start="31.71.01")
    qtbot.addWidget(dialog)
    assert dialog.combos["kecamatan"].currentData() == "31.71.01"
    assert dialog.chosen_code.startswith("31.71.01.")
    dialog.select(SURABAYA_KELURAHAN)
    assert dialog.combos["provinsi"].currentData() == "35"
    assert dialog.combos["kabupaten"].currentData() == "35.78"
    assert dialog.chosen_code == SURABAYA_KELURAHAN
    assert dialog.choose_button.isEnabled()
    assert dialog.windowTitle() == "Pilih wilayah"


def test_an_unknown_destination_code_blocks_and_a_known_one_is_carried(qtbot: QtBot) -> None:
    from kiosk.catalog import load_catalog

    specs = load_catalog().service("pindah-keluar").extra_fields
    form = ServiceFieldsForm()
    form.set_specs(specs)
    form.set_value("kode_wilayah_tujuan", "99.99.99.9999")
    assert form.error_fields() == ["extra.kode_wilayah_tujuan"]
    [issue] = form.issues("kode_wilayah_tujuan")
    assert "tidak ada di data wilayah" in issue.message_id
    form.set_value("kode_wilayah_tujuan", SURABAYA_KELURAHAN)
    form.set_value("alamat_tujuan", "  Jl. Kenanga   3 ")
    assert form.error_fields() == []
    assert form.to_extra() == {
        "kode_wilayah_tujuan": SURABAYA_KELURAHAN,
        "alamat_tujuan": "Jl. Kenanga 3",
    }


class ChoosingSurabaya(RegionDialog):
    """The picker as a petugas uses it, answered at once (exec would wait for a person)."""

    def exec(self) -> int:
        self.select(SURABAYA_KELURAHAN)
        return 1


def test_skpwni_asks_for_an_address_anywhere_and_the_destination(
    qtbot: QtBot, wizard: WizardScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kelurahan_picker, "RegionDialog", ChoosingSurabaya)
    monkeypatch.setattr(service_fields_box, "RegionDialog", ChoosingSurabaya)
    answer(qtbot, wizard, 6, 1)  # pindah -> keluar (SKPWNI)
    wait_step(qtbot, wizard, Step.SERVICE)
    key(qtbot, Qt.Key.Key_Return)
    wait_step(qtbot, wizard, Step.APPLICANT)
    page = wizard.applicant_page
    model = wizard.model
    assert model is not None
    for name in ("nik", "no_kk", "name", "phone", "alamat", "rt", "rw"):  # over the NIK's
        assert focused() is page.editors[name], name
        value = {**SITI, "phone": ""}.get(name, "")
        if value:
            type_text(qtbot, value if name != "sex" else value[0])
        key(qtbot, Qt.Key.Key_Return)
    # The NIK's kecamatan is offered first; the citizen lives elsewhere: "Wilayah lain...".
    picker = page.editors["kode_wilayah"]
    assert isinstance(picker, QComboBox)
    assert picker.count() > 0
    assert str(picker.itemData(0)).startswith("31.71.01.")
    key(qtbot, Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier)  # a mnemonic clicks animated
    qtbot.waitUntil(lambda: model.applicant.values["kode_wilayah"] == SURABAYA_KELURAHAN)
    assert "Karang Pilang" in picker.currentText()
    # The destination fields follow the address, in catalog order.
    box = page.service_fields
    assert box.isVisible()
    assert [s.code for s in model.applicant.service_fields.specs] == [
        "alamat_tujuan",
        "kode_wilayah_tujuan",
        "alasan_pindah",
    ]
    box.editors["alamat_tujuan"].setFocus()
    type_text(qtbot, "Jl. Kenanga 3")
    key(qtbot, Qt.Key.Key_Return)
    assert focused() is box.editors["kode_wilayah_tujuan"]
    type_text(qtbot, "99.99.99.9999")
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Lanjut: refused
    assert model.step is Step.APPLICANT
    assert "tidak ada di data wilayah" in box.messages["kode_wilayah_tujuan"].text()
    assert focused() is box.editors["kode_wilayah_tujuan"]
    qtbot.mouseClick(box._pickers["kode_wilayah_tujuan"], Qt.MouseButton.LeftButton)
    assert box.editors["kode_wilayah_tujuan"].text() == SURABAYA_KELURAHAN
    assert "Karang Pilang" in box.messages["kode_wilayah_tujuan"].text()
    applicant = model.applicant.to_applicant()
    assert applicant.address is not None
    assert applicant.address["kode_wilayah"] == SURABAYA_KELURAHAN
    assert applicant.extra["kode_wilayah_tujuan"] == SURABAYA_KELURAHAN
    assert applicant.extra["alamat_tujuan"] == "Jl. Kenanga 3"
    assert model.blockers() == []
    review = build_review(model)
    assert [(label.id, value) for label, value in review.service_fields] == [
        ("Alamat tujuan", "Jl. Kenanga 3"),
        ("Kode kelurahan/desa tujuan", SURABAYA_KELURAHAN),
        ("Alasan pindah", ""),
    ]
    # A draft keeps them.
    data, _ = model.to_draft()
    assert data["applicant"]["service_fields"]["values"]["alamat_tujuan"] == "Jl. Kenanga 3"
    assert QApplication.activeModalWidget() is None
