"""The printed-title judgement: which readings flag which catalog documents."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from kiosk.catalog import CatalogView, load_catalog
from ui.viewmodels.document_type import title_issues


@pytest.fixture(scope="module")
def catalog() -> CatalogView:
    return load_catalog()


def jpeg() -> bytes:
    ok, data = cv2.imencode(".jpg", np.full((60, 90, 3), 200, np.uint8))
    assert ok
    return data.tobytes()


@pytest.mark.parametrize(
    ("document", "reading", "flagged"),
    [
        ("kk", ("ktp", "KARTU TANDA PENDUDUK"), True),
        ("kk", ("kia", "KARTU IDENTITAS ANAK"), True),
        ("kk", ("ktp", "PROVINSI"), False),  # a KK's address block names its province too
        ("kk", ("kk", "KARTU KELUARGA"), False),
        ("kk", None, False),  # nothing read: nothing said
        ("ktp-el", ("ktp", "PROVINSI"), False),
        ("ktp-el", ("kia", "KARTU IDENTITAS ANAK"), True),  # same shape, only the title tells
        ("identitas-lama", ("kia", "KARTU IDENTITAS ANAK"), False),
        ("akta-kelahiran", ("kk", "KARTU KELUARGA"), True),
        ("surat-kehilangan", ("kk", "KARTU KELUARGA"), False),  # a letter has no fixed title
    ],
)
def test_a_title_naming_another_document_is_flagged(
    catalog: CatalogView, document: str, reading: tuple[str, str] | None, flagged: bool
) -> None:
    found = title_issues(jpeg(), catalog.document(document), lambda image: reading)
    assert [i.code for i in found] == (["wrong_title"] if flagged else [])
    if flagged:
        assert found[0].message_id.startswith("Terbaca sebagai ")
        assert found[0].message_en.startswith("Reads as ")


def test_an_unreadable_image_is_not_judged(catalog: CatalogView) -> None:
    def never(image: np.ndarray) -> tuple[str, str] | None:
        raise AssertionError("not decoded, not read")

    assert title_issues(b"not a jpeg", catalog.document("kk"), never) == []
