"""Fixtures of the whole-window tests: the wizard's fake devices and dialogs, and a main window
with a signed-in counter operator and applications in the list (one of them rejected)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.screens.conftest import reject, submit
from tests.ui.wizard.conftest import (  # noqa: F401 - fixtures shared with the wizard tests
    _nothing_left_behind,
    counter,
    dialogs,
    fake_devices,
    wizard_media,
)
from tests.ui.wizard.driver import FakeDialogs
from ui.context import AppContext
from ui.look import apply_look
from ui.main_window import MainWindow
from ui.screens.wizard.screen import WizardScreen

pytestmark = pytest.mark.gui


@pytest.fixture
def rejected_id(counter: AppContext) -> str:  # noqa: F811 - the imported fixture
    store = counter.store
    submit(store, "3171014108920002", "RINA WATI")  # not the applicant the flows type
    rejected = submit(store, "3273011203850004", "BUDI SANTOSO DARMAWANGSA")
    reject(store, rejected)
    return rejected.id


@pytest.fixture(autouse=True)
def _app_look(qapp: QApplication) -> Iterator[None]:
    """The app's own font (12 pt) and style: layouts must fit with them, not with the test
    defaults."""
    font, palette = qapp.font(), qapp.palette()
    apply_look(qapp)
    yield
    qapp.setFont(font)
    qapp.setStyleSheet("")
    qapp.setPalette(palette)


@pytest.fixture
def window(
    qtbot: QtBot,
    counter: AppContext,  # noqa: F811 - the imported fixture
    dialogs: FakeDialogs,  # noqa: F811 - the imported fixture
) -> Iterator[MainWindow]:
    main = MainWindow(counter)
    qtbot.addWidget(main)
    wizard = main.screens["wizard"]
    assert isinstance(wizard, WizardScreen)
    wizard.receipt_page.preview_runner = dialogs.preview
    wizard.receipt_page.save_path_asker = dialogs.save_path
    detail = main.screens["detail"]
    detail.preview_runner = dialogs.preview  # type: ignore[attr-defined]
    for page in (wizard.documents_page, wizard.extras_page):
        page.station.open_path = dialogs.open_path
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow)
    yield main
    wizard.shutdown()
    main.status.timer.stop()
    main.close()
    counter.tasks.wait()
