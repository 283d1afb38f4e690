"""QR codes: the kiosk's own receipt PDF, and codes on photographed documents."""

from __future__ import annotations

import builtins
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from devices.barcodes import Barcode, FakeBarcodeReader, PyzbarReader, read_codes_from_file
from devices.image_files import load_pages
from resources.demo import media
from resources.demo.receipt import write_receipt_pdf

APPLICATION_NUMBER = "261122-A7K3-0001"


def test_receipt_pdf_at_150_dpi_decodes_to_the_application_number(tmp_path: Path) -> None:
    pdf = write_receipt_pdf(tmp_path / "tanda-terima.pdf", APPLICATION_NUMBER)
    codes = read_codes_from_file(pdf, dpi=150)
    assert [(c.type, c.data, c.page) for c in codes] == [("QRCODE", APPLICATION_NUMBER, 0)]
    side = max(p[0] for p in codes[0].polygon) - min(p[0] for p in codes[0].polygon)
    assert side / 150 * 25.4 == pytest.approx(35, abs=2)  # the QR is about 35 mm wide


def test_pdf_renders_with_pdftoppm_when_pypdfium2_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_import = builtins.__import__

    def no_pdfium(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pypdfium2":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pdfium)
    pdf = write_receipt_pdf(tmp_path / "r.pdf", APPLICATION_NUMBER)
    pages = load_pages(pdf, dpi=150)
    assert len(pages) == 1
    assert pages[0].shape[:2] == pytest.approx((1754, 1240), abs=2)  # A4 at 150 dpi
    assert [c.data for c in PyzbarReader().read(pages[0])] == [APPLICATION_NUMBER]


def test_qr_on_a_photographed_card_is_read_with_its_position(
    clean_ktp: media.GeneratedDocument,
) -> None:
    codes = PyzbarReader().read(clean_ktp.image)
    assert [c.data for c in codes] == [clean_ktp.qr_payload]
    x, y = np.mean(codes[0].polygon, axis=0)
    inside = np.array(clean_ktp.corners)
    assert inside[:, 0].min() < x < inside[:, 0].max()
    assert inside[:, 1].min() < y < inside[:, 1].max()


def test_blank_image_has_no_codes() -> None:
    assert PyzbarReader().read(np.full((300, 300), 255, np.uint8)) == []


def test_fake_reader_returns_its_preset_codes() -> None:
    code = Barcode("QRCODE", APPLICATION_NUMBER, ((0, 0), (1, 0), (1, 1), (0, 1)))
    reader = FakeBarcodeReader([code])
    assert reader.read(np.zeros((2, 2), np.uint8)) == [code]
    assert reader.calls == 1


def test_watching_the_camera_passes_over_other_codes_and_gives_up_in_time(
    tmp_path: Path,
) -> None:
    import threading

    from devices.barcodes import watch_for_code
    from devices.camera import FakeCamera

    pages = load_pages(write_receipt_pdf(tmp_path / "r.pdf", APPLICATION_NUMBER), 150)
    blank = np.full_like(pages[0], 255)
    camera = FakeCamera([blank, blank, pages[0]], fps=None)
    reader = PyzbarReader()
    stop = threading.Event()
    assert watch_for_code(camera, reader, lambda t: t == APPLICATION_NUMBER, stop) == (
        APPLICATION_NUMBER
    )
    ticks = iter(range(100))
    assert watch_for_code(camera, reader, lambda t: False, stop, 5, lambda: next(ticks)) is None
    stop.set()
    assert watch_for_code(camera, reader, lambda t: True, stop) is None  # stopped: no read
