"""The self-service flow by touch only (mouse clicks, no key events), with the voice on
Qt's `mock` speech engine: the survey from the start screen, the citizen's choices, the
spoken texts in order, and the wipe for the next person."""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.settings import Profile
from ui.context import AppContext
from ui.design.tokens import TextSize
from ui.main_window import MainWindow
from ui.selfservice.keypad import Keypad, grouped
from ui.selfservice.session import SPEECH_ENGINE_KEY, citizen_session
from ui.selfservice.start import StartScreen
from ui.selfservice.survey import EXTRAS_PAGE, THANKS_PAGE, SurveyScreen


def touch(qtbot: QtBot, button: QWidget) -> None:
    """A tap: a mouse click on a button, or on a field to type into."""
    assert button.isVisible(), button.objectName()
    assert button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def kiosk(qtbot: QtBot, context: AppContext) -> MainWindow:
    context.settings.profile = Profile.SELFSERVICE
    context.extras[SPEECH_ENGINE_KEY] = "mock"
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.setWindowState(Qt.WindowState.WindowNoState)  # the test screen is smaller: unmaximise
    window.resize(1366, 768)
    window.show()
    qtbot.waitUntil(lambda: window.current == "start")
    return window


def test_the_survey_by_touch_with_voice_guidance(qtbot: QtBot, context: AppContext) -> None:
    window = kiosk(qtbot, context)
    start = cast(StartScreen, window.screens["start"])
    voice = citizen_session(context).voice
    touch(qtbot, start.voice_button)
    assert voice.enabled
    assert voice.spoken == [start.intro()]
    assert "Selamat datang" in voice.spoken[0]
    touch(qtbot, start.repeat_button)  # "Ulangi" says it again
    assert voice.spoken[-1] == voice.spoken[0]
    touch(qtbot, start.survey_button)
    survey = cast(SurveyScreen, window.screens["survey"])
    assert window.current == "survey"
    assert voice.spoken[-1].startswith("Pertanyaan 1 dari 9.")
    assert "persyaratan" in voice.spoken[-1]
    for score in (4, 3, 4, 4, 3, 4, 4, 3):
        touch(qtbot, survey.face_buttons[score - 1])
    assert voice.spoken[-1].startswith("Pertanyaan 9 dari 9.")
    assert "sarana dan prasarana" in voice.spoken[-1]
    touch(qtbot, survey.back_button)  # a change of mind on question 8
    assert survey.progress.text() == "Pertanyaan 8 dari 9"
    touch(qtbot, survey.face_buttons[2])
    touch(qtbot, survey.face_buttons[3])
    assert survey.pages.currentIndex() == EXTRAS_PAGE  # optional: suggestion, sex, age
    assert voice.spoken[-1].startswith("Boleh dilewati")
    for char in "ANTRE CEPAT":
        touch(qtbot, survey.keyboard.keys[char])
    touch(qtbot, survey.keyboard.delete_button)
    touch(qtbot, survey.choice_buttons["sex"]["P"])
    touch(qtbot, survey.choice_buttons["age_band"]["65+"])
    touch(qtbot, survey.choice_buttons["education"]["sma"])
    touch(qtbot, survey.choice_buttons["job"]["wirausaha"])
    touch(qtbot, survey.choice_buttons["job"]["lainnya"])  # a change of mind: one job only
    touch(qtbot, survey.send_button)
    qtbot.waitUntil(lambda: survey.pages.currentIndex() == THANKS_PAGE)
    assert voice.spoken[-1].startswith("Terima kasih")
    numbers = [int(s.split(" dari ")[0].rsplit(" ", 1)[-1]) for s in voice.spoken[2:-2]]
    assert numbers == [1, 2, 3, 4, 5, 6, 7, 8, 9, 8, 9]  # every page said, in order
    report = context.store.survey.report(_this_month()).as_dict()
    assert report["respondents"] == 1
    assert report["elements"] == [4.0, 3.0, 4.0, 4.0, 3.0, 4.0, 4.0, 3.0, 4.0]
    [sent] = context.store.survey.pending(10)
    answer = sent.answer
    assert (answer.suggestion, answer.sex, answer.age_band, answer.education, answer.job) == (
        "ANTRE CEPA",
        "P",
        "65+",
        "sma",
        "lainnya",
    )
    touch(qtbot, survey.done_button)
    assert window.current == "start"


