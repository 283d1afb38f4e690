"""Accepting an image that failed a quality check: a petugas needs a supervisor's approval,
typed into a dialog at the counter; a supervisor signed in decides alone. Keyboard only."""

from __future__ import annotations

from pathlib import Path

import cv2
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kiosk.accounts import Operator, Role
from resources.demo import media
from tests.ui.wizard.conftest import Accounts
from tests.ui.wizard.driver import (
    FakeDialogs,
    approval_dialog,
    approve_with,
    capture,
    close_wizard,
    focused,
    key,
    ktp_el_hilang_to_documents,
    open_wizard,
    type_text,
    wait_step,
)
from ui.context import AppContext
from ui.screens.wizard.capture_page import CapturePage
from ui.screens.wizard.screen import WizardScreen
from ui.viewmodels.checklist import DocumentChecklist
from ui.viewmodels.wizard import Step

pytestmark = pytest.mark.gui

REASON = "KK asli sudah lusuh, hanya ini yang ada"


def blurry_kk(
    qtbot: QtBot, wizard: WizardScreen, dialogs: FakeDialogs, tmp_path: Path
) -> tuple[CapturePage, DocumentChecklist]:
    """KTP-el hilang up to the documents step, the KK imported blurred (F7) and its reason
    typed: the next Enter asks to accept it."""
    blurry = tmp_path / "kk.jpg"
    cv2.imwrite(str(blurry), media.document_photo(7, "kk", defect="blurry").image)
    dialogs.files_to_open.append(blurry)
    ktp_el_hilang_to_documents(qtbot, wizard)
    page = wizard.documents_page
    assert capture(qtbot, page, "file") == "kk"
    assert page.model is not None
    checklist = page.model.checklist
    assert checklist is not None
    assert checklist.status("kk") == "check"
    assert focused() is page.station.reason
    type_text(qtbot, REASON)
    return page, checklist


def back_in_the_wizard(qtbot: QtBot, wizard: WizardScreen) -> None:
    qtbot.waitUntil(wizard.isActiveWindow)  # the keyboard returns once the dialog has gone


