"""Every button of every screen can be reached with Tab and shows that it has the focus
(issue 13, point 6), at 1024x768."""

from __future__ import annotations

from typing import cast

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.window.keyboard import unreached_buttons, without_focus_ring
from tests.ui.wizard.driver import answer, capture, fill_applicant, key, wait_step
from tests.ui.wizard.test_full_flow import SITI
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.screens.recap import RecapScreen
from ui.screens.wizard.screen import WizardScreen
from ui.viewmodels.wizard import Step

pytestmark = pytest.mark.gui


def check(qtbot: QtBot, window: MainWindow, where: str) -> list[str]:
    problems = [f"{where}: Tab never reaches {b}" for b in unreached_buttons(qtbot, window)]
    problems += [f"{where}: no visible focus on {b}" for b in without_focus_ring(window)]
    return problems


def test_tab_reaches_every_button_with_a_visible_focus(
    qtbot: QtBot, counter: AppContext, window: MainWindow, rejected_id: str
) -> None:
    window.resize(1024, 768)
    problems: list[str] = []
    operator, counter.operator = counter.operator, None
    window.show_screen("signin", {})
    problems += check(qtbot, window, "signin")
    counter.operator = operator
    window.show_screen("applications", {})
    applications = window.screens["applications"]
    qtbot.waitUntil(lambda: applications.model.rowCount() == 2)  # type: ignore[attr-defined]
    problems += check(qtbot, window, "applications")
    window.show_screen("detail", {"id": rejected_id, "version": 1})
    detail = window.screens["detail"]
    qtbot.waitUntil(lambda: len(detail.images) > 0, timeout=10_000)  # type: ignore[attr-defined]
    problems += check(qtbot, window, "detail")
    window.show_screen("recap", {})
    recap = cast(RecapScreen, window.screens["recap"])
    qtbot.waitUntil(lambda: recap.view_model.recap is not None)
    problems += check(qtbot, window, "recap")

    wizard = cast(WizardScreen, window.screens["wizard"])
    window.show_screen("wizard", {})
    wait_step(qtbot, wizard, Step.QUESTIONS)
    counter.tasks.wait()  # the drafts list has come back (and put the focus where it goes)
    qtbot.wait(50)
    problems += check(qtbot, window, "questions")
    wizard.questions.buttons[0].setFocus()
    answer(qtbot, wizard, 1, 2, 1)
    wait_step(qtbot, wizard, Step.SERVICE)
    problems += check(qtbot, window, "service")
    wizard.service_page.setFocus()
    key(qtbot, Qt.Key.Key_Return)
    wait_step(qtbot, wizard, Step.APPLICANT)
    problems += check(qtbot, window, "applicant")
    wizard.applicant_page.focus_first()
    fill_applicant(qtbot, wizard, SITI)
    wait_step(qtbot, wizard, Step.DOCUMENTS)
    capture(qtbot, wizard.documents_page, "camera")
    problems += check(qtbot, window, "documents")
    wizard.documents_page.focus_first()
    capture(qtbot, wizard.documents_page, "scanner")
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_step(qtbot, wizard, Step.REVIEW)
    problems += check(qtbot, window, "review")
    wizard.review_page.focus_first()
    key(qtbot, Qt.Key.Key_Return)
    wait_step(qtbot, wizard, Step.RECEIPT, timeout=30_000)
    qtbot.waitUntil(wizard.receipt_page.ready, timeout=30_000)
    problems += check(qtbot, window, "receipt")
    assert problems == [], "\n".join(problems)
