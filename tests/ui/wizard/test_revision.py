"""The "perbaiki" path: a rejected application opens prefilled, keeps its documents, and only
what the verifier asked for is captured again; the result is version 2 of the same number."""

from __future__ import annotations

import cv2
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.applications import Status
from kiosk.applications.intake import AttachmentInput
from kiosk.contract import fix_target_marker, fix_targets
from resources.demo import media
from tests.helpers.applications import ktp_el_hilang
from tests.ui.wizard.driver import capture, focused, key, wait_step
from tests.ui.wizard.test_full_flow import attachments_of, audit_actions, submit_and_wait_receipt
from ui.context import AppContext
from ui.screens.wizard.screen import WizardScreen
from ui.viewmodels.wizard import Step

pytestmark = pytest.mark.gui


def real_jpeg(seed: int) -> bytes:
    ok, data = cv2.imencode(".jpg", media.document_photo(seed, "kk").image)
    assert ok
    return data.tobytes()


def rejected_application(
    context: AppContext,
    seed: int = 3,
    photos: tuple[int, int] = (2, 5),
    *,
    reason: str = "Surat kehilangan tidak terbaca",
    fix_hint: str = "Pindai ulang surat kehilangan",
) -> tuple[str, str]:
    """KTP-el hilang with its KK and police letter, sent and received, then rejected."""
    store = context.store
    new = ktp_el_hilang(seed, operator="petugas1")
    new.attachments = [
        AttachmentInput("kk", real_jpeg(photos[0])),
        AttachmentInput("surat-kehilangan", real_jpeg(photos[1])),
    ]
    submitted = store.submission.submit(new)
    for status in (Status.SENT, Status.RECEIVED):
        store.records.transition(submitted.id, 1, status, source="server")
    store.records.transition(
        submitted.id, 1, Status.REJECTED, reason=reason, fix_hint=fix_hint, source="server"
    )
    return submitted.id, submitted.number


def test_a_correction_keeps_the_documents_and_recaptures_only_the_fix(
    qtbot: QtBot, counter: AppContext, wizard: WizardScreen
) -> None:
    app_id, number = rejected_application(counter)
    before = attachments_of(counter, number)
    wizard.activate(revision_of=(app_id, 1))
    wait_step(qtbot, wizard, Step.SERVICE)
    assert "Perbaikan permohonan" in wizard.header.title.text()
    assert "Surat kehilangan tidak terbaca" in wizard.service_page.details.text()
    assert "Pindai ulang surat kehilangan" in wizard.service_page.details.text()
    key(qtbot, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)  # no questions to go back to
    assert wizard.model is not None
    assert wizard.model.step is Step.SERVICE
    key(qtbot, Qt.Key.Key_Return)
    wait_step(qtbot, wizard, Step.APPLICANT)
    applicant = ktp_el_hilang(3).applicant
    assert wizard.applicant_page.editors["nik"].text() == applicant.nik  # type: ignore[union-attr]
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_step(qtbot, wizard, Step.DOCUMENTS)
    checklist = wizard.model.checklist
    assert checklist is not None
    assert [checklist.status(c) for c in ("kk", "surat-kehilangan")] == ["kept", "kept"]
    page = wizard.documents_page
    assert page.station.item is not None
    assert page.station.item.code == "kk"  # nothing missing: the first one is shown, kept
    assert "Dokumen lama dipakai lagi" in page.station.issues.text()
    assert focused() is page.list
    key(qtbot, Qt.Key.Key_Down)
    assert page.station.item is not None
    assert page.station.item.code == "surat-kehilangan"
    key(qtbot, Qt.Key.Key_F8)  # retake the letter the verifier could not read
    assert capture(qtbot, page, "scanner") == "surat-kehilangan"
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert submit_and_wait_receipt(qtbot, wizard) == number

    versions = counter.store.records.find_by_id(app_id)
    assert [(v.version, v.status) for v in versions] == [
        (1, Status.REJECTED.value),
        (2, Status.SUBMITTED.value),
    ]
    revised = {a.document: a.sha256 for a in counter.store.records.attachments(app_id, 2)}
    assert set(revised) == {"kk", "surat-kehilangan", "f-1.02"}
    assert revised["kk"] == before["kk"].sha256
    assert revised["surat-kehilangan"] != before["surat-kehilangan"].sha256
    assert "view" in audit_actions(counter, number)


def test_perbaiki_reopens_the_documents_the_reasons_point_at(
    qtbot: QtBot, counter: AppContext, wizard: WizardScreen
) -> None:
    """The back office names targets in the fix text; only those are captured again."""
    app_id, _ = rejected_application(
        counter,
        4,
        (12, 15),
        reason="Foto KK buram",
        fix_hint=f"{fix_target_marker('document:kk')} Foto ulang KK asli",
    )
    wizard.activate(revision_of=(app_id, 1))
    wait_step(qtbot, wizard, Step.SERVICE)
    assert wizard.model is not None
    checklist = wizard.model.checklist
    assert checklist is not None
    assert checklist.status("surat-kehilangan") == "kept"
    assert checklist.status("kk") != "kept"
    assert [item.code for item in checklist.missing("documents")] == ["kk"]


def test_fix_targets_round_trip_through_the_text() -> None:
    text = f"{fix_target_marker('document:kk')} Foto ulang; {fix_target_marker('field:nik')} Cek"
    assert text.startswith("[dokumen kk] Foto ulang; [isian nik]")
    assert fix_targets(text) == ["document:kk", "field:nik"]
    assert fix_targets("Pindai ulang surat kehilangan") == []
    assert fix_targets(None) == []


def test_a_correction_puts_the_focus_on_the_field_the_verifier_named(
    qtbot: QtBot, counter: AppContext, wizard: WizardScreen
) -> None:
    """Issue 12: "[isian name] ..." in the fix moves the keyboard to the name field."""
    store = counter.store
    submitted = store.submission.submit(ktp_el_hilang(4, operator="petugas1"))
    for status in (Status.SENT, Status.RECEIVED):
        store.records.transition(submitted.id, 1, status, source="server")
    fix = f"{fix_target_marker('field:name')} Tulis nama persis seperti di KK"
    store.records.transition(
        submitted.id,
        1,
        Status.REJECTED,
        reason="Nama tidak sesuai KK",
        fix_hint=fix,
        source="server",
    )
    wizard.activate(revision_of=(submitted.id, 1))
    wait_step(qtbot, wizard, Step.SERVICE)
    key(qtbot, Qt.Key.Key_Return)
    wait_step(qtbot, wizard, Step.APPLICANT)
    name = wizard.applicant_page.editors["name"]
    assert focused() is name
    assert name.selectedText() == ktp_el_hilang(4).applicant.name  # type: ignore[union-attr]
