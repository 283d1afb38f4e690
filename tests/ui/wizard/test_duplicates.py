"""The same NIK with the same service while an earlier application is still open: the review
names the earlier application and its status, Enter does not send, and a written reason lets
the operator go on (audited). A closed (collected) one is no duplicate."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.applications import Status
from tests.helpers.applications import open_lost_ktp_of
from tests.ui.wizard.driver import (
    capture,
    focused,
    key,
    ktp_el_hilang_to_documents,
    type_text,
    wait_step,
)
from tests.ui.wizard.test_full_flow import SITI
from ui.context import AppContext
from ui.screens.wizard.screen import WizardScreen
from ui.viewmodels.wizard import Step

pytestmark = pytest.mark.gui


def _earlier(counter: AppContext) -> str:
    return counter.store.submission.submit(open_lost_ktp_of(SITI)).number


def _to_review(qtbot: QtBot, wizard: WizardScreen) -> None:
    ktp_el_hilang_to_documents(qtbot, wizard, SITI)
    capture(qtbot, wizard.documents_page, "scanner")
    capture(qtbot, wizard.documents_page, "scanner")
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_step(qtbot, wizard, Step.REVIEW)


def test_an_open_application_for_the_same_nik_and_service_is_warned_and_needs_a_reason(
    qtbot: QtBot, counter: AppContext, wizard: WizardScreen
) -> None:
    earlier = _earlier(counter)
    _to_review(qtbot, wizard)
    review = wizard.review_page
    qtbot.waitUntil(review.duplicate_box.isVisible, timeout=10_000)
    assert earlier in review.duplicate_text.text()
    assert "Menunggu dikirim" in review.duplicate_text.text()
    assert focused() is review.duplicate_reason
    key(qtbot, Qt.Key.Key_Return)  # Enter alone does not send a duplicate
    assert wizard.model is not None
    assert wizard.model.step is Step.REVIEW
    assert "alasan" in wizard.header.message.text()
    assert len(counter.store.records.find_by_nik(SITI["nik"])) == 1
    reason = "Berkas pertama tertukar dengan warga lain"
    type_text(qtbot, reason)
    key(qtbot, Qt.Key.Key_Return)
    wait_step(qtbot, wizard, Step.RECEIPT, timeout=30_000)
    number = wizard.model.number
    assert number is not None
    assert number != earlier
    entries = [e for e in counter.store.audit.entries() if e["action"] == "duplicate"]
    assert [(e["number"], e["detail"]) for e in entries] == [
        (number, f"beside {earlier}: {reason}")
    ]


def test_a_collected_application_is_no_duplicate(
    qtbot: QtBot, counter: AppContext, wizard: WizardScreen
) -> None:
    earlier = _earlier(counter)
    summary = counter.store.records.find_by_number(earlier)[0]
    for status in (Status.RECEIVED, Status.READY, Status.COLLECTED):
        counter.store.records.transition(summary.id, summary.version, status, source="server")
    _to_review(qtbot, wizard)
    counter.tasks.wait()
    assert not wizard.review_page.duplicate_box.isVisible()
    key(qtbot, Qt.Key.Key_Return)
    wait_step(qtbot, wizard, Step.RECEIPT, timeout=30_000)
