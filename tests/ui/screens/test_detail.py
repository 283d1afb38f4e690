from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from devices.barcodes import read_codes_from_file
from kiosk.applications.submission import Submitted
from kiosk.receipts import load_receipt, record_receipt_printed
from tests.helpers.sealing import new_server_key
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.screens.detail import DetailScreen
from ui.screens.wizard.printing import PrintOutcome, send_to_printer

from .conftest import REJECT_FIX, REJECT_REASON, cell_text, reject, submit


def open_detail(
    qtbot: QtBot, context: AppContext, submitted: Submitted, version: int | None = None
) -> DetailScreen:
    screen = DetailScreen(context)
    qtbot.addWidget(screen)
    screen.show()
    screen.activate(id=submitted.id, version=version or submitted.version)
    qtbot.waitUntil(lambda: screen.detail is not None and len(screen.images) > 0)
    return screen


def audit_actions(context: AppContext) -> list[tuple[str, str, str]]:
    entries = reversed(context.store.audit.entries())
    return [(e["action"], e["operator"], e["number"] or "") for e in entries]


def test_shows_fields_documents_and_history_as_one_audited_view(
    qtbot: QtBot, signed_in: AppContext
) -> None:
    submitted = submit(signed_in.store, "3171015708900001", "SITI AMINAH")
    before = audit_actions(signed_in)
    screen = open_detail(qtbot, signed_in, submitted)
    assert audit_actions(signed_in)[len(before) :] == [("view", "siti", submitted.number)]
    assert screen.fields.values["name"] == "SITI AMINAH"
    assert screen.fields.values["nik"] == "3171015708900001"
    assert screen.fields.values["sex"] == "Perempuan"
    assert screen.fields.values["birth_date"] == "17-08-1990"
    assert submitted.number in screen.heading.text()
    # kk + surat-kehilangan are pictures; the generated F-1.02 form is a PDF
    assert [p.pixmap().isNull() for p in screen.documents.pictures] == [False, False, True]
    assert [c.text() for c in screen.documents.captions][2].startswith("Formulir")
    assert screen.history.rowCount() == 1
    assert cell_text(screen.history, 0, 2) == "Menunggu dikirim"
    assert "Menunggu dikirim" in screen.sync_label.text()
    assert screen.rejection.isHidden()
    assert screen.revise_button.isHidden()


def test_the_address_shows_as_its_own_labelled_rows(qtbot: QtBot, signed_in: AppContext) -> None:
    """Seen in the screenshots: "address: {'alamat': 'Jl. Melati No. 12', 'rt': ...}", the raw
    stored dictionary under its English key."""
    submitted = submit(signed_in.store, "3171015708900001", "SITI AMINAH")
    screen = open_detail(qtbot, signed_in, submitted)
    values = screen.fields.values
    assert "address" not in values
    assert [values[k] for k in ("alamat", "rt", "rw")] == ["Jl. Melati No. 12", "001", "002"]
    assert values["kode_wilayah"] == "31.71.01.1001"
    labels = {label.text() for label in screen.fields.findChildren(QLabel)}
    assert {"Alamat:", "RT:", "RW:", "Kelurahan/desa:"} <= labels


def test_rejected_shows_reason_and_fix_and_perbaiki_opens_the_wizard(
    qtbot: QtBot, signed_in: AppContext
) -> None:
    submitted = submit(signed_in.store, "3171015708900001", "SITI AMINAH")
    reject(signed_in.store, submitted)
    screen = open_detail(qtbot, signed_in, submitted)
    assert not screen.rejection.isHidden()
    assert REJECT_REASON in screen.rejection_reason.text()
    assert REJECT_FIX in screen.rejection_fix.text()
    statuses = [cell_text(screen.history, r, 2) for r in range(screen.history.rowCount())]
    assert statuses == [
        "Menunggu dikirim",
        "Sampai di Dukcapil, belum diperiksa",
        "Ditolak, perlu perbaikan",
    ]
    assert REJECT_REASON in cell_text(screen.history, 2, 3)
    assert REJECT_FIX in cell_text(screen.history, 2, 3)
    assert not screen.revise_button.isHidden()
    with qtbot.waitSignal(screen.navigate) as wizard:
        screen.revise_button.click()
    assert wizard.args == ["wizard", {"revision_of": (submitted.id, 1)}]


def test_a_corrected_version_cannot_be_corrected_again(qtbot: QtBot, signed_in: AppContext) -> None:
    store = signed_in.store
    submitted = submit(store, "3171015708900001", "SITI AMINAH")
    reject(store, submitted)
    revision = submit(store, "3171015708900001", "SITI AMINAH", revision_of=submitted)
    old = open_detail(qtbot, signed_in, submitted, version=1)
    assert old.revise_button.isHidden()
    assert "versi yang lebih baru" in old.message.text()
    new = open_detail(qtbot, signed_in, revision)
    versions = [cell_text(new.history, r, 1) for r in range(new.history.rowCount())]
    assert versions == ["1", "1", "1", "2"]
    assert "Versi 2" in new.heading.text()


