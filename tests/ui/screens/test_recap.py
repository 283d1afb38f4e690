from __future__ import annotations

from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot

from kiosk.reports import ExportFormat
from ui.context import AppContext
from ui.screens.recap import RecapScreen

from .conftest import cell_text, reject, submit


def open_recap(qtbot: QtBot, context: AppContext) -> RecapScreen:
    screen = RecapScreen(context)
    qtbot.addWidget(screen)
    screen.show()
    screen.activate()
    qtbot.waitUntil(lambda: screen.view_model.recap is not None)
    return screen


def cell(screen: RecapScreen, service_name: str, column_title: str) -> str:
    titles = [header_text(screen, c).replace("\n", " ") for c in range(screen.table.columnCount())]
    rows = [cell_text(screen.table, r, 0) for r in range(screen.table.rowCount())]
    return cell_text(screen.table, rows.index(service_name), titles.index(column_title))


def header_text(screen: RecapScreen, column: int) -> str:
    item = screen.table.horizontalHeaderItem(column)
    return item.text() if item is not None else ""


def test_daily_recap_counts_per_service_and_status_with_a_chart(
    qtbot: QtBot, signed_in: AppContext
) -> None:
    store = signed_in.store
    rejected = submit(store, "3171015708900001", "SITI AMINAH")
    submit(store, "3171015708900002", "DEWI LESTARI")
    submit(store, "3273011203850004", "BUDI SANTOSO", service="ktp-el-rusak")
    reject(store, rejected)
    screen = open_recap(qtbot, signed_in)
    assert cell(screen, "KTP-el hilang", "Menunggu dikirim") == "1"
    assert cell(screen, "KTP-el hilang", "Ditolak, perlu perbaikan") == "1"
    assert cell(screen, "KTP-el hilang", "Jumlah") == "2"
    assert cell(screen, "KTP-el rusak", "Jumlah") == "1"
    assert cell(screen, "Jumlah", "Jumlah") == "3"
    assert cell(screen, "Akta kelahiran", "Jumlah") == "0"  # every service, zeros included
    bars = dict(screen.chart.bars)
    assert (bars["KTP-el hilang"], bars["KTP-el rusak"], bars["Akta kelahiran"]) == (2, 1, 0)
    assert "Jumlah permohonan: <b>3</b>" in screen.summary.text()


def test_previous_day_is_empty_and_the_month_holds_today(
    qtbot: QtBot, signed_in: AppContext
) -> None:
    submit(signed_in.store, "3171015708900001", "SITI AMINAH")
    screen = open_recap(qtbot, signed_in)
    screen.previous_button.click()
    qtbot.waitUntil(lambda: screen.view_model.recap is not None)
    assert screen.view_model.recap is not None
    assert screen.view_model.recap.total == 0
    assert screen.view_model.period.start == date.fromordinal(date.today().toordinal() - 1)
    screen.kind.setCurrentIndex(screen.kind.findData("month"))
    qtbot.waitUntil(lambda: screen.view_model.recap is not None)
    assert screen.view_model.period.kind == "month"
    if screen.view_model.period.start.month == date.today().month:
        assert screen.view_model.recap is not None
        assert screen.view_model.recap.total == 1


def export(qtbot: QtBot, screen: RecapScreen, fmt: ExportFormat, target: Path) -> None:
    asked: list[str] = []

    def choose(_parent: object, suggested: str, _fmt: ExportFormat) -> Path:
        asked.append(suggested)
        return target

    screen.ask_destination = choose
    (screen.export_pdf if fmt == "pdf" else screen.export_csv).click()
    qtbot.waitUntil(lambda: screen.message.text().startswith("Tersimpan"))
    assert asked == [f"rekap-{screen.view_model.period.code}.{fmt}"]


def test_export_csv_and_pdf_are_written_and_logged_as_export(
    qtbot: QtBot, signed_in: AppContext, tmp_path: Path
) -> None:
    submit(signed_in.store, "3171015708900001", "SITI AMINAH")
    screen = open_recap(qtbot, signed_in)
    export(qtbot, screen, "csv", tmp_path / "rekap.csv")
    text = (tmp_path / "rekap.csv").read_bytes().decode("utf-8-sig")
    assert "KTP-el hilang" in text
    export(qtbot, screen, "pdf", tmp_path / "rekap.pdf")
    assert (tmp_path / "rekap.pdf").read_bytes().startswith(b"%PDF")
    exports = [e for e in signed_in.store.audit.entries() if e["action"] == "export"]
    assert [(e["operator"], e["detail"].split(" -> ")[0]) for e in reversed(exports)] == [
        ("siti", f"rekap {screen.view_model.period.code} csv"),
        ("siti", f"rekap {screen.view_model.period.code} pdf"),
    ]


def test_an_unwritable_destination_says_what_to_do(
    qtbot: QtBot, signed_in: AppContext, tmp_path: Path
) -> None:
    screen = open_recap(qtbot, signed_in)
    not_a_folder = tmp_path / "file.txt"
    not_a_folder.write_text("x")
    screen.ask_destination = lambda *_: not_a_folder / "rekap.csv"
    screen.export_csv.click()
    qtbot.waitUntil(lambda: "Pilih folder atau flashdisk lain" in screen.message.text())


def test_recap_retranslates(qtbot: QtBot, signed_in: AppContext) -> None:
    submit(signed_in.store, "3171015708900001", "SITI AMINAH")
    screen = open_recap(qtbot, signed_in)
    signed_in.languages.set_language("en")
    qtbot.waitUntil(lambda: screen.export_pdf.text() == "Export PDF")
    assert cell(screen, "Lost KTP-el", "Total") == "1"
    assert cell(screen, "Lost KTP-el", "Queued to send") == "1"
    assert "Applications: <b>1</b>" in screen.summary.text()
