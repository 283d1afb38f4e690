"""What a citizen sees when a self-service screen changes, at the real kiosk sizes: the idle
warning over the screen (never wider than it), each new page from its top with the focus on
it, the status answer in large text, and the keypad's last row without scrolling."""

from __future__ import annotations

from typing import cast

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from kiosk.settings import Profile
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.selfservice.session import SPEECH_ENGINE_KEY, citizen_session
from ui.selfservice.start import StartScreen
from ui.selfservice.status import RESULT_PAGE, StatusScreen
from ui.selfservice.survey import THANKS_PAGE, SurveyScreen

SIZES = [(1024, 768), (1366, 768)]


def kiosk(qtbot: QtBot, context: AppContext, size: tuple[int, int]) -> MainWindow:
    context.settings.profile = Profile.SELFSERVICE
    context.extras[SPEECH_ENGINE_KEY] = "mock"
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.setWindowState(Qt.WindowState.WindowNoState)  # the test screen is smaller: unmaximise
    window.resize(*size)
    window.show()
    window.activateWindow()  # the kiosk's only window: it has the focus
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.waitUntil(lambda: window.current == "start")
    return window


def touch(qtbot: QtBot, button: QWidget) -> None:
    assert button.isVisible(), button.objectName()
    assert button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


def body_scroll(screen: QWidget) -> QScrollArea:
    """The screen's scrolling body (between the top row and the parts under it)."""
    scroll = screen.findChild(QScrollArea, "body_scroll")
    assert scroll is not None
    return scroll


def assert_fits_without_scrolling(screen: QWidget, where: object = None) -> None:
    """The screen's body needs no scrolling: no vertical scroll bar shown, its content no
    taller than the room (as the scroll area measures it: its height for the room's width)
    and nothing cut at the right."""
    QApplication.processEvents()
    scroll = body_scroll(screen)
    viewport = scroll.viewport()
    body = scroll.widget()
    assert body is not None
    room = viewport.size()
    if scroll.verticalScrollBar().isVisible():
        room.setWidth(room.width() + scroll.verticalScrollBar().width())
    needed = (
        body.heightForWidth(room.width())
        if body.hasHeightForWidth()
        else body.minimumSizeHint().height()
    )
    assert not scroll.verticalScrollBar().isVisible(), (where, needed, room.height())
    assert needed <= room.height(), (where, needed, room.height())
    assert body.width() <= viewport.width(), (where, body.width(), viewport.width())


def shown_without_scrolling(widget: QWidget, screen: QWidget) -> bool:
    """Wholly inside the visible part of the screen's scrolling body."""
    viewport = body_scroll(screen).viewport()
    return viewport.rect().contains(rect_in(widget, viewport))


def at_top(screen: QWidget) -> bool:
    return body_scroll(screen).verticalScrollBar().value() == 0


def focus_in(widget: QWidget) -> bool:
    focused = QApplication.focusWidget()
    return focused is not None and (focused is widget or widget.isAncestorOf(focused))


@pytest.mark.parametrize("size", SIZES)
def test_the_idle_warning_overlays_the_screen_fits_it_and_extends_with_its_button(
    qtbot: QtBot, context: AppContext, size: tuple[int, int]
) -> None:
    window = kiosk(qtbot, context, size)
    start = cast(StartScreen, window.screens["start"])
    touch(qtbot, start.survey_button)
    survey = cast(SurveyScreen, window.screens["survey"])
    touch(qtbot, survey.face_buttons[3])
    where = rect_in(survey.face_buttons[0], window)
    for _ in range(11):
        window.idle._start_countdown()
        window.grab()
        assert window.width() == size[0]  # never widened
        banner = window.idle_banner
        assert banner.isVisible()
        assert "30" in banner.text()
        assert banner.font().pointSizeF() >= 24  # a large warning, read from a step back
        assert window.rect().contains(rect_in(banner, window))
        assert rect_in(banner, window).height() >= 80
        assert rect_in(survey.face_buttons[0], window) == where  # nothing moved under a finger
        extend = window.idle_extend_button
        assert extend.isVisible()
        assert "Lanjutkan" in extend.text()
        assert extend.width() >= 44
        assert extend.height() >= 44
        assert window.rect().contains(rect_in(extend, window))
        touch(qtbot, extend)
        assert not banner.isVisible()
        assert window.idle.left == 0
    assert window.current == "survey"
    assert survey.scores == [4]


