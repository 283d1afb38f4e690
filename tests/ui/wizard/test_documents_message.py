"""Ctrl+Enter on the documents step with a document missing names what is missing: nothing
on that step is red (a missing document has a ○), so "Periksa yang ditandai merah" pointed at
nothing (the real-screen review's C4)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.wizard.driver import capture, close_wizard, key
from tests.ui.wizard.test_document_type import to_documents
from ui.context import AppContext
from ui.screens.wizard.capture_page import CapturePage
from ui.viewmodels.wizard import Step

pytestmark = pytest.mark.gui


def test_going_on_with_a_document_missing_names_it(
    qtbot: QtBot, counter: AppContext, tmp_path: Path
) -> None:
    wizard = to_documents(qtbot, counter, tmp_path)
    try:
        page = wizard.pages[Step.DOCUMENTS]
        assert isinstance(page, CapturePage)
        checklist = page.model.checklist if page.model is not None else None
        assert checklist is not None
        names = [i.document.name.id for i in checklist.missing("documents")]
        assert len(names) == 2
        key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert wizard.model is not None
        assert wizard.model.step is Step.DOCUMENTS
        message = wizard.header.message.text()
        assert "merah" not in message
        assert "○" in message
        for name in names:
            assert name in message

        capture(qtbot, page, "scanner")  # the first one is in: only the other is named now
        qtbot.waitUntil(lambda: names[0] not in wizard.header.message.text(), timeout=10_000)
        assert names[1] in wizard.header.message.text()
    finally:
        close_wizard(wizard, counter)
