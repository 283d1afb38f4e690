"""Receipts from a real store: lookup by number, what is read, and the print/reprint record."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.applications import Status
from kiosk.local_store import Store
from kiosk.receipts import (
    ReceiptNotFound,
    load_receipt,
    record_receipt_printed,
    render_receipt,
)
from kiosk.receipts.content import receipt_sections
from kiosk.receipts.dates import format_datetime_id
from kiosk.settings import Settings, save_settings
from kiosk.store import machine_state as ms
from tests.helpers.applications import ktp_el_hilang
from tests.kiosk.receipts.pdf_tools import pdf_text, qr_codes, render_pages
from tests.kiosk.reports.seed import utc


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    save_settings(data_dir, Settings(office_name="Kelurahan Kebon Kosong"))
    opened = Store.open(data_dir)
    yield opened
    opened.close()


def audit_trail(store: Store) -> list[tuple[str, str, str]]:
    return [(e["action"], e["operator"], e["detail"]) for e in reversed(store.audit.entries())]


def test_receipt_data_comes_from_the_store_and_reading_it_is_audited(store: Store) -> None:
    submitted = store.submission.submit(ktp_el_hilang(1), now=utc(2026, 11, 22, 7, 5))
    data = load_receipt(store, submitted.number.lower(), operator="siti")
    assert (data.application_id, data.number, data.version) == (
        submitted.id,
        submitted.number,
        1,
    )
    assert data.applicant_name == "BUDI SANTOSO B"
    assert data.nik_masked == "3171********0002"
    assert [d.id for d in data.documents] == [
        "Kartu Keluarga (asli)",
        "Surat keterangan kehilangan dari kepolisian",
    ]
    assert (data.promise.id, data.in_person) == ("3 hari kerja", True)
    assert data.office_name == "Kelurahan Kebon Kosong"
    assert data.pickup_place.id == "Kelurahan Kebon Kosong"
    assert data.submitted_at == utc(2026, 11, 22, 7, 5)
    assert data.submitted_at.utcoffset() is not None
    assert audit_trail(store)[-1] == ("view", "siti", "v1")


def test_first_print_then_reprints_are_recorded_per_version(store: Store) -> None:
    first = store.submission.submit(ktp_el_hilang(1))
    data = load_receipt(store, first.number, operator="siti")
    assert record_receipt_printed(store, data, operator="siti", layout="80mm") == "print"
    assert record_receipt_printed(store, data, operator="budi", layout="a4") == "reprint"
    store.records.transition(first.id, 1, Status.RECEIVED, source="server")
    store.records.transition(first.id, 1, Status.REJECTED, reason="KK buram", source="server")
    fixed = ktp_el_hilang(1)
    fixed.revision_of = (first.id, 1)
    store.submission.submit(fixed)
    latest = load_receipt(store, first.number, operator="siti")
    assert latest.version == 2
    assert record_receipt_printed(store, latest, operator="siti", layout="a4") == "print"
    older = load_receipt(store, first.number, operator="siti", version=1)
    assert record_receipt_printed(store, older, operator="siti", layout="a4") == "reprint"
    prints = [t for t in audit_trail(store) if t[0] in ("print", "reprint")]
    assert prints == [
        ("print", "siti", "v1 80mm"),
        ("reprint", "budi", "v1 a4"),
        ("print", "siti", "v2 a4"),
        ("reprint", "siti", "v1 a4"),
    ]
    assert store.audit.verify().ok


def test_a_correction_receipt_carries_the_same_number_in_its_qr(
    store: Store, tmp_path: Path
) -> None:
    first = store.submission.submit(ktp_el_hilang(1))
    store.records.transition(first.id, 1, Status.RECEIVED, source="server")
    store.records.transition(first.id, 1, Status.REJECTED, reason="KK buram", source="server")
    fixed = ktp_el_hilang(1)
    fixed.revision_of = (first.id, 1)
    store.submission.submit(fixed)
    pdf = render_receipt(load_receipt(store, first.number, operator="siti"), "80mm")
    assert "Perbaikan ke-1 (versi 2)" in pdf_text(pdf, tmp_path)
    [page] = render_pages(pdf, tmp_path)
    assert [c.data.decode() for c in qr_codes(page)] == [first.number]


def test_unknown_numbers_and_versions_are_refused_in_both_languages(store: Store) -> None:
    submitted = store.submission.submit(ktp_el_hilang(1))
    with pytest.raises(ReceiptNotFound) as info:
        load_receipt(store, "991231-ZZZZ-0001", operator="siti")
    assert "tidak ditemukan" in info.value.message_id
    assert "not on this device" in info.value.message_en
    assert info.value.code == "receipt_not_found"
    with pytest.raises(ReceiptNotFound, match="versi 2"):
        load_receipt(store, submitted.number, operator="siti", version=2)
    assert [a for a, _, _ in audit_trail(store)] == ["create"]  # nothing was read


@pytest.mark.parametrize(
    ("office", "hour", "zone"),
    [("31.71", "14.05", "WIB"), ("73.71.01", "15.05", "WITA"), ("91.01", "16.05", "WIT")],
)
def test_the_time_is_printed_in_the_zone_of_the_office(
    store: Store, office: str, hour: str, zone: str
) -> None:
    """On a laptop whose clock runs in UTC the receipt still says WIB/WITA/WIT: the zone
    comes from the province of the office the device is enrolled for."""
    store.state.set(ms.OFFICE_CODE, office)
    submitted = store.submission.submit(ktp_el_hilang(1), now=utc(2026, 11, 22, 7, 5))
    data = load_receipt(store, submitted.number, operator="siti")
    assert data.submitted_at == utc(2026, 11, 22, 7, 5)
    assert format_datetime_id(data.submitted_at).endswith(f"pukul {hour} {zone}")


def test_the_receipt_says_what_the_kiosk_asks_for_the_status_check(store: Store) -> None:
    submitted = store.submission.submit(ktp_el_hilang(1), now=utc(2026, 11, 22, 7, 5))
    data = load_receipt(store, submitted.number, operator="siti")
    lines = receipt_sections(data, qr_beside=True).next_steps
    text = " ".join(line.text for line in lines)
    assert "4 angka terakhir NIK" in text
    assert "last 4 digits of the NIK" in text
