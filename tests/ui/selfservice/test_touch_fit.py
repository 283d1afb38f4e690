"""The applicant step with the on-screen keys, at the kiosk's real screen sizes: the form's
boxes wide enough to read, no hint or label cut, the keys' "Berikutnya" and the form's
"Lanjut" on screen without scrolling, one scroll bar at most, and after "Lanjut" with a
missing field that field in view with the focus (and the keys) on it."""

from __future__ import annotations

from typing import cast

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QScrollBar,
    QStyle,
    QStyleOptionButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tests.ui.selfservice.test_touch_flow import kiosk, touch
from tests.ui.selfservice.touch_apply import CITIZEN, panel_of, touch_to_applicant, type_field
from ui.context import AppContext
from ui.main_window import MainWindow

pytestmark = pytest.mark.gui

SIZES = [(1366, 768), (1024, 768)]
MIN_BOX_PX = 260


@pytest.fixture
def touch_kiosk(context: AppContext, fake_devices: object) -> AppContext:
    context.devices = fake_devices
    return context


def wholly_shown(widget: QWidget) -> bool:
    """On screen in full: not clipped by a scroll area's viewport nor by the window."""
    return widget.isVisible() and widget.visibleRegion().boundingRect().size() == widget.size()


def cut_texts(root: QWidget) -> list[str]:
    """Word-wrapped labels given less height than their text needs."""
    cut = []
    for label in root.findChildren(QLabel):
        shown = label.isVisibleTo(root) and label.text() and label.wordWrap()
        if shown and label.heightForWidth(label.width()) > label.height():
            cut.append(f"{label.objectName() or label.text()[:30]}")
    return cut


def scroll_bars(window: MainWindow) -> list[str]:
    names = []
    for bar in window.findChildren(QScrollBar):
        if bar.isVisible() and bar.orientation() is Qt.Orientation.Vertical:
            holder = bar.parentWidget()
            area = holder.parentWidget() if holder is not None else None
            names.append(area.objectName() if area is not None else "?")
    return names


def _settle(qtbot: QtBot) -> None:
    QApplication.processEvents()
    qtbot.wait(50)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_form_and_its_keys_fit_the_screen(
    qtbot: QtBot, touch_kiosk: AppContext, size: tuple[int, int]
) -> None:
    window = kiosk(qtbot, touch_kiosk)
    window.resize(*size)
    wizard = touch_to_applicant(qtbot, window, lambda _screen, _where: None)
    page = wizard.applicant_page
    panel = panel_of(wizard)
    for name in ("nik", "name", "alamat"):
        editor = page.editors[name]
        touch(qtbot, editor)
        qtbot.waitUntil(lambda e=editor: panel.editor is e)  # type: ignore[misc]
        _settle(qtbot)
        assert window.size().toTuple() == size
        where = f"{name} at {size}"
        next_key = panel.next_button if panel.keypad.isVisible() else panel.keyboard.next_key
        assert next_key.text() == "Berikutnya"
        assert wholly_shown(next_key), where
        assert wholly_shown(wizard.footer.next_button), where
        boxes = {n: e.width() for n, e in page.editors.items() if isinstance(e, QLineEdit)}
        boxes = {n: w for n, w in boxes.items() if page.editors[n].isVisibleTo(page)}
        assert min(boxes.values()) >= MIN_BOX_PX, (where, boxes)
        assert len(scroll_bars(window)) <= 1, (where, scroll_bars(window))
        assert cut_texts(page) == [], where
        assert cut_texts(panel) == [], where


