"""'Ajukan permohonan' by touch alone at the self-service kiosk, measured on every wizard
screen (targets, text, contrast), the voice saying what each step is for."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from kiosk.applications import Status
from tests.ui.selfservice.test_touch_flow import kiosk, touch
from tests.ui.selfservice.touch_apply import CITIZEN, apply_by_touch
from ui.context import AppContext
from ui.screens.wizard.screen import WizardScreen
from ui.selfservice.session import citizen_session
from ui.selfservice.start import StartScreen

from .measure import Problem, problems, visible_parts

pytestmark = pytest.mark.gui


@pytest.fixture
def touch_kiosk(context: AppContext, fake_devices: object) -> AppContext:
    context.devices = fake_devices
    return context


def test_a_citizen_applies_by_touch_alone(qtbot: QtBot, touch_kiosk: AppContext) -> None:
    window = kiosk(qtbot, touch_kiosk)
    start = window.screens["start"]
    assert isinstance(start, StartScreen)
    voice = citizen_session(touch_kiosk).voice
    touch(qtbot, start.voice_button)
    found: dict[str, list[Problem]] = {}

    def seen(screen: QWidget, where: str) -> None:
        screen.grab()
        found[where] = problems(screen)

    number = apply_by_touch(qtbot, window, seen)
    assert {where: p for where, p in found.items() if p} == {}
    said = voice.spoken
    questions = [s for s in said if s.startswith("Jawab pertanyaan")]
    assert len(questions) == 3  # each question said with what it asks
    assert "Apakah" in questions[0] or "?" in questions[0]
    assert said.index(questions[2]) < said.index(
        next(s for s in said if s.startswith("Ini layanan"))
    )
    assert any(s.startswith("Isi data Anda") for s in said)
    assert list(CITIZEN["nik"]) == said[said.index("NIK") + 1 : said.index("NIK") + 17]
    assert said[-1].startswith("Permohonan terkirim")
    assert window.size().toTuple() == (1366, 768)  # no step pushed the window past the screen
    [row] = touch_kiosk.store.records.find_by_number(number)
    assert (row.service, row.status) == ("ktp-el-hilang", Status.SUBMITTED.value)


def test_every_wizard_screen_meets_the_floors_in_high_contrast_too(
    qtbot: QtBot, touch_kiosk: AppContext
) -> None:
    """The wizard's inline green, amber and red texts (review, receipt, capture notes) come
    from the citizen's theme: on black they keep 7:1 as every other text does."""
    window = kiosk(qtbot, touch_kiosk)
    start = window.screens["start"]
    assert isinstance(start, StartScreen)
    touch(qtbot, start.contrast_button)
    assert citizen_session(touch_kiosk).preferences.high_contrast
    found: dict[str, list[Problem]] = {}

    def seen(screen: QWidget, where: str) -> None:
        screen.grab()
        found[where] = problems(screen)

    apply_by_touch(qtbot, window, seen)
    assert {where: p for where, p in found.items() if p} == {}
    wizard = window.screens["wizard"]
    assert isinstance(wizard, WizardScreen)
    review = wizard.review_page.findChildren(QLabel)
    assert any("color:" in label.text() for label in review)  # the inline colours were measured


def test_the_citizen_sees_no_staff_status_bar_under_the_wizard(
    qtbot: QtBot, touch_kiosk: AppContext
) -> None:
    window = kiosk(qtbot, touch_kiosk)
    start = window.screens["start"]
    assert isinstance(start, StartScreen)
    touch(qtbot, start.apply_button)
    assert window.current == "wizard"
    assert not window.statusBar().isVisibleTo(window)  # only the citizen's own bar
    touch(qtbot, window.sign_out_button)
    qtbot.waitUntil(lambda: window.current == "start")
    touch(qtbot, start.staff_button)  # the staff's sign-in keeps its status line
    assert window.current == "signin"
    assert window.statusBar().isVisibleTo(window)


KEY_HINTS = ("Enter", "Ctrl+", "Alt+", "(F2)")


