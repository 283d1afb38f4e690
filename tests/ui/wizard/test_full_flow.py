"""The whole wizard with the fake devices, keyboard first, for KTP-el hilang and akta kelahiran:
questions -> data -> captures (-> selfie and signature) -> review -> submit -> receipt whose
QR decodes to the number. Assertions are on outcomes: rows in the store, attachments, audit."""

from __future__ import annotations

import threading
from pathlib import Path

import cv2
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session

from devices.barcodes import read_codes_from_file
from kiosk.applications import Status
from kiosk.store.models import ApplicationRow, AttachmentRow
from resources.demo import media
from tests.helpers.stall import StallMeter
from tests.kiosk.receipts.pdf_tools import pdf_text
from tests.ui.wizard.conftest import Accounts
from tests.ui.wizard.driver import (
    SITI_IDENTITY,
    FakeDialogs,
    answer,
    approval_dialog,
    approve_with,
    capture,
    fill_applicant,
    key,
    sign,
    type_text,
    wait_step,
)
from ui.context import AppContext
from ui.screens.wizard.screen import WizardScreen
from ui.viewmodels.wizard import Step

pytestmark = pytest.mark.gui

CHILD = {
    "extra.nama_anak": "Bayu Pratama",
    "extra.tanggal_lahir_anak": "01112026",
    "extra.nik_ibu": "3171015708900001",
    "extra.nama_ibu": "Siti Aminah",
}
"""Akta kelahiran's own fields (catalog extra_fields), typed after the applicant's."""
SITI = {
    **SITI_IDENTITY,
    "sex": "P",
    "phone": "0812 3456 7890",
    "alamat": "Jl. Melati No. 12",
    "rt": "1",
    "rw": "002",
    "kode_wilayah": "31.71.01.1001",
}


def spy_on_submit(context: AppContext) -> list[threading.Thread]:
    """Records the thread each submit runs on."""
    threads: list[threading.Thread] = []
    original = context.store.submission.submit

    def submit(*args: object, **kwargs: object) -> object:
        threads.append(threading.current_thread())
        return original(*args, **kwargs)  # type: ignore[arg-type]

    context.store.submission.submit = submit  # type: ignore[method-assign, assignment]
    return threads


class SyncSpy:
    """Stands in for the SyncScheduler: counts the pokes."""

    def __init__(self) -> None:
        self.pokes = 0

    def poke(self, *, force: bool = True) -> None:
        self.pokes += 1


def attachments_of(context: AppContext, number: str) -> dict[str, AttachmentRow]:
    """The attachment rows of the latest version with this number, by document."""
    with Session(context.store.core.engine) as session:
        app = session.scalars(
            select(ApplicationRow)
            .where(ApplicationRow.number == number)
            .order_by(ApplicationRow.version.desc())
        ).first()
        assert app is not None
        return {a.document_code: a for a in app.attachments}


def audit_actions(context: AppContext, number: str) -> list[str]:
    entries = context.store.audit.entries()
    return [e["action"] for e in reversed(entries) if e["number"] == number]


def submit_and_wait_receipt(qtbot: QtBot, wizard: WizardScreen) -> str:
    wait_step(qtbot, wizard, Step.REVIEW)
    assert wizard.review_page.summary is not None
    assert wizard.review_page.summary.can_submit
    key(qtbot, Qt.Key.Key_Return)
    wait_step(qtbot, wizard, Step.RECEIPT, timeout=30_000)
    qtbot.waitUntil(wizard.receipt_page.ready, timeout=30_000)
    assert wizard.model is not None
    assert wizard.model.number is not None
    assert wizard.receipt_page.number.text() == wizard.model.number
    return wizard.model.number


def test_ktp_el_hilang_from_questions_to_printed_receipt(
    qtbot: QtBot,
    counter: AppContext,
    wizard: WizardScreen,
    dialogs: FakeDialogs,
    capsys: pytest.CaptureFixture[str],
) -> None:
    threads = spy_on_submit(counter)
    counter.sync = sync = SyncSpy()
    with StallMeter() as meter:
        answer(qtbot, wizard, 1, 2, 1)  # KTP-el -> sudah pernah rekam -> hilang
        wait_step(qtbot, wizard, Step.SERVICE)
        assert "KTP-el hilang" in wizard.service_page.heading.text()
        key(qtbot, Qt.Key.Key_Return)
        wait_step(qtbot, wizard, Step.APPLICANT)
        fill_applicant(qtbot, wizard, SITI)
        wait_step(qtbot, wizard, Step.DOCUMENTS)
        page = wizard.documents_page
        assert capture(qtbot, page, "camera") == "kk"
        assert capture(qtbot, page, "scanner") == "surat-kehilangan"
        assert page.model is not None
        assert page.model.checklist is not None
        assert page.model.checklist.complete("documents")
        key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        number = submit_and_wait_receipt(qtbot, wizard)
        key(qtbot, Qt.Key.Key_Return)  # print, with the (fake) preview
        qtbot.waitUntil(lambda: wizard.receipt_page.last_action == "print", timeout=10_000)
        key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # save as PDF
        qtbot.waitUntil(lambda: wizard.receipt_page.last_action == "reprint", timeout=10_000)
    with capsys.disabled():
        print(f"\n[ktp-el-hilang wizard] {meter.report()}")  # noqa: T201 - the figure asked for

    assert [t is threading.main_thread() for t in threads] == [False]
    assert sync.pokes == 1  # sent as soon as there is a link
    summary = counter.store.records.find_by_number(number)
    assert [(s.service, s.status, s.version) for s in summary] == [
        ("ktp-el-hilang", Status.SUBMITTED.value, 1)
    ]
    applicant = counter.store.records.read_applicant_audited(summary[0].id, 1, operator="petugas1")
    assert applicant["nik"] == SITI["nik"]
    assert applicant["name"] == "SITI AMINAH"
    assert applicant["phone"] == "+6281234567890"
    attachments = attachments_of(counter, number)
    assert set(attachments) == {"kk", "surat-kehilangan", "f-1.02"}
    assert all(a.override_reason is None for a in attachments.values())
    assert attachments["kk"].content_type == "image/jpeg"
    assert counter.store.drafts.list("petugas1") == []
    actions = audit_actions(counter, number)
    assert actions[0] == "create"
    assert actions.count("print") == 1
    assert actions.count("reprint") == 1
    assert dialogs.printed[0].read_bytes().startswith(b"%PDF")
    codes = read_codes_from_file(dialogs.saved[0], dpi=150)
    assert [c.data for c in codes if c.type == "QRCODE"] == [number]