def _type(qtbot: QtBot, screen: StatusScreen, digits: str) -> None:
    for digit in digits:
        touch(qtbot, screen.keypad.keys[digit])


@pytest.mark.parametrize("size", SIZES)
def test_status_check_pages_start_at_the_top_with_the_focus_and_a_large_answer(
    qtbot: QtBot, context: AppContext, size: tuple[int, int]
) -> None:
    from tests.helpers.applications import ktp_el_hilang, rejected_by_server

    store = context.store
    mine = store.submission.submit(ktp_el_hilang(1))
    rejected_by_server(store.records, mine.id)
    nik = ktp_el_hilang(1).applicant.nik
    day, _device, sequence = mine.number.split("-")
    window = kiosk(qtbot, context, size)
    touch(qtbot, cast(StartScreen, window.screens["start"]).status_button)
    status = cast(StatusScreen, window.screens["status"])
    status.grab()
    assert at_top(status)
    assert shown_without_scrolling(status.prompt, status)
    assert shown_without_scrolling(status.keypad.keys["0"], status)
    assert shown_without_scrolling(status.next_button, status)
    assert "6 angka" in status.prompt.text()
    assert status.keypad.display.text() == "______ ____"  # grouped as the instruction says
    _type(qtbot, status, day + sequence)
    assert status.keypad.display.text() == f"{day} {sequence}"
    touch(qtbot, status.next_button)
    status.grab()
    assert at_top(status)
    assert "4 angka terakhir NIK" in status.prompt.text()
    assert shown_without_scrolling(status.prompt, status)
    assert focus_in(status.prompt)
    assert status.keypad.display.text() == "____"
    _type(qtbot, status, nik[-4:])
    touch(qtbot, status.next_button)
    qtbot.waitUntil(lambda: status.pages.currentIndex() == RESULT_PAGE)
    status.grab()
    assert at_top(status)
    assert shown_without_scrolling(status.answer, status)
    assert focus_in(status.answer)
    assert status.answer.font().pointSizeF() >= status.title.font().pointSizeF()
    assert window.width() == size[0]


@pytest.mark.parametrize("size", SIZES)
def test_the_survey_thanks_shows_from_the_top_with_the_focus(
    qtbot: QtBot, context: AppContext, size: tuple[int, int]
) -> None:
    from ui.selfservice.survey import EXTRAS_PAGE

    window = kiosk(qtbot, context, size)
    touch(qtbot, cast(StartScreen, window.screens["start"]).survey_button)
    survey = cast(SurveyScreen, window.screens["survey"])
    for _ in range(9):
        touch(qtbot, survey.face_buttons[2])
    assert survey.pages.currentIndex() == EXTRAS_PAGE
    scroll = body_scroll(survey)
    survey.grab()
    scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
    assert not at_top(survey)  # the citizen scrolled down to "Kirim jawaban"
    touch(qtbot, survey.send_button)
    qtbot.waitUntil(lambda: survey.pages.currentIndex() == THANKS_PAGE)
    survey.grab()
    assert at_top(survey)
    assert shown_without_scrolling(survey.thanks, survey)
    assert shown_without_scrolling(survey.done_button, survey)
    assert focus_in(survey.thanks)