def _inside_viewport(widget: QWidget, viewport: QWidget) -> bool:
    """The widget's whole rectangle lies within the scroll area's viewport."""
    top_left = widget.mapTo(viewport, widget.rect().topLeft())
    bottom_right = widget.mapTo(viewport, widget.rect().bottomRight())
    shown = viewport.rect()
    return shown.contains(top_left) and shown.contains(bottom_right)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_after_lanjut_the_red_field_its_label_and_message_are_in_view(
    qtbot: QtBot, touch_kiosk: AppContext, size: tuple[int, int]
) -> None:
    """The citizen types NIK, KK and name, touches Lanjut: the first red field (the address)
    is focused and shown whole with its label above and its message under it, no part of the
    box cut at the right."""
    window = kiosk(qtbot, touch_kiosk)
    window.resize(*size)
    wizard = touch_to_applicant(qtbot, window, lambda _screen, _where: None)
    for name in ("nik", "no_kk", "name"):
        type_field(qtbot, wizard, name, CITIZEN[name])
    touch(qtbot, wizard.footer.next_button)
    page = wizard.applicant_page
    editor = page.editors["alamat"]
    qtbot.waitUntil(editor.hasFocus)
    _settle(qtbot)
    qtbot.wait(100)
    _settle(qtbot)
    viewport = _area_of(editor).viewport()
    message = page.messages["alamat"]
    assert message.isVisible()
    assert message.text()
    for part in (page.labels["alamat"], editor, message):
        name = (
            part.objectName()
            or (part.currentText() if isinstance(part, QComboBox) else part.text())[:20]
        )
        assert _inside_viewport(part, viewport), (size, name)
        assert wholly_shown(part), (size, name)
    boxes = [e for e in page.editors.values() if e.isVisibleTo(page)]
    assert all(_inside_viewport_width(e, viewport) for e in boxes), size


def _area_of(widget: QWidget) -> QScrollArea:
    parent = widget.parentWidget()
    while not isinstance(parent, QScrollArea):
        assert parent is not None
        parent = parent.parentWidget()
    return parent


def _inside_viewport_width(widget: QWidget, viewport: QWidget) -> bool:
    """No box wider than the form's viewport: the right edge is not cut off."""
    right = widget.mapTo(viewport, widget.rect().topRight()).x()
    left = widget.mapTo(viewport, widget.rect().topLeft()).x()
    return left >= 0 and right < viewport.width()


def test_no_access_keys_on_the_citizens_applicant_step(
    qtbot: QtBot, touch_kiosk: AppContext
) -> None:
    """Underlined letters (N̲IK, Wila̲yah lain) are for a keyboard the citizen does not have."""
    window = kiosk(qtbot, touch_kiosk)
    wizard = touch_to_applicant(qtbot, window, lambda _screen, _where: None)
    page = wizard.applicant_page
    texts = [w.text() for w in page.findChildren(QLabel) if w.isVisibleTo(page)]
    texts += [w.text() for w in page.findChildren(QAbstractButton) if w.isVisibleTo(page)]
    marked = [t for t in texts if "&" in t.replace("&&", "") and "<" not in t]
    assert marked == []
    assert "Wilayah lain" in page.region_button.text()


def test_the_gaps_between_the_wizards_parts_are_black_in_high_contrast(
    qtbot: QtBot, touch_kiosk: AppContext
) -> None:
    """The wizard's own background showed the window's light grey between the header, the
    steps, the footer and the choices bar in the black theme."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QColor

    from ui.design.tokens import HIGH_CONTRAST
    from ui.selfservice.session import citizen_session

    window = kiosk(qtbot, touch_kiosk)
    citizen_session(touch_kiosk).toggle_contrast()
    wizard = touch_to_applicant(qtbot, window, lambda _screen, _where: None)
    _settle(qtbot)
    image = window.grab().toImage()  # as on screen: the window under the wizard
    footer = wizard.footer
    bottom = footer.mapTo(window, QPoint(0, footer.height())).y()
    bar = wizard.findChild(QWidget, "citizen_bar")
    assert bar is not None
    top = bar.mapTo(window, QPoint(0, 0)).y()
    assert top > bottom  # a gap between them
    middle = footer.mapTo(window, QPoint(footer.width() // 2, footer.height() // 2))
    for point in (QPoint(window.width() // 2, (top + bottom) // 2), middle):
        assert QColor(image.pixel(point)).name() == HIGH_CONTRAST.background, point


@pytest.mark.parametrize("steps", [1, 2], ids=["size-2", "size-3"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_keyboards_last_row_fits_in_large_text(
    qtbot: QtBot, touch_kiosk: AppContext, size: tuple[int, int], steps: int
) -> None:
    """ "Huruf besar": the keys shrink to the room (not below 44 px), "spasi / ⌫ / Berikutnya"
    stays on screen and the keys' panel does not scroll; at the largest text the keyboard's
    preview line goes (the field beside shows the text), so the whole keyboard is in view."""
    from ui.selfservice.session import citizen_session

    window = kiosk(qtbot, touch_kiosk)
    window.resize(*size)
    wizard = touch_to_applicant(qtbot, window, lambda _screen, _where: None)
    for _ in range(steps):
        citizen_session(touch_kiosk).larger_text()
    panel = panel_of(wizard)
    editor = wizard.applicant_page.editors["name"]
    assert isinstance(editor, QLineEdit)
    touch(qtbot, editor)
    qtbot.waitUntil(lambda: panel.editor is editor)
    _settle(qtbot)
    keyboard = panel.keyboard
    assert keyboard.isVisible()
    for key in [*keyboard.keys.values(), keyboard.next_key]:
        assert wholly_shown(key), (size, steps, key.objectName())
        assert key.height() >= 44, (size, steps, key.objectName(), key.height())
    assert "touch_input_scroll" not in scroll_bars(window), scroll_bars(window)
    # The field the keys type into shows what is typed, whatever the preview line does.
    touch(qtbot, keyboard.keys["A"])
    assert editor.text() == "A"
    assert wholly_shown(editor)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_at_the_largest_text_the_wizards_bar_and_title_keep_to_the_screen(
    qtbot: QtBot, touch_kiosk: AppContext, size: tuple[int, int]
) -> None:
    """The choices bar grew with the text until "English" went off a 1024 px screen, and the
    step's name took 45 pt: the bar stays at 20 pt (the buttons are found by their pictures),
    the step's name at 36 pt at most."""
    from ui.selfservice.session import citizen_session

    window = kiosk(qtbot, touch_kiosk)
    window.resize(*size)
    wizard = touch_to_applicant(qtbot, window, lambda _screen, _where: None)
    session = citizen_session(touch_kiosk)
    session.larger_text()
    session.larger_text()
    _settle(qtbot)
    bar = wizard.findChild(QWidget, "citizen_bar")
    assert bar is not None
    buttons = bar.findChildren(QAbstractButton)
    assert len(buttons) == 5  # Ulangi, text size, contrast, voice, language
    for button in buttons:
        assert button.font().pointSizeF() == 20, button.objectName()
        assert wholly_shown(button), (size, button.objectName())
        assert button.fontMetrics().horizontalAdvance(button.text()) <= button.width()
    assert wizard.header.progress.font().pointSizeF() == 36
    assert wholly_shown(wizard.header.progress), size