def test_a_petugas_cannot_accept_alone_and_wrong_or_own_credentials_change_nothing(
    qtbot: QtBot,
    counter: AppContext,
    accounts: Accounts,
    wizard: WizardScreen,
    dialogs: FakeDialogs,
    tmp_path: Path,
) -> None:
    page, checklist = blurry_kk(qtbot, wizard, dialogs, tmp_path)
    key(qtbot, Qt.Key.Key_Return)
    dialog = approval_dialog(qtbot, page)
    summary = dialog.summary.text()
    assert "Kartu Keluarga" in summary
    assert REASON in summary
    assert "Gambar buram" in summary
    assert checklist.status("kk") == "check"  # asking is not accepting

    key(qtbot, Qt.Key.Key_Return)  # nothing typed yet: no attempt is made
    assert dialog.error.text() == "Isi nama pengguna supervisor."
    assert focused() is dialog.username
    supervisor, password = accounts.supervisor
    approve_with(qtbot, dialog, supervisor, "bukan-sandinya")
    assert dialog.isVisible()
    assert dialog.error.text() == "Nama pengguna atau kata sandi salah"
    assert focused() is dialog.password
    assert dialog.password.text() == ""
    assert checklist.status("kk") == "check"

    key(qtbot, Qt.Key.Key_Backtab)  # back to the username, selected: typing replaces it
    assert focused() is dialog.username
    approve_with(qtbot, dialog, *accounts.petugas)
    assert dialog.isVisible()
    assert dialog.error.text() == "Hanya supervisor yang boleh menyetujui ini"
    assert checklist.status("kk") == "check"

    key(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    back_in_the_wizard(qtbot, wizard)
    assert checklist.status("kk") == "check"
    assert checklist.files["kk"].approved_by is None
    assert "perlu persetujuan supervisor" in page.station.status.text()
    assert focused() is page.station.reason
    failed = [
        (e["operator"], e["detail"])
        for e in reversed(counter.store.audit.entries())
        if e["action"] == "approval_failed"
    ]
    assert failed == [
        (supervisor, "override kk: blurry for petugas1"),
        ("petugas1", "override kk: blurry for petugas1: not allowed"),
    ]
    assert password not in str(failed)


def test_a_supervisors_approval_accepts_it_and_the_audit_names_the_approver(
    qtbot: QtBot,
    counter: AppContext,
    accounts: Accounts,
    wizard: WizardScreen,
    dialogs: FakeDialogs,
    tmp_path: Path,
) -> None:
    page, checklist = blurry_kk(qtbot, wizard, dialogs, tmp_path)
    key(qtbot, Qt.Key.Key_Return)
    dialog = approval_dialog(qtbot, page)
    picture = dialog.findChild(QLabel, "approval-picture")  # what is judged, in the dialog
    assert picture is not None
    assert picture.isVisible()
    assert picture.pixmap().width() >= 300
    approve_with(qtbot, dialog, *accounts.supervisor)
    assert not dialog.isVisible()
    assert checklist.status("kk") == "override"
    assert (checklist.files["kk"].override_reason, checklist.files["kk"].approved_by) == (
        REASON,
        "siti",
    )
    back_in_the_wizard(qtbot, wizard)
    assert page.station.item is not None
    assert page.station.item.code == "surat-kehilangan"  # on to the next document
    assert capture(qtbot, page, "scanner") == "surat-kehilangan"
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_step(qtbot, wizard, Step.REVIEW)
    captions = [label.text() for label in wizard.review_page.findChildren(QLabel)]
    assert any("disetujui oleh siti" in text for text in captions)
    key(qtbot, Qt.Key.Key_Return)
    wait_step(qtbot, wizard, Step.RECEIPT, timeout=30_000)
    assert wizard.model is not None
    number = wizard.model.number
    assert number is not None

    entries = list(reversed(counter.store.audit.entries()))
    approvals = [(e["action"], e["operator"], e["detail"]) for e in entries]
    assert ("approval", "siti", "override kk: blurry for petugas1") in approvals
    overrides = [e for e in entries if e["action"] == "override"]
    assert [(e["operator"], e["number"], e["detail"]) for e in overrides] == [
        ("petugas1", number, f"kk: blurry; {REASON}; approved by siti")
    ]
    approval_at = approvals.index(("approval", "siti", "override kk: blurry for petugas1"))
    assert approval_at < entries.index(overrides[0])


def test_a_signed_in_supervisor_accepts_without_asking_anyone(
    qtbot: QtBot,
    counter: AppContext,
    dialogs: FakeDialogs,
    tmp_path: Path,
) -> None:
    counter.operator = Operator("siti", "Siti Rahma", Role.SUPERVISOR)
    wizard = open_wizard(qtbot, counter, dialogs)
    try:
        page, checklist = blurry_kk(qtbot, wizard, dialogs, tmp_path)
        key(qtbot, Qt.Key.Key_Return)
        assert page.approval is None
        assert checklist.status("kk") == "override"
        assert checklist.files["kk"].approved_by is None
        assert [e["action"] for e in counter.store.audit.entries()].count("approval") == 0
    finally:
        close_wizard(wizard, counter)


def test_an_approval_arriving_after_cancel_or_after_leaving_accepts_nothing(
    qtbot: QtBot,
    counter: AppContext,
    accounts: Accounts,
    wizard: WizardScreen,
    dialogs: FakeDialogs,
    tmp_path: Path,
) -> None:
    page, checklist = blurry_kk(qtbot, wizard, dialogs, tmp_path)
    key(qtbot, Qt.Key.Key_Return)
    dialog = approval_dialog(qtbot, page)
    supervisor, password = accounts.supervisor
    type_text(qtbot, supervisor)
    key(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, password)
    key(qtbot, Qt.Key.Key_Return)
    assert dialog.checking
    key(qtbot, Qt.Key.Key_Escape)  # before the (right) password check has come back
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: counter.tasks.running == 0, timeout=10_000)
    actions = [e["action"] for e in counter.store.audit.entries()]
    assert "approval" in actions  # the check itself succeeded and is on record...
    assert checklist.status("kk") == "check"  # ...but it came too late to accept anything
    assert checklist.files["kk"].approved_by is None

    back_in_the_wizard(qtbot, wizard)
    key(qtbot, Qt.Key.Key_Return)  # the reason is still there: ask again
    dialog = approval_dialog(qtbot, page)
    assert dialog.username.text() == ""
    wizard.hide()  # e.g. signed out by the idle lock: the question goes away with the page
    assert not dialog.isVisible()
    assert checklist.status("kk") == "check"
