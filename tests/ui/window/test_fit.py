"""Every screen at 1024x768 and 1366x768: the window shrinks to the screen and no button, field
or list lies outside it (issue 13, point 5)."""

from __future__ import annotations

from typing import cast

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.window.fit import SIZES, misfits
from tests.ui.wizard.driver import answer, capture, fill_applicant, key, wait_step
from tests.ui.wizard.test_full_flow import SITI
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.screens.recap import RecapScreen
from ui.screens.wizard.screen import WizardScreen
from ui.viewmodels.wizard import Step

pytestmark = pytest.mark.gui


def test_every_screen_fits_1024x768_and_1366x768(
    qtbot: QtBot, counter: AppContext, window: MainWindow, rejected_id: str
) -> None:
    problems: list[str] = []
    operator, counter.operator = counter.operator, None
    window.show_screen("signin", {})
    problems += misfits(window, "signin")
    counter.operator = operator
    window.show_screen("applications", {})
    applications = window.screens["applications"]
    qtbot.waitUntil(lambda: applications.model.rowCount() == 2)  # type: ignore[attr-defined]
    problems += misfits(window, "applications")
    window.show_screen("detail", {"id": rejected_id, "version": 1})
    detail = window.screens["detail"]
    qtbot.waitUntil(lambda: len(detail.images) > 0, timeout=10_000)  # type: ignore[attr-defined]
    problems += misfits(window, "detail")
    window.show_screen("recap", {})
    recap = cast(RecapScreen, window.screens["recap"])
    qtbot.waitUntil(lambda: recap.view_model.recap is not None)
    problems += misfits(window, "recap")

    wizard = cast(WizardScreen, window.screens["wizard"])
    counter.store.drafts.save(  # one draft waits in the list above the question
        None, operator="petugas1", service="ktp-el-baru", data={}, attachment_hashes=[]
    )
    window.show_screen("wizard", {})
    qtbot.waitUntil(lambda: wizard.questions.drafts_box.isVisible(), timeout=10_000)
    problems += misfits(window, "questions with a draft")
    wizard.questions.show_drafts([])
    wizard.questions.buttons[0].setFocus()
    answer(qtbot, wizard, 1, 2, 1)
    wait_step(qtbot, wizard, Step.SERVICE)
    problems += misfits(window, "service")
    key(qtbot, Qt.Key.Key_Return)
    wait_step(qtbot, wizard, Step.APPLICANT)
    problems += misfits(window, "applicant")
    fill_applicant(qtbot, wizard, SITI)
    wait_step(qtbot, wizard, Step.DOCUMENTS)
    problems += misfits(window, "documents (camera)")
    capture(qtbot, wizard.documents_page, "camera")
    capture(qtbot, wizard.documents_page, "scanner")
    wizard.documents_page.select("kk")
    problems += misfits(window, "documents (a captured image)")
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_step(qtbot, wizard, Step.REVIEW)
    problems += misfits(window, "review")
    problems += texts_cut(window, wizard.review_page, "review")
    key(qtbot, Qt.Key.Key_Return)
    wait_step(qtbot, wizard, Step.RECEIPT, timeout=30_000)
    qtbot.waitUntil(wizard.receipt_page.ready, timeout=30_000)
    problems += misfits(window, "receipt")
    assert problems == [], "\n".join(problems)


def texts_cut(window: MainWindow, page: QWidget, where: str) -> list[str]:
    """Labels of a scrolled page that run past its right edge (the kelurahan with its
    kecamatan, kabupaten and provinsi on the review was cut off at 1024 px)."""
    scroll = page.findChild(QScrollArea)
    assert scroll is not None
    viewport = scroll.viewport()
    problems = []
    for size in SIZES:
        window.resize(size)
        for _ in range(3):
            QApplication.processEvents()
        for label in page.findChildren(QLabel):
            content = scroll.widget()
            assert content is not None
            if not label.isVisibleTo(window) or not content.isAncestorOf(label):
                continue
            right = label.mapTo(viewport, QPoint(label.width(), 0)).x()
            if right > viewport.width() or label.width() < label.minimumSizeHint().width():
                problems.append(f"{where} at {size.width()}: {label.text()[:40]!r} is cut off")
    return problems


def test_the_window_opens_as_it_was_left(qtbot: QtBot, counter: AppContext) -> None:
    """Size and maximised state come back (the offscreen screen is 800x800, so the test keeps
    to heights: Qt fits a restored width into the screen, down to the window's minimum)."""
    first = MainWindow(counter)
    qtbot.addWidget(first)
    first.show()
    first.resize(first.width(), 720)
    first.close()
    again = MainWindow(counter)
    qtbot.addWidget(again)
    again.show()
    assert again.height() == 720
    again.showMaximized()
    again.close()
    third = MainWindow(counter)
    qtbot.addWidget(third)
    third.show()
    try:
        assert third.isMaximized()
    finally:
        third.close()
        counter.tasks.wait()