def _text_room(button: QAbstractButton) -> QRect:
    """Where the button's style draws its text: inside the border and the padding."""
    option = QStyleOptionButton()
    option.initFrom(button)
    return button.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, button)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_at_the_largest_text_a_long_answer_wraps_inside_its_button(
    qtbot: QtBot, touch_kiosk: AppContext, size: tuple[int, int]
) -> None:
    """ "Ada data yang berubah (nama, status, pekerjaan, alamat)" at 30 pt was one line wider
    than its button, cut on both sides at 1024 px: the answers wrap, the button grows."""
    from ui.screens.wizard.screen import WizardScreen
    from ui.selfservice.session import citizen_session
    from ui.selfservice.start import StartScreen
    from ui.viewmodels.wizard import Step

    from .touch_apply import wait_step

    window = kiosk(qtbot, touch_kiosk)
    window.resize(*size)
    session = citizen_session(touch_kiosk)
    session.larger_text()
    session.larger_text()
    touch(qtbot, cast(StartScreen, window.screens["start"]).apply_button)
    wizard = cast(WizardScreen, window.screens["wizard"])
    wait_step(qtbot, wizard, Step.QUESTIONS)
    questions = wizard.questions
    for answered, index in enumerate((0, 1)):  # KTP-el -> sudah pernah rekam

        def answered_it(n: int = answered) -> bool:
            return questions.questionnaire is not None and len(questions.questionnaire.path) > n

        touch(qtbot, questions.buttons[index])
        qtbot.waitUntil(answered_it)
    _settle(qtbot)
    assert window.size().toTuple() == size
    sentences = [button.accessibleName() or button.text() for button in questions.buttons]
    assert any("pekerjaan" in sentence for sentence in sentences), sentences
    for button, sentence in zip(questions.buttons, sentences, strict=True):
        lines = button.text().split("\n")
        room = _text_room(button)
        widest = max(button.fontMetrics().horizontalAdvance(line) for line in lines)
        assert widest <= room.width(), (size, lines, room.width())
        assert len(lines) * button.fontMetrics().lineSpacing() <= room.height(), (size, lines)
        assert " ".join(lines).split() == sentence.split()  # every word, none elided
        left = button.mapTo(window, QPoint(0, 0)).x()
        assert left >= 0, (size, lines)
        assert left + button.width() <= window.width(), (size, lines)
