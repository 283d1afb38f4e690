"""Recap exports: a CSV Excel opens and that parses back, a PDF that opens, each audited."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from kiosk.reports import (
    EXPORT_FORMATS,
    Period,
    Recap,
    build_recap,
    export_recap,
    recap_csv,
    recap_pdf,
)
from tests.kiosk.receipts.pdf_tools import page_count, pdf_text, render_pages
from tests.kiosk.reports.conftest import WIB, Seeded
from tests.kiosk.reports.seed import utc


def november(seeded: Seeded) -> Recap:
    return build_recap(seeded.store, Period.month(2026, 11), tz=WIB, now=utc(2026, 12, 1, 2))


def test_csv_has_a_bom_indonesian_headers_and_parses_back(seeded: Seeded) -> None:
    recap = november(seeded)
    data = recap_csv(recap)
    assert data.startswith(b"\xef\xbb\xbf")
    counts, _, survey = data.decode("utf-8-sig").partition("\r\n\r\n")
    assert survey.startswith("Kantor;Periode;Unsur SKM")  # the month's IKM below a blank line
    rows = list(csv.DictReader(io.StringIO(counts), delimiter=";"))
    assert list(rows[0])[:4] == ["Kantor", "Periode", "Kode layanan", "Layanan"]
    assert list(rows[0])[-1] == "Jumlah"
    assert "Ditolak, perlu perbaikan" in rows[0]  # a comma inside a header survives
    *services, total = rows
    assert [r["Kode layanan"] for r in services] == [s.code for s in recap.services]
    hilang = next(r for r in services if r["Kode layanan"] == "ktp-el-hilang")
    assert hilang["Layanan"] == "KTP-el hilang"
    assert (hilang["Menunggu dikirim"], hilang["Siap diambil"], hilang["Jumlah"]) == ("2", "1", "3")
    assert {r["Kantor"] for r in rows} == {"Kelurahan Kebon Kosong"}
    assert {r["Periode"] for r in rows} == {"2026-11"}
    assert (total["Layanan"], total["Jumlah"]) == ("Jumlah", "7")
    assert sum(int(r["Jumlah"]) for r in services) == 7


def test_pdf_opens_with_table_and_chart(seeded: Seeded, tmp_path: Path) -> None:
    pdf = recap_pdf(november(seeded))
    assert 1 <= page_count(pdf, tmp_path) <= 3
    text = " ".join(pdf_text(pdf, tmp_path).split())
    for expected in (
        "Rekap Permohonan Bulanan",
        "Monthly application recap",
        "Kelurahan Kebon Kosong",
        "November 2026",
        "Jumlah permohonan: 7",
        "Kartu Identitas Anak (KIA)",
        "Terverifikasi",
        "Jumlah permohonan per layanan",
        "Halaman 1 / Page 1",
    ):
        assert expected in text, expected
    pages = render_pages(pdf, tmp_path, dpi=50)
    assert pages
    assert all(p.stat().st_size > 1000 for p in pages)


def test_pdf_of_an_empty_day_still_renders(seeded: Seeded, tmp_path: Path) -> None:
    recap = build_recap(seeded.store, Period.month(2025, 1), tz=WIB)
    assert recap.total == 0
    text = pdf_text(recap_pdf(recap), tmp_path)
    assert "Januari 2025" in text


def test_exports_are_deterministic_and_recorded_as_exports(seeded: Seeded) -> None:
    recap = november(seeded)
    assert recap_pdf(recap) == recap_pdf(recap)
    for fmt in EXPORT_FORMATS:
        assert export_recap(seeded.store, recap, fmt, operator="lurah", destination="x") != b""
    entries = seeded.store.audit.entries(limit=2)
    assert [(e["action"], e["operator"], e["detail"]) for e in reversed(entries)] == [
        ("export", "lurah", "rekap 2026-11 csv -> x"),
        ("export", "lurah", "rekap 2026-11 pdf -> x"),
    ]