def test_akta_kelahiran_with_selfie_signature_and_an_override(
    qtbot: QtBot,
    counter: AppContext,
    accounts: Accounts,
    wizard: WizardScreen,
    dialogs: FakeDialogs,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    blurry = tmp_path / "buku-nikah.jpg"
    cv2.imwrite(str(blurry), media.document_photo(7, "kk", defect="blurry").image)
    dialogs.files_to_open.append(blurry)
    threads = spy_on_submit(counter)
    with StallMeter() as meter:
        answer(qtbot, wizard, 4)  # akta kelahiran
        wait_step(qtbot, wizard, Step.SERVICE)
        key(qtbot, Qt.Key.Key_Return)
        wait_step(qtbot, wizard, Step.APPLICANT)
        fill_applicant(qtbot, wizard, {**SITI, "phone": "", **CHILD})
        wait_step(qtbot, wizard, Step.DOCUMENTS)
        page = wizard.documents_page
        assert capture(qtbot, page, "camera") == "surat-kelahiran"
        assert capture(qtbot, page, "scanner") == "kk"
        assert capture(qtbot, page, "file") == "buku-nikah"
        assert page.model is not None
        assert page.model.checklist is not None
        assert page.model.checklist.status("buku-nikah") == "check"
        assert "Gambar buram" in page.station.issues.text()
        type_text(qtbot, "rusak")  # too short a reason: refused, focus stays
        key(qtbot, Qt.Key.Key_Return)
        assert page.model.checklist.status("buku-nikah") == "check"
        type_text(qtbot, " dimakan rayap, tidak ada yang lebih baik")
        key(qtbot, Qt.Key.Key_Return)
        assert page.model.checklist.status("buku-nikah") == "check"  # a petugas asks first
        approve_with(qtbot, approval_dialog(qtbot, page), *accounts.supervisor)
        assert page.model.checklist.status("buku-nikah") == "override"
        qtbot.waitUntil(wizard.isActiveWindow)
        key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        wait_step(qtbot, wizard, Step.EXTRAS)
        extras = wizard.extras_page
        assert capture(qtbot, extras, "camera") == "selfie-ktp"
        sign(qtbot, extras)
        key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)  # "Simpan tanda tangan"
        assert extras.model is not None
        assert extras.model.checklist is not None
        checklist = extras.model.checklist
        qtbot.waitUntil(lambda: checklist.status("tanda-tangan") == "ok", timeout=10_000)
        key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        number = submit_and_wait_receipt(qtbot, wizard)
        key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: wizard.receipt_page.last_action == "print", timeout=10_000)
    with capsys.disabled():
        print(f"\n[akta-kelahiran wizard] {meter.report()}")  # noqa: T201 - the figure asked for

    assert len(threads) == 1
    assert threads[0] is not threading.main_thread()
    attachments = attachments_of(counter, number)
    assert set(attachments) == {
        "surat-kelahiran",
        "kk",
        "buku-nikah",
        "selfie-ktp",
        "tanda-tangan",
        "f-2.01",
    }
    assert attachments["tanda-tangan"].content_type == "image/png"
    assert attachments["buku-nikah"].override_reason == (
        "rusak dimakan rayap, tidak ada yang lebih baik"
    )
    assert audit_actions(counter, number).count("override") == 1
    overrides = [e["detail"] for e in counter.store.audit.entries() if e["action"] == "override"]
    assert overrides == [
        "buku-nikah: blurry; rusak dimakan rayap, tidak ada yang lebih baik; approved by siti"
    ]
    codes = read_codes_from_file(dialogs.saved[0], dpi=150)
    assert [c.data for c in codes if c.type == "QRCODE"] == [number]
    # The service's own fields reach the sealed payload and the generated F-2.01.
    [app] = counter.store.records.find_by_number(number)
    payload = counter.store.records.read_applicant_audited(app.id, app.version, operator="siti")
    assert payload["extra"]["nama_anak"] == "Bayu Pratama"
    assert payload["extra"]["tanggal_lahir_anak"] == "01-11-2026"
    assert payload["extra"]["nik_ibu"] == SITI["nik"]
    form = counter.store.records.read_attachment(attachments["f-2.01"].sha256)
    text = pdf_text(form, tmp_path)
    assert "Nama anak" in text
    assert "Bayu Pratama" in text
