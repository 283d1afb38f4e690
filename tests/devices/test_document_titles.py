"""The printed title read with Tesseract: KK, KIA and KTP-el told apart where shape cannot."""

from __future__ import annotations

import pytest

from bench import media_independent
from devices.checks import check_document
from devices.document_titles import read_title, title_family


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("KARTU KELUARGA\nNo. 3171050108955036\n", "kk"),
        ("| KARTU  KELUARGA |\n", "kk"),
        ("Aa PROMINSI DT\nJAKARTA SELATAN |\nNIK :3171016408650410", "ktp"),
        ("KARTU IDENTITAS ANAK\nPN NIK 20M18THE9953\n", "kia"),
        ("KUTIPAN AKTA KELAHIRAN\n", "akta_kelahiran"),
        ("KARTU ANGGOTA\n1 SOI76EUNJDHET 9\n", None),
        ("SURAT KETERANGAN |\nNIK 1 ESR9 E |\n", None),
        ("", None),
    ],
)
def test_a_title_is_recognised_through_ocr_noise_and_others_say_nothing(
    text: str, family: str | None
) -> None:
    assert title_family(text) == family


@pytest.mark.parametrize(
    ("seed", "family"),
    [(0, "ktp"), (1, "kia"), (2, None), (3, "kk"), (7, "kia"), (9, "kk")],
)
def test_the_title_of_a_flattened_photo_is_read(seed: int, family: str | None) -> None:
    """On the independent media (its own fonts and designs): a KIA-like card, a KK page."""
    photo = media_independent.photo(seed, "clean")
    _, flat = check_document(photo.image)
    assert flat is not None
    assert read_title(flat) == family, photo.design