@pytest.mark.parametrize("steps", [0, 1, 2], ids=["size-1", "size-2", "size-3"])
@pytest.mark.parametrize("size", [*SIZES, (1280, 1024)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_start_screen_fits_without_a_scroll_bar_and_staff_sits_small_in_a_corner(
    qtbot: QtBot, context: AppContext, size: tuple[int, int], steps: int
) -> None:
    """At 1024x768 in the largest text the start screen scrolled by a few pixels."""
    window = kiosk(qtbot, context, size)
    session = citizen_session(context)
    for _ in range(steps):
        session.larger_text()
    start = cast(StartScreen, window.screens["start"])
    start.grab()
    assert_fits_without_scrolling(start, (size, steps))
    assert window.size().toTuple() == size
    staff = start.staff_button
    assert staff.isVisible()
    assert start.rect().contains(rect_in(staff, start))  # wholly on the screen
    assert staff.width() >= 44
    assert staff.height() >= 44
    assert staff.height() < start.apply_button.height()
    assert staff.width() < start.apply_button.width() / 3
    corner = rect_in(staff, start)
    assert corner.bottom() > start.height() * 0.8 or corner.top() < start.height() * 0.2
    assert corner.right() > start.width() * 0.8 or corner.left() < start.width() * 0.2


def test_the_text_size_button_says_which_of_the_three_steps_is_on(
    qtbot: QtBot, context: AppContext
) -> None:
    window = kiosk(qtbot, context, SIZES[1])
    start = cast(StartScreen, window.screens["start"])
    sizes, labels = [], []
    for _ in range(3):
        labels.append(start.text_size_button.text())
        sizes.append(start.hint.font().pointSizeF())
        touch(qtbot, start.text_size_button)
    assert [label.split("(")[-1] for label in labels] == ["1/3)", "2/3)", "3/3)"]
    assert sizes[1] - sizes[0] >= 4
    assert sizes[2] - sizes[1] >= 4
    assert start.text_size_button.text().endswith("(1/3)")  # the fourth touch: back to 1
    citizen_session(context).reset()


def test_a_state_synced_under_a_minute_ago_reads_just_now(
    qtbot: QtBot, context: AppContext
) -> None:
    from datetime import timedelta

    from kiosk.store.clock import utcnow

    window = kiosk(qtbot, context, SIZES[1])
    status = cast(StatusScreen, window.screens["status"])
    assert status.state_age(utcnow() - timedelta(seconds=20)) == "Keadaan dari server baru saja."
    assert "5 menit" in status.state_age(utcnow() - timedelta(minutes=5, seconds=3))


@pytest.mark.parametrize("high_contrast", [False, True], ids=["default", "high-contrast"])
def test_the_idle_warning_is_drawn_in_the_citizens_theme(
    qtbot: QtBot, context: AppContext, high_contrast: bool
) -> None:
    from tests.ui.selfservice.measure import painted_colours
    from ui.design.tokens import DEFAULT, HIGH_CONTRAST

    window = kiosk(qtbot, context, SIZES[0])
    session = citizen_session(context)
    if high_contrast:
        touch(qtbot, cast(StartScreen, window.screens["start"]).choices.contrast_button)
        assert session.preferences.high_contrast
    theme = HIGH_CONTRAST if high_contrast else DEFAULT
    window.idle._start_countdown()
    window.grab()
    assert painted_colours(window.idle_banner) == (theme.on_warning, theme.warning)
    assert painted_colours(window.idle_extend_button) == (theme.text, theme.background)


@pytest.mark.parametrize("size", SIZES)
def test_a_survey_question_fits_the_screen_with_its_back_button(
    qtbot: QtBot, context: AppContext, size: tuple[int, int]
) -> None:
    """No scroll bar on a question page (the suggestion keyboard's page, hidden, held it three
    screens tall) and "Sebelumnya" in view to change the answer before."""
    window = kiosk(qtbot, context, size)
    touch(qtbot, cast(StartScreen, window.screens["start"]).survey_button)
    survey = cast(SurveyScreen, window.screens["survey"])
    touch(qtbot, survey.face_buttons[2])
    assert_fits_without_scrolling(survey, size)
    assert wholly_shown(survey.back_button)  # under the scrolling part, with the faces
    touch(qtbot, survey.back_button)
    assert survey.scores == []


@pytest.mark.parametrize("size", SIZES)
def test_the_survey_suggestion_keyboard_fits_the_width(
    qtbot: QtBot, context: AppContext, size: tuple[int, int]
) -> None:
    """The suggestion's keys need no sideways room: at 1024 px they needed 1,134 px."""
    window = kiosk(qtbot, context, size)
    touch(qtbot, cast(StartScreen, window.screens["start"]).survey_button)
    survey = cast(SurveyScreen, window.screens["survey"])
    for _ in range(9):
        touch(qtbot, survey.face_buttons[2])
    QApplication.processEvents()
    scroll = body_scroll(survey)
    body = scroll.widget()
    assert body is not None
    assert body.width() <= scroll.viewport().width()
    assert rect_in(survey.keyboard, scroll.viewport()).right() < scroll.viewport().width()


@pytest.mark.parametrize("size", SIZES)
def test_in_high_contrast_the_window_edge_and_the_bar_line_are_black(
    qtbot: QtBot, context: AppContext, size: tuple[int, int]
) -> None:
    """No light frame round the screen and no light line under the bar above the wizard."""
    from ui.design.tokens import HIGH_CONTRAST

    window = kiosk(qtbot, context, size)
    touch(qtbot, cast(StartScreen, window.screens["start"]).choices.contrast_button)
    central = window.centralWidget()
    assert central is not None
    width, height = central.size().toTuple()
    edges = [(1, height // 2), (width - 2, height // 2), (width // 2, 1), (width // 2, height - 2)]
    image = central.grab().toImage()
    assert {image.pixelColor(x, y).name() for x, y in edges} == {HIGH_CONTRAST.background}
    touch(qtbot, cast(StartScreen, window.screens["start"]).apply_button)
    qtbot.waitUntil(lambda: window.current == "wizard")
    qtbot.waitUntil(window.nav.isVisible)
    QApplication.processEvents()
    image = central.grab().toImage()
    below_bar = window.nav.geometry().bottom() + 2
    assert image.pixelColor(width // 2, below_bar).name() == HIGH_CONTRAST.background


def test_the_first_step_names_its_total_like_the_others(qtbot: QtBot, context: AppContext) -> None:
    """The service, not yet chosen at step 1, decides whether 6 or 7 steps follow: both are
    named, in the words of the later steps ("Langkah 2 dari 6: Layanan")."""
    window = kiosk(qtbot, context, SIZES[1])
    touch(qtbot, cast(StartScreen, window.screens["start"]).apply_button)
    qtbot.waitUntil(lambda: window.current == "wizard")
    wizard = window.screens["wizard"]
    progress = wizard.header.progress  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: progress.text() != "")
    assert progress.text() == "Langkah 1 dari 6–7: Pertanyaan"


def wholly_shown(widget: QWidget) -> bool:
    """On screen in full: not clipped by a scroll area's viewport nor by the window."""
    return widget.isVisible() and widget.visibleRegion().boundingRect().size() == widget.size()


@pytest.mark.parametrize("size", SIZES)
def test_at_the_largest_text_the_faces_and_the_send_button_stay_in_view(
    qtbot: QtBot, context: AppContext, size: tuple[int, int]
) -> None:
    """The send button was at the end of the scrolling page, under the keyboard and four rows
    of choices: it sits under the scrolling part now, as the faces do on a question page (they
    stay where they are while the question scrolls)."""
    window = kiosk(qtbot, context, size)
    session = citizen_session(context)
    session.larger_text()
    session.larger_text()
    touch(qtbot, cast(StartScreen, window.screens["start"]).survey_button)
    survey = cast(SurveyScreen, window.screens["survey"])
    QApplication.processEvents()
    scroll = survey.body_scroll
    bar = scroll.verticalScrollBar()
    for part in [*survey.face_buttons, survey.back_button]:
        assert not scroll.isAncestorOf(part), part.objectName()
        assert wholly_shown(part), (size, part.objectName())
    where = [face.mapTo(window, QPoint(0, 0)) for face in survey.face_buttons]
    bar.setValue(bar.maximum())
    QApplication.processEvents()
    assert [face.mapTo(window, QPoint(0, 0)) for face in survey.face_buttons] == where
    for _ in range(9):
        touch(qtbot, survey.face_buttons[2])
    QApplication.processEvents()
    assert not scroll.isAncestorOf(survey.send_button)
    assert wholly_shown(survey.send_button), size
    assert not survey.face_buttons[0].isVisible()  # the faces are the question page's
    touch(qtbot, survey.send_button)
    qtbot.waitUntil(lambda: survey.pages.currentIndex() == THANKS_PAGE)
    assert not survey.send_button.isVisible()


@pytest.mark.parametrize("size", SIZES)
def test_the_suggestions_berikutnya_goes_on_to_the_next_question(
    qtbot: QtBot, context: AppContext, size: tuple[int, int]
) -> None:
    """ "Berikutnya" on the suggestion's keyboard did nothing: it brings the next question (the
    respondent's sex) into view with the focus on its first choice."""
    window = kiosk(qtbot, context, size)
    session = citizen_session(context)
    session.larger_text()
    session.larger_text()
    touch(qtbot, cast(StartScreen, window.screens["start"]).survey_button)
    survey = cast(SurveyScreen, window.screens["survey"])
    for _ in range(9):
        touch(qtbot, survey.face_buttons[2])
    QApplication.processEvents()
    touch(qtbot, survey.keyboard.keys["B"])
    touch(qtbot, survey.keyboard.next_key)
    QApplication.processEvents()
    label = survey.choice_labels["sex"]
    assert shown_without_scrolling(label, survey), size
    for button in survey.choice_buttons["sex"].values():
        assert shown_without_scrolling(button, survey), (size, button.objectName())
    assert focus_in(survey.choice_buttons["sex"]["L"])
    assert survey.keyboard.text == "B"


@pytest.mark.parametrize(
    ("size", "steps"),
    [
        ((1366, 768), 0),
        ((1366, 768), 1),
        ((1366, 768), 2),
        ((1024, 768), 0),
        ((1024, 768), 1),
        ((1024, 768), 2),
        ((1280, 1024), 2),
    ],
    ids=[
        "1366-size-1",
        "1366-size-2",
        "1366-size-3",
        "1024-size-1",
        "1024-size-2",
        "1024-size-3",
        "1280-size-3",
    ],
)
def test_the_whole_suggestion_keyboard_is_in_view_without_scrolling(
    qtbot: QtBot, context: AppContext, size: tuple[int, int], steps: int
) -> None:
    """The last rows ("Z X C", "spasi / ⌫ / Berikutnya") were under the fold even at the
    normal text size: the keys are at the 44 px floor, the typed text in the body size. At
    1024x768 in the largest text the last row was still under it."""
    window = kiosk(qtbot, context, size)
    session = citizen_session(context)
    for _ in range(steps):
        session.larger_text()
    touch(qtbot, cast(StartScreen, window.screens["start"]).survey_button)
    survey = cast(SurveyScreen, window.screens["survey"])
    for _ in range(9):
        touch(qtbot, survey.face_buttons[2])
    QApplication.processEvents()
    keyboard = survey.keyboard
    for key in [*keyboard.keys.values(), keyboard.next_key, keyboard.display]:
        assert shown_without_scrolling(key, survey), (size, steps, key.objectName())
    assert min(key.height() for key in keyboard.keys.values()) >= 44
    assert shown_without_scrolling(survey.extras_hint, survey)


@pytest.mark.parametrize("steps", [0, 1, 2], ids=["size-1", "size-2", "size-3"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_whole_status_keypad_and_lanjut_are_in_view_without_scrolling(
    qtbot: QtBot, context: AppContext, size: tuple[int, int], steps: int
) -> None:
    """At the largest text the keypad's last row ("⌫ 0 C") and "Lanjut" were under the fold
    even at 1366x768: an elderly citizen does not know to scroll. The keys stay >= 44 px."""
    window = kiosk(qtbot, context, size)
    session = citizen_session(context)
    for _ in range(steps):
        session.larger_text()
    touch(qtbot, cast(StartScreen, window.screens["start"]).status_button)
    status = cast(StatusScreen, window.screens["status"])
    status.grab()
    assert_fits_without_scrolling(status, (size, steps))
    keypad = status.keypad
    for part in [*keypad.keys.values(), keypad.display, status.next_button, status.prompt]:
        assert shown_without_scrolling(part, status), (size, steps, part.objectName())
        assert wholly_shown(part), (size, steps, part.objectName())
    assert min(key.height() for key in keypad.keys.values()) >= 44
    assert min(key.width() for key in keypad.keys.values()) >= 44
    for key in keypad.keys.values():
        ink = key.fontMetrics().tightBoundingRect(key.text()).height()
        # The digit clear of the 2 px border by 4 px above and below (at 42 pt it touched it).
        assert ink <= key.height() - 2 * (2 + 4), (size, steps, key.objectName(), ink)
        assert key.font().pointSizeF() >= 18  # still large to read
    assert window.size().toTuple() == size


@pytest.mark.parametrize("screen", ["start", "survey", "status"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_at_the_largest_text_the_choices_bar_keeps_to_the_screen(
    qtbot: QtBot, context: AppContext, size: tuple[int, int], screen: str
) -> None:
    """At 30 pt the start, survey and status screens' bar went off a 1024 px screen
    ("Huruf besar (3/3", "Kontras"): it keeps the wizard's 20 pt, one rule for all."""
    from PySide6.QtWidgets import QAbstractButton

    from ui.design.tokens import BAR_TEXT_PT
    from ui.selfservice.base import SelfServiceScreen

    window = kiosk(qtbot, context, size)
    session = citizen_session(context)
    session.larger_text()
    session.larger_text()
    start = cast(StartScreen, window.screens["start"])
    if screen == "survey":
        touch(qtbot, start.survey_button)
    elif screen == "status":
        touch(qtbot, start.status_button)
    assert window.current == screen
    shown = cast(SelfServiceScreen, window.screens[screen])
    QApplication.processEvents()
    buttons = [*shown.choices.findChildren(QAbstractButton), shown.repeat_button]
    assert len(buttons) == 5  # text size, contrast, voice, language; Ulangi
    for button in buttons:
        inside = QRect(QPoint(0, 0), window.size()).contains(rect_in(button, window))
        assert inside, (size, button.objectName())
        assert wholly_shown(button), (size, button.objectName())
        # Its picture, its words and its padding: less room and the words are cut.
        assert button.sizeHint().width() <= button.width(), (size, button.objectName())
        assert button.font().pointSizeF() == BAR_TEXT_PT, button.objectName()
    assert window.size().toTuple() == size


@pytest.mark.parametrize("screen", ["start", "survey", "status"])
@pytest.mark.parametrize("steps", [0, 2], ids=["size-1", "size-3"])
def test_the_top_rows_buttons_read_as_one_row(
    qtbot: QtBot, context: AppContext, screen: str, steps: int
) -> None:
    """ "Ulangi" at the choices bar's 20 pt stood beside "Kembali ke awal" (and "Petugas") at
    30 pt and of another height: the row's buttons share one height and one text size, the
    choices bar's, so the row fits 1024 px at the largest text."""
    from PySide6.QtWidgets import QAbstractButton

    from ui.design.tokens import BAR_TEXT_PT
    from ui.selfservice.base import SelfServiceScreen

    window = kiosk(qtbot, context, SIZES[0])
    session = citizen_session(context)
    for _ in range(steps):
        session.larger_text()
    start = cast(StartScreen, window.screens["start"])
    if screen == "survey":
        touch(qtbot, start.survey_button)
    elif screen == "status":
        touch(qtbot, start.status_button)
    shown = cast(SelfServiceScreen, window.screens[screen])
    QApplication.processEvents()
    row = shown.top_bar
    items = (row.itemAt(index) for index in range(row.count()))
    widgets = (item.widget() for item in items if item is not None)
    buttons = [w for w in widgets if isinstance(w, QAbstractButton) and w.isVisible()]
    names = {button.objectName() for button in buttons}
    assert names == ({"repeat", "staff"} if screen == "start" else {"home", "repeat"})
    heights = {button.objectName(): button.height() for button in buttons}
    assert len(set(heights.values())) == 1, heights
    assert min(heights.values()) >= 44
    points = {button.objectName(): button.font().pointSizeF() for button in buttons}
    assert set(points.values()) == {BAR_TEXT_PT}, points
    for button in buttons:
        assert button.sizeHint().width() <= button.width(), button.objectName()  # words whole
        assert wholly_shown(button), button.objectName()
    tops = {rect_in(button, shown).top() for button in buttons}
    assert len(tops) == 1, tops  # one line


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_at_the_largest_text_the_scan_buttons_words_wrap_inside_it(
    qtbot: QtBot, context: AppContext, size: tuple[int, int]
) -> None:
    """ "Pindai kode QR tanda terima" beside the keypad was one 30 pt line wider than its
    button, cut on both sides at 1024 px and at the end at 1366 px: its words wrap."""
    from PySide6.QtWidgets import QStyle, QStyleOptionButton

    window = kiosk(qtbot, context, size)
    session = citizen_session(context)
    session.larger_text()
    session.larger_text()
    touch(qtbot, cast(StartScreen, window.screens["start"]).status_button)
    status = cast(StatusScreen, window.screens["status"])
    QApplication.processEvents()
    button = status.scan_button
    option = QStyleOptionButton()
    option.initFrom(button)
    room = button.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, button)
    lines = button.text().split("\n")
    widest = max(button.fontMetrics().horizontalAdvance(line) for line in lines)
    assert widest + button.iconSize().width() + 4 <= room.width(), (size, lines, room.width())
    assert len(lines) * button.fontMetrics().lineSpacing() <= room.height(), (size, lines)
    assert " ".join(lines).split() == ["Pindai", "kode", "QR", "tanda", "terima"]
    assert window.size().toTuple() == size