def _this_month() -> str:
    from datetime import datetime

    return datetime.now().astimezone().strftime("%Y-%m")


def test_the_citizens_choices_apply_and_are_reset_for_the_next_person(
    qtbot: QtBot, context: AppContext
) -> None:
    window = kiosk(qtbot, context)
    start = cast(StartScreen, window.screens["start"])
    session = citizen_session(context)
    body_pt = start.survey_button.font().pointSizeF()
    touch(qtbot, start.text_size_button)
    assert session.preferences.text_size is TextSize.LARGE
    assert start.hint.font().pointSizeF() == TextSize.LARGE
    assert start.survey_button.font().pointSizeF() > body_pt
    touch(qtbot, start.contrast_button)
    assert start.contrast_button.isChecked()
    assert "#000000" in start.styleSheet()
    touch(qtbot, start.language_button)
    assert start.survey_button.text() == "Fill in the survey"
    touch(qtbot, start.voice_button)
    touch(qtbot, start.survey_button)
    survey = cast(SurveyScreen, window.screens["survey"])
    touch(qtbot, survey.face_buttons[0])
    touch(qtbot, survey.face_buttons[1])
    assert survey.scores == [1, 2]
    # The citizen walks away: the idle countdown runs out.
    window.idle._start_countdown()
    window.idle.left = 1
    with qtbot.waitSignal(window.idle.locked, timeout=3000):
        pass
    qtbot.waitUntil(lambda: window.current == "start")
    assert survey.scores == []
    assert survey.progress.text() == "Pertanyaan 1 dari 9"
    assert session.preferences.text_size is TextSize.NORMAL
    assert not session.preferences.high_contrast
    assert not session.voice.enabled
    assert start.survey_button.text() == "Isi survei"
    assert not start.contrast_button.isChecked()
    assert start.hint.font().pointSizeF() == TextSize.NORMAL
    assert context.store.survey.report(_this_month()).respondents == 0  # half a survey: nothing


def test_the_keypad_groups_digits_four_by_four_and_reads_them_out(qtbot: QtBot) -> None:
    keypad = Keypad()
    qtbot.addWidget(keypad)
    keypad.show()
    typed: list[str] = []
    keypad.digit_typed.connect(typed.append)
    for digit in "3171015708900001":
        touch(qtbot, keypad.keys[digit])
    touch(qtbot, keypad.keys["9"])  # a 17th digit is not taken
    assert keypad.digits == "3171015708900001"
    assert keypad.display.text() == "3171 0157 0890 0001"
    assert typed == list("3171015708900001")
    touch(qtbot, keypad.delete_button)
    assert keypad.display.text() == "3171 0157 0890 000_"
    touch(qtbot, keypad.clear_button)
    assert keypad.digits == ""
    assert grouped("317101") == "3171 01"


def _type(qtbot: QtBot, keypad: Keypad, digits: str) -> None:
    for digit in digits:
        touch(qtbot, keypad.keys[digit])


def _all_text(window: MainWindow) -> str:
    from PySide6.QtWidgets import QLabel

    return " ".join(label.text() for label in window.findChildren(QLabel))


