"""A waiting draft is offered, never forced: with a draft listed, a new applicant is typed by
keyboard alone (number keys, Enter, Ctrl+Enter) and the old draft stays untouched unless the
operator explicitly resumes it; the review shows whose application is about to be sent."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.wizard.driver import (
    FakeDialogs,
    answer,
    capture,
    close_wizard,
    fill_applicant,
    focused,
    key,
    open_wizard,
    wait_step,
)
from tests.ui.wizard.test_full_flow import SITI
from ui.context import AppContext
from ui.viewmodels.wizard import Step

pytestmark = pytest.mark.gui

OLD = {
    "nik": "3171014101850003",
    "no_kk": "3171010101100009",
    "name": "Rahmat Hidayat",
}


def _old_draft(counter: AppContext) -> str:
    data = {
        "format": 1,
        "step": "applicant",
        "questions": {},
        "applicant": {"values": {**OLD}},
        "files": [],
    }
    return counter.store.drafts.save(
        None, operator="petugas1", service="ktp-el-hilang", data=data, attachment_hashes=[]
    )


def test_a_listed_draft_does_not_take_the_keyboard_from_a_new_application(
    qtbot: QtBot, counter: AppContext, dialogs: FakeDialogs
) -> None:
    old = _old_draft(counter)
    wizard = open_wizard(qtbot, counter, dialogs)
    try:
        drafts = wizard.questions.drafts_list
        qtbot.waitUntil(lambda: drafts.count() == 1, timeout=10_000)
        assert not drafts.hasFocus()
        assert focused() is wizard.questions.buttons[0]
        answer(qtbot, wizard, 1)
        assert not drafts.hasFocus()
        assert wizard.model is not None
        assert wizard.model.draft_id != old
        answer(qtbot, wizard, 2, 1)
        wait_step(qtbot, wizard, Step.SERVICE)
        key(qtbot, Qt.Key.Key_Return)
        wait_step(qtbot, wizard, Step.APPLICANT)
        fill_applicant(qtbot, wizard, SITI)
        wait_step(qtbot, wizard, Step.DOCUMENTS)
        assert wizard.model.draft_id != old
        assert wizard.model.applicant.values["nik"] == SITI["nik"]
        capture(qtbot, wizard.documents_page, "scanner")
        capture(qtbot, wizard.documents_page, "scanner")
        key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        wait_step(qtbot, wizard, Step.REVIEW)
        review = wizard.review_page
        who = review.applicant_banner.text()
        assert "SITI AMINAH" in who
        assert "3171********0001" in who
        assert SITI["nik"] not in who
        assert len(review.banner_thumbnails) == 2
        assert all(not t.pixmap().isNull() for t in review.banner_thumbnails)
        # The old draft was never resumed nor changed.
        assert counter.store.drafts.load(old)["applicant"]["values"]["nik"] == OLD["nik"]
    finally:
        close_wizard(wizard, counter)


def test_a_draft_is_resumed_only_by_an_explicit_choice(
    qtbot: QtBot, counter: AppContext, dialogs: FakeDialogs
) -> None:
    old = _old_draft(counter)
    wizard = open_wizard(qtbot, counter, dialogs)
    try:
        drafts = wizard.questions.drafts_list
        qtbot.waitUntil(lambda: drafts.count() == 1, timeout=10_000)
        key(qtbot, Qt.Key.Key_Return)  # Enter on the first option, not on the draft
        assert wizard.model is not None
        assert wizard.model.draft_id != old
        wait_step(qtbot, wizard, Step.QUESTIONS)
        assert not wizard.questions.drafts_box.isVisible()  # offered before the first answer
        key(qtbot, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)  # back to the start
        qtbot.waitUntil(wizard.questions.drafts_box.isVisible, timeout=5_000)
        key(qtbot, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # "Lanjutkan draf"
        qtbot.waitUntil(lambda: wizard.model is not None and wizard.model.draft_id == old)
        assert wizard.model.applicant.values["nik"] == OLD["nik"]
    finally:
        close_wizard(wizard, counter)
