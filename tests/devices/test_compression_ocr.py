"""Compression to each kind's budget keeps the NIK readable; OCR only suggests."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from devices.checks import check_document
from devices.compression import compress_to_target
from devices.document import DOCUMENT_KINDS
from devices.ocr import find_niks, plausible_nik, suggest_identity
from resources.demo import media


def test_ktp_fits_its_budget_and_ocr_still_reads_the_nik(
    clean_ktp: media.GeneratedDocument,
) -> None:
    report, flat = check_document(clean_ktp.image)
    assert flat is not None
    assert report.ok
    budget = DOCUMENT_KINDS["ktp"].target_bytes
    compressed = compress_to_target(flat, budget, "ktp")
    assert compressed.within_budget
    assert len(compressed.data) <= budget
    decoded = cv2.imdecode(np.frombuffer(compressed.data, np.uint8), cv2.IMREAD_COLOR)
    assert decoded is not None
    suggestion = suggest_identity(decoded)
    assert suggestion.nik == clean_ktp.nik


def test_kk_page_fits_300_kb(clean_kk: media.GeneratedDocument) -> None:
    _, flat = check_document(clean_kk.image)
    assert flat is not None
    compressed = compress_to_target(flat, 300_000, "kk")
    assert compressed.within_budget
    assert len(compressed.data) <= 300_000
    assert compressed.width >= 1400  # small print stays legible


def test_impossible_budget_keeps_legibility_and_says_so() -> None:
    noise = np.random.default_rng(0).integers(0, 255, (1000, 1600, 3), np.uint8)
    compressed = compress_to_target(noise, 5_000, "ktp")
    assert not compressed.within_budget
    assert compressed.width >= 800


def test_ocr_lookalike_letters_are_mapped_back_to_digits() -> None:
    text = "NIK : 3171O164O865O41O\nNama : BUDI\nNo. 3171020310869928"
    assert [d for d, _ in find_niks(text)] == ["3171016408650410", "3171020310869928"]


@pytest.mark.parametrize(
    ("digits", "plausible"),
    [
        ("3171016408650410", True),
        ("3171011708850001", True),
        ("3171013208850001", False),  # day 32
        ("3171011713850001", False),  # month 13
        ("3171011708850000", False),  # serial 0000
        ("317101170885000", False),
    ],
)
def test_plausible_nik_shape(digits: str, plausible: bool) -> None:
    assert plausible_nik(digits) is plausible


def test_kk_number_is_told_apart_from_the_members_niks(clean_kk: media.GeneratedDocument) -> None:
    _, flat = check_document(clean_kk.image)
    assert flat is not None
    suggestion = suggest_identity(flat)
    assert suggestion.nik != suggestion.no_kk
    assert clean_kk.nik in suggestion.niks


@pytest.mark.parametrize(
    ("line", "nik"),
    [
        ("NIK : 357/8011203850002", "3578011203850002"),  # a stray slash inside the number
        ("NIK: 3171O1570B900001", "3171015708900001"),  # O for 0, B for 8
        ("NIK 31710I5708.9000O1", "3171015708900001"),  # I for 1, a dot, O for 0
        ("NIK : 3S71015708900001'", "3571015708900001"),  # S for 5, a quote after it
        ("3171 0157 0890 0001", "3171015708900001"),  # grouped in fours
    ],
)
def test_tesseract_readings_with_stray_characters_still_give_the_nik(line: str, nik: str) -> None:
    assert [d for d, _ in find_niks(line)] == [nik]


@pytest.mark.parametrize(
    "line",
    [
        "NIK : 0078011203850002",  # no province 00
        "NIK : 3578013303850002",  # month 33
        "NIK : 357/8011203850002/9",  # two numbers' worth of digits: ambiguous, no guess
        "Telp 0812-3456-7890-1234",  # a phone-like run
    ],
)
def test_readings_that_break_the_nik_rules_are_not_suggested(line: str) -> None:
    assert find_niks(line) == []
