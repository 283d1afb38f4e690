"""The application list at 1024x768: the Status column cut "Sampai di Dukca..." (the text
only in a tooltip). Every status reads whole in the column, in both languages."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.applications.status import STATUS_LABELS
from ui.context import AppContext
from ui.screens.application_table import ApplicationTableModel

from .test_applications import make_screen

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_status_fits_its_column_at_1024(
    qtbot: QtBot, signed_in: AppContext, language: str
) -> None:
    signed_in.languages.language = language
    screen = make_screen(qtbot, signed_in)
    screen.retranslate()
    screen.resize(1000, 600)  # the screen inside a 1024x768 window
    QApplication.processEvents()
    header = screen.table.horizontalHeader()
    metrics = screen.table.fontMetrics()
    texts = [pair[1 if language == "en" else 0] for pair in STATUS_LABELS.values()]
    needed = max(metrics.horizontalAdvance(t) for t in texts) + 12
    assert header.sectionSize(ApplicationTableModel.STATUS) >= needed
    assert header.length() <= screen.table.viewport().width()
