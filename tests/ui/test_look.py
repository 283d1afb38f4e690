"""The counter's real widgets paint the design system's colours (ui/design/tokens.py, DEFAULT)
and every text on them reaches 4.5:1 (WCAG AA, what the counter promises; the self-service
screens promise 7:1 and are measured in tests/ui/selfservice). Colours are read back from a
rendering of each widget, not from the style sheet text."""

from __future__ import annotations

from collections.abc import Iterator
from typing import cast

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.store.outbox_state import OutboxState
from tests.ui.wizard.conftest import (  # noqa: F401 - fixtures shared with the wizard tests
    _nothing_left_behind,
    counter,
    dialogs,
    fake_devices,
    wizard,
    wizard_media,
)
from tests.ui.wizard.driver import key
from tests.ui.wizard.test_live_validation import to_applicant_step
from ui.context import AppContext
from ui.design.tokens import DEFAULT, contrast_ratio
from ui.look import FOCUS_FRAME_PX, MIN_POINT_SIZE, apply_look
from ui.main_window import MainWindow
from ui.screens.signin import SignInScreen
from ui.screens.wizard.screen import WizardScreen

pytestmark = pytest.mark.gui
COUNTER_MIN_RATIO = 4.5


@pytest.fixture(autouse=True)
def _app_look(qapp: QApplication) -> Iterator[None]:
    font, palette = qapp.font(), qapp.palette()
    apply_look(qapp)
    yield
    qapp.setStyleSheet("")
    qapp.setPalette(palette)
    qapp.setFont(font)


def colour_counts(widget: QWidget, inset: int) -> list[str]:
    """The colours of a rendering of `widget` inside `inset` px of each edge, most frequent
    first: the background, then the text (glyph interiors are exactly the text colour;
    anti-aliased edges spread over many colours)."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    width, height = image.width(), image.height()
    pixels = np.frombuffer(image.constBits(), dtype=np.uint32, count=image.sizeInBytes() // 4)
    pixels = pixels.reshape(height, image.bytesPerLine() // 4)[:, :width]
    inner = pixels[inset : height - inset, inset : width - inset] & 0xFFFFFF
    values, counts = np.unique(inner, return_counts=True)
    return [f"#{int(values[i]):06x}" for i in np.argsort(counts)[::-1]]


def painted(widget: QWidget, inset: int = 0) -> tuple[str, str]:
    """(text, background) as painted."""
    colours = colour_counts(widget, inset)
    assert len(colours) > 1, f"{widget.objectName()} painted no text"
    return colours[1], colours[0]


def edge_colour(widget: QWidget, depth: int) -> str:
    """The colour `depth` px in from the left edge, half way down: the frame's."""
    image = widget.grab().toImage()
    return image.pixelColor(depth, image.height() // 2).name()


@pytest.fixture
def signin_window(qtbot: QtBot, context: AppContext) -> Iterator[MainWindow]:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.status.timer.stop()
    window.close()
    context.tasks.wait()


def test_the_sign_in_button_paints_the_surface_pair_and_a_thick_focus_frame(
    qtbot: QtBot, signin_window: MainWindow
) -> None:
    signin = cast(SignInScreen, signin_window.screens["signin"])
    button = signin.submit
    assert button.font().pointSize() >= MIN_POINT_SIZE
    text, background = painted(button, inset=4)
    assert (text, background) == (DEFAULT.on_surface, DEFAULT.surface)
    assert contrast_ratio(text, background) >= COUNTER_MIN_RATIO
    assert edge_colour(button, 0) == DEFAULT.primary  # the default button: Enter presses it
    signin_window.activateWindow()
    qtbot.waitUntil(signin_window.isActiveWindow)
    button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(button.hasFocus)
    for depth in range(FOCUS_FRAME_PX):  # the whole frame, not a hairline
        assert edge_colour(button, depth) == DEFAULT.focus, depth
    assert contrast_ratio(DEFAULT.focus, DEFAULT.surface) >= 3.0  # WCAG 1.4.11, a UI part


def test_the_status_bar_paints_text_and_attention_on_the_background(
    signin_window: MainWindow,
) -> None:
    status = signin_window.status
    text, background = painted(status.link)
    assert (text, background) == (DEFAULT.text, DEFAULT.background)
    status.state[OutboxState.NEEDS_ATTENTION] = 2
    status.retranslate()
    assert status.attention.text() == "Perlu tindakan: 2"
    text, background = painted(status.attention)
    assert (text, background) == (DEFAULT.error, DEFAULT.background)
    assert contrast_ratio(text, background) >= COUNTER_MIN_RATIO


def test_an_inline_error_in_the_wizard_paints_the_error_colour(
    qtbot: QtBot,
    wizard: WizardScreen,  # noqa: F811 - the imported fixture
) -> None:
    to_applicant_step(qtbot, wizard)
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Lanjut, nothing typed
    message = wizard.applicant_page.messages["rt"]
    assert "RT wajib diisi" in message.text()
    qtbot.waitUntil(message.isVisible)
    text, background = painted(message)
    assert (text, background) == (DEFAULT.error, DEFAULT.background)
    assert contrast_ratio(text, background) >= COUNTER_MIN_RATIO