def test_the_citizen_reads_no_keyboard_hints_and_the_window_bar_is_touch_sized(
    qtbot: QtBot, touch_kiosk: AppContext
) -> None:
    """A citizen has no keyboard: no step tells them to press a key, and the window's own
    bar above the wizard (finish and wipe, staff) meets the same touch floors as the steps."""
    window = kiosk(qtbot, touch_kiosk)
    start = window.screens["start"]
    assert isinstance(start, StartScreen)
    hints: dict[str, list[str]] = {}
    bar: dict[str, list[Problem]] = {}

    def seen(screen: QWidget, where: str) -> None:
        texts = [w.text() for w in visible_parts(window) if isinstance(w, QAbstractButton | QLabel)]
        hints[where] = [t for t in texts if any(h in t for h in KEY_HINTS)]
        bar[where] = problems(window.nav)

    apply_by_touch(qtbot, window, seen)
    assert {where: h for where, h in hints.items() if h} == {}
    assert {where: p for where, p in bar.items() if p} == {}
    assert not window.nav_buttons["wizard"].isVisibleTo(window)  # "Kembali ke awal" does it


def test_a_contrast_change_mid_form_redraws_the_inline_messages(
    qtbot: QtBot, touch_kiosk: AppContext
) -> None:
    """Spans keep the colour they were written with: the pages write them again in the new
    theme, as on a language switch."""
    from ui.design.tokens import DEFAULT, HIGH_CONTRAST
    from ui.selfservice.wizard_touch import TouchWizard
    from ui.viewmodels.wizard import Step, WizardModel

    from .touch_apply import type_field, wait_step

    window = kiosk(qtbot, touch_kiosk)
    start = window.screens["start"]
    assert isinstance(start, StartScreen)
    touch(qtbot, start.apply_button)
    wizard = window.screens["wizard"]
    assert isinstance(wizard, WizardScreen)
    wait_step(qtbot, wizard, Step.QUESTIONS)
    for answered, index in enumerate((0, 1, 0)):
        touch(qtbot, wizard.questions.buttons[index])
        model = wizard.model
        assert model is not None

        def answered_it(m: WizardModel = model, n: int = answered) -> bool:
            return m.step is not Step.QUESTIONS or len(m.questionnaire.path) > n

        qtbot.waitUntil(answered_it)
    wait_step(qtbot, wizard, Step.SERVICE)
    touch(qtbot, wizard.footer.next_button)
    wait_step(qtbot, wizard, Step.APPLICANT)
    type_field(qtbot, wizard, "nik", "3171015708900001")  # "Menurut NIK: ..." in grey
    message = wizard.applicant_page.messages["nik"]
    qtbot.waitUntil(lambda: DEFAULT.muted_text in message.text())
    [touch_wizard] = wizard.findChildren(TouchWizard)
    touch(qtbot, touch_wizard.choices.contrast_button)
    assert HIGH_CONTRAST.muted_text in message.text()
    assert DEFAULT.muted_text not in message.text()


def test_no_step_is_wider_than_its_scroll_area(qtbot: QtBot, touch_kiosk: AppContext) -> None:
    """Seen in the screenshots: beside the keypad, the applicant's form ran on under the
    scroll bar (the hints and fields cut off at the right), held wide by the contact
    question, one line of 20 pt text. The steps scroll down only, so nothing may be wider."""
    window = kiosk(qtbot, touch_kiosk)
    too_wide: dict[str, list[str]] = {}

    def seen(screen: QWidget, where: str) -> None:
        cut = [
            f"{area.objectName() or type(area).__name__}: {body.width()} px"
            f" in {area.viewport().width()}"
            for area in screen.findChildren(QScrollArea)
            if area.isVisible()
            and (body := area.widget()) is not None
            and body.width() > area.viewport().width()
        ]
        if cut:
            too_wide[where] = cut

    apply_by_touch(qtbot, window, seen)
    assert too_wide == {}


def test_the_nik_and_kk_fields_hold_16_digits(qtbot: QtBot, touch_kiosk: AppContext) -> None:
    """Seen in the screenshots: with the labels beside the fields, next to the touch panel,
    the NIK field showed 13 of its 16 digits."""
    window = kiosk(qtbot, touch_kiosk)
    wizard = window.screens["wizard"]
    assert isinstance(wizard, WizardScreen)
    narrow: dict[str, int] = {}

    def seen(screen: QWidget, where: str) -> None:
        if where.startswith("applicant"):
            for name in ("nik", "no_kk"):
                editor = wizard.applicant_page.editors[name]
                if editor.width() < editor.fontMetrics().horizontalAdvance("0" * 16) + 24:
                    narrow[f"{where}: {name}"] = editor.width()

    apply_by_touch(qtbot, window, seen)
    assert narrow == {}
