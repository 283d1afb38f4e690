"""Applying at the self-service kiosk by touch alone (mouse clicks, no key events): the start
screen's "Ajukan permohonan", the guiding questions, the service, the applicant's data on the
on-screen keypad and keyboard, the kelurahan picked from big buttons, the documents captured
with the (fake) camera and scanner, review, submit, receipt. Each wizard screen on the way is
handed to `seen` (the tests measure it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from PySide6.QtWidgets import QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.selfservice.test_touch_flow import touch
from ui.main_window import MainWindow
from ui.screens.wizard.screen import WizardScreen
from ui.selfservice.session import citizen_session
from ui.selfservice.start import StartScreen
from ui.selfservice.touch_input import TouchInputPanel
from ui.viewmodels.wizard import Step, WizardModel

SLOW = 30_000
CITIZEN = {
    "nik": "3171015708900001",
    "no_kk": "3171010101100002",
    "name": "SITI AMINAH",
    "phone": "081234567890",
    "alamat": "JL. MELATI NO. 12",
    "rt": "1",
    "rw": "2",
}
"""What the citizen types; birth date and sex come from the NIK, the kelurahan is picked."""
KELURAHAN = "31.71.01.1001"


def wait_step(qtbot: QtBot, wizard: WizardScreen, step: Step, timeout: int = 10_000) -> None:
    qtbot.waitUntil(
        lambda: (
            wizard.model is not None
            and wizard.model.step is step
            and wizard.page is wizard.pages[step]
        ),
        timeout=timeout,
    )


def panel_of(wizard: WizardScreen) -> TouchInputPanel:
    panel = wizard.findChild(TouchInputPanel)
    assert panel is not None
    return panel


def type_field(qtbot: QtBot, wizard: WizardScreen, name: str, text: str) -> None:
    """Touches the field, then its keys on the panel beside the form."""
    editor = wizard.applicant_page.editors[name]
    assert isinstance(editor, QLineEdit)
    panel = panel_of(wizard)
    touch(qtbot, editor)
    qtbot.waitUntil(lambda: panel.editor is editor)
    if panel.keypad.isVisible():
        assert text.isdigit(), name
        for digit in text:
            touch(qtbot, panel.keypad.keys[digit])
    else:
        for char in text:
            touch(qtbot, panel.keyboard.keys[char])


def apply_by_touch(qtbot: QtBot, window: MainWindow, seen: Callable[[QWidget, str], None]) -> str:
    """Makes a KTP-el hilang application by touch; returns its receipt number."""
    wizard = touch_to_review(qtbot, window, seen)
    touch(qtbot, wizard.footer.next_button)
    wait_step(qtbot, wizard, Step.RECEIPT, timeout=SLOW)
    qtbot.waitUntil(wizard.receipt_page.ready, timeout=SLOW)
    seen(wizard, "receipt")
    assert wizard.model is not None
    number = wizard.model.number
    assert number is not None
    return number


def touch_to_applicant(
    qtbot: QtBot, window: MainWindow, seen: Callable[[QWidget, str], None]
) -> WizardScreen:
    """From the start screen to the (empty) applicant step of a KTP-el hilang application."""
    touch(qtbot, cast(StartScreen, window.screens["start"]).apply_button)
    wizard = cast(WizardScreen, window.screens["wizard"])
    wait_step(qtbot, wizard, Step.QUESTIONS)
    voice = citizen_session(window.context).voice
    if voice.enabled:  # said once the window's activate() has put up the first question
        qtbot.waitUntil(lambda: voice.spoken[-1].startswith("Jawab pertanyaan"))
    for answered, index in enumerate((0, 1, 0)):  # KTP-el -> sudah pernah rekam -> hilang
        model = wizard.model
        assert model is not None
        seen(wizard, f"question {answered + 1}")
        touch(qtbot, wizard.questions.buttons[index])

        def answered_it(m: WizardModel = model, n: int = answered) -> bool:
            return m.step is not Step.QUESTIONS or len(m.questionnaire.path) > n

        qtbot.waitUntil(answered_it)
    wait_step(qtbot, wizard, Step.SERVICE)
    assert "KTP-el hilang" in wizard.service_page.heading.text()
    seen(wizard, "service")
    touch(qtbot, wizard.footer.next_button)
    wait_step(qtbot, wizard, Step.APPLICANT)
    return wizard


def touch_to_review(
    qtbot: QtBot, window: MainWindow, seen: Callable[[QWidget, str], None]
) -> WizardScreen:
    """Touches a KTP-el hilang application up to its review; returns the wizard."""
    wizard = touch_to_applicant(qtbot, window, seen)
    panel = panel_of(wizard)
    for name, text in CITIZEN.items():
        type_field(qtbot, wizard, name, text)
        if name == "nik":
            seen(wizard, "applicant: keypad")
        if name == "name":
            seen(wizard, "applicant: keyboard")
    picker = wizard.applicant_page.editors["kode_wilayah"]
    touch(qtbot, picker)
    qtbot.waitUntil(lambda: panel.combo is picker)
    seen(wizard, "applicant: kelurahan picker")
    [option] = [b for b in panel.option_buttons if KELURAHAN in b.text()]
    touch(qtbot, option)
    assert wizard.model is not None
    values = wizard.model.applicant.values
    assert values["kode_wilayah"] == KELURAHAN
    touch(qtbot, wizard.footer.next_button)
    wait_step(qtbot, wizard, Step.DOCUMENTS)
    page = wizard.documents_page
    station = page.station
    checklist = wizard.model.checklist
    assert checklist is not None
    qtbot.waitUntil(lambda: station.camera.can_capture, timeout=SLOW)
    seen(wizard, "documents: camera")
    touch(qtbot, station.shutter_button)
    qtbot.waitUntil(lambda: "kk" in checklist.files, timeout=SLOW)
    qtbot.waitUntil(lambda: station.item is not None and station.item.code == "surat-kehilangan")
    touch(qtbot, station.scan_button)
    qtbot.waitUntil(lambda: "surat-kehilangan" in checklist.files, timeout=SLOW)
    assert checklist.complete("documents")
    touch(qtbot, wizard.footer.next_button)
    wait_step(qtbot, wizard, Step.REVIEW)
    qtbot.waitUntil(lambda: wizard.review_page.summary is not None)
    seen(wizard, "review")
    return wizard
