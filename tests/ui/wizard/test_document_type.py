"""In the wizard, before submit: a sheet whose printed title reads as another document, a card
offered as the KK page, and one image used for two documents are flagged, and can still be
accepted with a reason. The title is read in the capture's background job, not on the GUI
thread; without Tesseract only the shape is judged."""

from __future__ import annotations

import threading
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from devices import document_titles
from devices.errors import DeviceUnavailable
from devices.scanner import FakeScanner
from kiosk.accounts import Operator, Role
from resources.demo import media
from tests.ui.wizard.driver import (
    FakeDialogs,
    capture,
    close_wizard,
    focused,
    key,
    ktp_el_hilang_to_documents,
    open_wizard,
    type_text,
)
from ui.context import AppContext
from ui.screens.wizard.capture_page import CapturePage
from ui.screens.wizard.screen import WizardScreen
from ui.viewmodels import document_type
from ui.viewmodels.checklist import DocumentChecklist

pytestmark = pytest.mark.gui

FONTS = Path("/usr/share/fonts/truetype/dejavu")


def titled_sheet(title: str) -> np.ndarray:
    """A flatbed scan of an A4 landscape sheet headed `title`, with a few lines of print."""
    sheet = Image.new("RGB", (1754, 1240), (232, 230, 226))
    draw = ImageDraw.Draw(sheet)
    bold = ImageFont.truetype(str(FONTS / "DejaVuSans-Bold.ttf"), 64)
    plain = ImageFont.truetype(str(FONTS / "DejaVuSans.ttf"), 30)
    draw.text(((1754 - draw.textlength(title, font=bold)) / 2, 90), title, font=bold, fill=25)
    for row in range(14):
        line = f"{row + 1}. NIK 3171015708900001   Nama Siti Aminah   Jl. Melati No. 12"
        draw.text((140, 330 + 60 * row), line, font=plain, fill=(40, 40, 40))
    return cv2.cvtColor(np.array(sheet), cv2.COLOR_RGB2BGR)


def to_documents(qtbot: QtBot, counter: AppContext, tmp_path: Path) -> WizardScreen:
    """KTP-el hilang up to the documents step: the KK page first, then the police letter."""
    wizard = open_wizard(qtbot, counter, FakeDialogs(tmp_path / "dialogs"))
    ktp_el_hilang_to_documents(qtbot, wizard)
    return wizard


def checklist_of(page: CapturePage) -> DocumentChecklist:
    assert page.model is not None
    assert page.model.checklist is not None
    return page.model.checklist


def test_a_sheet_titled_kartu_tanda_penduduk_offered_as_the_kk_is_flagged_off_the_gui_thread(
    qtbot: QtBot, counter: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    readers: list[str] = []

    def spied(image: np.ndarray) -> tuple[str, str] | None:
        readers.append(threading.current_thread().name)
        return document_titles.read_heading(image)

    monkeypatch.setattr(document_type, "read_heading", spied)
    counter.operator = Operator("siti", "Siti Rahma", Role.SUPERVISOR)  # decides alone
    counter.devices.scanner = FakeScanner([titled_sheet("KARTU TANDA PENDUDUK")])
    wizard = to_documents(qtbot, counter, tmp_path)
    try:
        page = wizard.documents_page
        checklist = checklist_of(page)
        assert capture(qtbot, page, "scanner") == "kk"
        kk = checklist.files["kk"]
        assert kk.codes == ("wrong_title",)
        assert readers
        assert threading.main_thread().name not in readers
        assert checklist.status("kk") == "check"  # not accepted: submit waits for a decision
        shown = page.station.result.issues.text()
        assert "Terbaca sebagai KTP-el" in shown
        assert focused() is page.station.reason
        type_text(qtbot, "Lembar ini memang salinan KK yang dilegalisir")
        key(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: checklist.status("kk") == "override")
        assert checklist.files["kk"].override_reason is not None
        [override] = [f.quality_override() for f in checklist.overrides()]
        assert override.failed_checks == ("wrong_title",)
    finally:
        close_wizard(wizard, counter)


def test_the_same_sheet_for_the_police_letter_is_flagged(
    qtbot: QtBot, counter: AppContext, tmp_path: Path
) -> None:
    counter.devices.scanner = FakeScanner([titled_sheet("KARTU KELUARGA")])  # one page only
    wizard = to_documents(qtbot, counter, tmp_path)
    try:
        page = wizard.documents_page
        checklist = checklist_of(page)
        assert capture(qtbot, page, "scanner") == "kk"
        assert checklist.files["kk"].codes == ()  # a KK titled KARTU KELUARGA: fine
        assert page.station.item is not None
        assert page.station.item.code == "surat-kehilangan"  # on to the next document
        assert capture(qtbot, page, "scanner") == "surat-kehilangan"
        assert "same_image" in checklist.files["surat-kehilangan"].codes
        assert checklist.status("surat-kehilangan") == "check"
    finally:
        close_wizard(wizard, counter)


def test_without_tesseract_only_the_shape_is_judged(
    qtbot: QtBot, counter: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def absent(image: np.ndarray) -> tuple[str, str] | None:
        raise DeviceUnavailable("Tesseract OCR is not installed")

    monkeypatch.setattr(document_type, "read_heading", absent)
    card = media.document_photo(4, "ktp").image  # a KTP-el card on a desk
    counter.devices.scanner = FakeScanner([titled_sheet("KARTU TANDA PENDUDUK"), card])
    wizard = to_documents(qtbot, counter, tmp_path)
    try:
        page = wizard.documents_page
        checklist = checklist_of(page)
        assert capture(qtbot, page, "scanner") == "kk"
        assert checklist.files["kk"].codes == ()  # its title is not read: nothing said
        page.select("kk")
        assert capture(qtbot, page, "scanner") == "kk"
        assert "wrong_document" in checklist.files["kk"].codes  # a card's shape, still told
    finally:
        close_wizard(wizard, counter)