def test_reprint_goes_to_the_printer_and_is_logged_as_reprint(
    qtbot: QtBot, signed_in: AppContext, tmp_path: Path
) -> None:
    store = signed_in.store
    submitted = submit(store, "3171015708900001", "SITI AMINAH")
    first = load_receipt(store, submitted.number, operator="petugas1")
    record_receipt_printed(store, first, operator="petugas1", layout="a4")
    screen = open_detail(qtbot, signed_in, submitted)
    printed: list[Path] = []

    def fake_preview(printer: QPrinter, pages: list[QImage], _parent: object) -> PrintOutcome:
        out = tmp_path / "printed.pdf"
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        printed.append(out)
        return send_to_printer(printer, pages)

    screen.preview_runner = fake_preview
    screen.reprint_button.click()
    qtbot.waitUntil(lambda: screen.message.text() == "Tanda terima dicetak ulang.", timeout=20_000)
    assert printed[0].read_bytes().startswith(b"%PDF")
    codes = read_codes_from_file(printed[0], dpi=150)
    assert [c.data for c in codes if c.type == "QRCODE"] == [submitted.number]
    newest = store.audit.entries(limit=1)[0]
    assert (newest["action"], newest["operator"], newest["number"]) == (
        "reprint",
        "siti",
        submitted.number,
    )
    assert newest["detail"].endswith(f"-> {printed[0]}")


def test_cancelled_printing_records_no_print(qtbot: QtBot, signed_in: AppContext) -> None:
    submitted = submit(signed_in.store, "3171015708900001", "SITI AMINAH")
    screen = open_detail(qtbot, signed_in, submitted)
    screen.preview_runner = lambda _printer, _pages, _parent: PrintOutcome.CANCELLED
    screen.reprint_button.click()
    qtbot.waitUntil(lambda: "BELUM dicetak" in screen.message.text())
    assert screen.reprint_button.isEnabled()
    actions = {e["action"] for e in signed_in.store.audit.entries()}
    assert "print" not in actions
    assert "reprint" not in actions


def test_sync_state_says_when_the_server_has_it(qtbot: QtBot, signed_in: AppContext) -> None:
    submitted = submit(signed_in.store, "3171015708900001", "SITI AMINAH")
    signed_in.store.outbox.acknowledge_application(submitted.id, 1)
    screen = open_detail(qtbot, signed_in, submitted)
    assert "Sudah diterima server Dukcapil" in screen.sync_label.text()
    signed_in.languages.set_language("en")
    qtbot.waitUntil(lambda: "Received by the registry" in screen.sync_label.text())
    assert screen.fields.values["sex"] == "Female"
    header = screen.history.horizontalHeaderItem(0)
    assert header is not None
    assert header.text() == "Time"


def test_an_unknown_application_says_so(qtbot: QtBot, signed_in: AppContext) -> None:
    screen = DetailScreen(signed_in)
    qtbot.addWidget(screen)
    screen.activate(id="00000000-0000-0000-0000-000000000000", version=1)
    qtbot.waitUntil(lambda: screen.message.text() == "Permohonan tidak ditemukan")
    assert not screen.reprint_button.isEnabled()


def test_perbaiki_in_the_app_opens_the_wizard_on_a_revision(
    qtbot: QtBot, signed_in: AppContext
) -> None:
    submitted = submit(signed_in.store, "3171015708900001", "SITI AMINAH")
    reject(signed_in.store, submitted)
    window = MainWindow(signed_in)
    qtbot.addWidget(window)
    if "wizard" not in window.screen_modules:
        pytest.skip("the wizard is not part of this build")
    window.show_screen("detail", {"id": submitted.id, "version": 1})
    detail = window.screens["detail"]
    assert isinstance(detail, DetailScreen)
    qtbot.waitUntil(lambda: detail.detail is not None)
    detail.revise_button.click()
    assert window.current == "wizard"
    wizard: Any = window.screens["wizard"]
    qtbot.waitUntil(lambda: wizard.model is not None and wizard.model.revision_of is not None)
    assert wizard.model.revision_of == (submitted.id, 1)
    shutdown = getattr(wizard, "shutdown", None)
    if shutdown is not None:
        shutdown()


def test_sealed_documents_say_only_the_server_opens_them(
    qtbot: QtBot, signed_in: AppContext
) -> None:
    key = new_server_key()
    signed_in.store.state.set_seal_key(key.key_id, key.public_b64)
    submitted = submit(signed_in.store, "3171015708900001", "SITI AMINAH")
    screen = open_detail(qtbot, signed_in, submitted)
    assert screen.fields.values["name"] == "SITI AMINAH"  # kept under the device key
    assert [p.pixmap().isNull() for p in screen.documents.pictures] == [True, True, True]
    # The sealed applicant fields are not a document to show.
    assert len(screen.documents.captions) == 3
    assert all("Tersegel" in p.text() for p in screen.documents.pictures)