def test_status_check_by_keypad_shows_only_the_holders_status(
    qtbot: QtBot, context: AppContext
) -> None:
    from tests.helpers.applications import ktp_el_hilang, rejected_by_server
    from ui.selfservice.status import StatusScreen

    store = context.store
    mine = store.submission.submit(ktp_el_hilang(1))
    rejected_by_server(store.records, mine.id)
    nik = ktp_el_hilang(1).applicant.nik
    day, _device, sequence = mine.number.split("-")
    window = kiosk(qtbot, context)
    start = cast(StartScreen, window.screens["start"])
    touch(qtbot, start.voice_button)
    touch(qtbot, start.status_button)
    status = cast(StatusScreen, window.screens["status"])
    voice = citizen_session(context).voice
    assert "nomor permohonan" in voice.spoken[-1]
    assert not status.next_button.isEnabled()
    _type(qtbot, status.keypad, day + sequence)
    assert voice.spoken[-10:] == list(day + sequence)  # read out digit by digit
    touch(qtbot, status.next_button)
    assert "4 angka terakhir NIK" in voice.spoken[-1]
    _type(qtbot, status.keypad, nik[-4:])
    touch(qtbot, status.next_button)
    qtbot.waitUntil(lambda: status.pages.currentIndex() == 1)
    assert "perlu perbaikan" in status.answer.text()
    assert "Foto ulang KK asli" in status.answer.text()
    assert "Petugas loket bisa membantu" in status.answer.text()
    assert nik not in _all_text(window)  # masked only
    assert nik[-4:] in status.answer.text()
    assert "BUDI" not in _all_text(window)  # never the name
    assert voice.spoken[-1] == status.answer.text()
    assert "belum pernah terhubung" in status.age.text()
    assert "status_checked" in [e["action"] for e in store.audit.entries()]
    assert status.survey_button.isVisible()  # the survey is offered after a status check
    # The citizen walks away: nothing of the answer stays on any widget.
    window.idle._start_countdown()
    window.idle.left = 1
    with qtbot.waitSignal(window.idle.locked, timeout=3000):
        pass
    qtbot.waitUntil(lambda: window.current == "start")
    assert mine.number not in _all_text(window)
    # The answer's own words: the documents step's retake button says "Foto ulang".
    assert "Foto ulang KK asli" not in _all_text(window)
    assert status.keypad.digits == ""


def test_five_wrong_codes_pause_the_status_check(qtbot: QtBot, context: AppContext) -> None:
    from ui.selfservice.status import StatusScreen

    window = kiosk(qtbot, context)
    touch(qtbot, cast(StartScreen, window.screens["start"]).status_button)
    status = cast(StatusScreen, window.screens["status"])
    for attempt in range(5):
        _type(qtbot, status.keypad, "2612020001")
        touch(qtbot, status.next_button)
        _type(qtbot, status.keypad, "1234")
        touch(qtbot, status.next_button)
        qtbot.waitUntil(lambda: status.notice.isVisible())
        expected = "Terlalu banyak" if attempt == 4 else "tidak cocok"
        assert expected in status.notice.text()
        status.notice.hide()
    assert status.pages.currentIndex() == 0


def test_the_wipe_warning_comes_20_s_ahead_and_a_touch_extends_it_again_and_again(
    qtbot: QtBot, context: AppContext
) -> None:
    from PySide6.QtCore import QPoint

    window = kiosk(qtbot, context)
    start = cast(StartScreen, window.screens["start"])
    touch(qtbot, start.survey_button)
    survey = cast(SurveyScreen, window.screens["survey"])
    touch(qtbot, survey.face_buttons[3])
    assert window.idle.warn_seconds >= 20
    for _ in range(12):
        window.idle._start_countdown()
        assert window.idle_banner.isVisible()
        assert "DIHAPUS dalam 30 detik" in window.idle_banner.text()
        assert window.idle_banner.font().pointSizeF() >= 18
        qtbot.mouseClick(survey.question, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
        assert not window.idle_banner.isVisible()
        assert window.idle.left == 0
    assert window.current == "survey"
    assert survey.scores == [4]  # twelve extensions, nothing lost
