"""The receipt PDF as the citizen and the scanner see it: text, size, and a QR that decodes."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from kiosk.catalog import load_catalog
from kiosk.receipts import LAYOUTS, Layout, ReceiptData, receipt_data, render_receipt
from kiosk.receipts.dates import format_datetime_id, zone_name
from tests.kiosk.receipts.pdf_tools import (
    page_count,
    page_size_mm,
    pdf_text,
    px_to_mm,
    qr_codes,
    render_pages,
)

WIB = timezone(timedelta(hours=7))
NUMBER = "261122-ABCD-0001"


def sample(**overrides: object) -> ReceiptData:
    values: dict[str, Any] = {
        "application_id": "0b9c7c1e-0000-4000-8000-000000000001",
        "number": NUMBER,
        "version": 1,
        "service_code": "ktp-el-hilang",
        "nik_masked": "3171********0001",
        "applicant_name": "SITI AMINAH",
        "document_codes": ["kk", "surat-kehilangan", "f-1.02"],
        "submitted_at": datetime(2026, 11, 22, 14, 5, tzinfo=WIB),
        "office_name": "Kelurahan Cempaka Putih Timur",
    }
    values.update(overrides)
    return receipt_data(load_catalog(), **values)


@pytest.mark.parametrize(("layout", "min_mm", "max_mm"), [("a4", 30.0, 45.0), ("80mm", 38.0, 42.0)])
def test_qr_at_150_dpi_decodes_to_exactly_the_number(
    tmp_path: Path, layout: Layout, min_mm: float, max_mm: float
) -> None:
    pages = render_pages(render_receipt(sample(), layout), tmp_path, dpi=150)
    assert len(pages) == 1
    [code] = qr_codes(pages[0])
    assert code.data.decode() == NUMBER
    assert min_mm <= px_to_mm(code.rect.width) <= max_mm
    assert min_mm <= px_to_mm(code.rect.height) <= max_mm


@pytest.mark.parametrize("layout", LAYOUTS)
def test_receipt_says_everything_indonesian_first(tmp_path: Path, layout: Layout) -> None:
    text = " ".join(pdf_text(render_receipt(sample(), layout), tmp_path).split())
    for expected in (
        "Kelurahan Cempaka Putih Timur",
        "TANDA TERIMA PERMOHONAN",
        "Application receipt",
        NUMBER,
        "Minggu, 22 November 2026 pukul 14.05 WIB",
        "KTP-el hilang",
        "Lost KTP-el",
        "3171********0001",
        "SITI AMINAH",
        "1. Kartu Keluarga (asli)",
        "2. Surat keterangan kehilangan dari kepolisian",
        "Police loss report",
        "3 hari kerja",
        "3 working days",
        "wajib datang sendiri",
        "You must come in person",
        "Tempat pengambilan",
        "Langkah berikutnya",
        "What happens next",
    ):
        assert expected in text, expected
    assert text.index("Nomor permohonan") < text.index("Application number")
    assert "F-1.02" not in text
    assert "f-1.02" not in text
    assert "Perbaikan" not in text


def test_roll_is_80mm_wide_and_grows_with_the_content(tmp_path: Path) -> None:
    short = render_receipt(sample(document_codes=["kk"]), "80mm")
    long = render_receipt(sample(document_codes=["kk", "surat-kehilangan", "ktp-el"]), "80mm")
    short_w, short_h = page_size_mm(short, tmp_path)
    long_w, long_h = page_size_mm(long, tmp_path)
    assert short_w == pytest.approx(80, abs=0.1)
    assert long_w == pytest.approx(80, abs=0.1)
    assert 200 < short_h < long_h < 500


def test_a4_keeps_to_one_page_for_every_service_with_all_its_documents(tmp_path: Path) -> None:
    catalog = load_catalog()
    for service in catalog.services:
        documents = service.required_documents + service.optional_documents
        documents += [d for group in service.required_one_of for d in group]
        documents += ["selfie-ktp", "tanda-tangan"]
        pdf = render_receipt(sample(service_code=service.code, document_codes=documents), "a4")
        assert page_count(pdf, tmp_path) == 1, service.code


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_correction_says_which_one(tmp_path: Path, layout: Layout) -> None:
    text = pdf_text(render_receipt(sample(version=3), layout), tmp_path)
    assert "Perbaikan ke-2 (versi 3)" in text
    assert "Correction 2 (version 3)" in text


def test_same_data_gives_the_same_bytes() -> None:
    for layout in LAYOUTS:
        assert render_receipt(sample(), layout) == render_receipt(sample(), layout)
    assert render_receipt(sample(), "a4") != render_receipt(sample(applicant_name="ANI"), "a4")


def test_without_an_office_name_the_receipt_still_says_where(tmp_path: Path) -> None:
    data = sample(office_name="  ")
    assert data.office_name == "Kelurahan"
    text = " ".join(pdf_text(render_receipt(data), tmp_path).split())
    assert "Kantor tempat Anda mengajukan permohonan ini" in text


def test_services_without_in_person_steps_say_so(tmp_path: Path) -> None:
    data = sample(service_code="akta-kelahiran", document_codes=["surat-kelahiran", "kk"])
    assert data.in_person is False
    text = pdf_text(render_receipt(data, "80mm"), tmp_path)
    assert "Tidak wajib datang sendiri" in text
    assert "1 hari kerja" in text


def test_a_service_gone_from_the_catalog_still_prints(tmp_path: Path) -> None:
    data = sample(service_code="layanan-lama", document_codes=["kk", "dokumen-aneh"])
    assert (data.service_name.id, data.in_person) == ("layanan-lama", True)
    text = pdf_text(render_receipt(data), tmp_path)
    assert "tanyakan kepada petugas" in text
    assert "dokumen-aneh" in text


def test_long_names_wrap_inside_the_roll(tmp_path: Path) -> None:
    name = "RADEN AJENG SITI NURHALIZA KUSUMAWARDHANI PUSPITASARI HADININGRAT"
    pdf = render_receipt(sample(applicant_name=name), "80mm")
    [page] = render_pages(pdf, tmp_path)
    assert qr_codes(page)[0].data.decode() == NUMBER
    assert "HADININGRAT" in pdf_text(pdf, tmp_path)


def test_unknown_layout_is_refused() -> None:
    with pytest.raises(ValueError, match="layout"):
        render_receipt(sample(), "a5")  # type: ignore[arg-type]


def test_revision_number_counts_corrections() -> None:
    assert [replace(sample(), version=v).revision for v in (1, 2, 5)] == [0, 1, 4]


@pytest.mark.parametrize(
    ("hours", "zone"), [(7, "WIB"), (8, "WITA"), (9, "WIT"), (0, "UTC+00:00"), (-3, "UTC-03:00")]
)
def test_time_zones_are_named_as_indonesians_name_them(hours: int, zone: str) -> None:
    moment = datetime(2026, 1, 5, 8, 30, tzinfo=timezone(timedelta(hours=hours)))
    assert zone_name(moment) == zone
    assert format_datetime_id(moment) == f"Senin, 5 Januari 2026 pukul 08.30 {zone}"
    assert zone_name(datetime(2026, 1, 5)) == ""
