"""The wizard's big answer button: at the counter one line, as it always was; wrapping (the
citizen's answers on the self-service kiosk) its words go onto as many lines as its width
needs, and it grows in height."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from ui.screens.wizard.widgets import BigButton

pytestmark = pytest.mark.gui

ANSWER = "3   Ada data yang berubah (nama, status, pekerjaan, alamat)"


def _in_column(qtbot: QtBot, button: QPushButton, width: int) -> QWidget:
    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    layout.addWidget(button)
    layout.addStretch(1)
    root.resize(width, 600)
    root.show()
    qtbot.waitExposed(root)
    return root


def test_the_counters_button_keeps_one_line(qtbot: QtBot) -> None:
    button = BigButton()
    plain = QPushButton()
    plain.setFont(button.font())
    button.setText(ANSWER)
    plain.setText(ANSWER)
    root = _in_column(qtbot, button, 300)
    assert button.parentWidget() is root
    assert button.text() == ANSWER
    assert not button.hasHeightForWidth()
    assert button.sizeHint() == plain.sizeHint()
    assert button.accessibleName() == ""


def _wrapping_in_column(qtbot: QtBot, width: int) -> tuple[BigButton, QWidget]:
    """A wrapping button shown in a column; hold the column, or Qt deletes the button with it."""
    button = BigButton()
    button.set_wrap(True)
    button.setText(ANSWER)
    root = _in_column(qtbot, button, width)
    assert button.parentWidget() is root
    return button, root


def _lines_within_width(button: BigButton) -> list[str]:
    lines = button.text().split("\n")
    assert max(button.fontMetrics().horizontalAdvance(line) for line in lines) < button.width()
    return lines


def test_a_wrapping_button_breaks_its_words_to_its_width_and_grows(qtbot: QtBot) -> None:
    button, _column = _wrapping_in_column(qtbot, 300)
    lines = _lines_within_width(button)
    assert len(lines) > 1
    assert " ".join(lines).split() == ANSWER.split()
    assert button.height() >= len(lines) * button.fontMetrics().lineSpacing()
    assert button.accessibleName() == ANSWER
    assert button.sizeHint().width() < button.fontMetrics().horizontalAdvance(ANSWER)
    assert button.heightForWidth(250) > button.heightForWidth(2000)
    button.set_wrap(False)  # a supervisor unlocks the kiosk: the counter's button again
    assert button.text() == ANSWER


def test_a_larger_font_at_the_same_width_wraps_again(qtbot: QtBot) -> None:
    """The citizen touches "Huruf besar": the style sheet changes the font, not the width."""
    button, _column = _wrapping_in_column(qtbot, 700)
    before = button.text().count("\n")
    button.setStyleSheet("font-size: 30pt;")
    lines = _lines_within_width(button)
    assert len(lines) > before + 1
