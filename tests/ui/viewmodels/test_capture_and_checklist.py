"""Capture processing (checks, flattening, compression) and the document checklist."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
import pytest

from devices.errors import ImageUnreadable
from devices.quality import issue
from kiosk.catalog import CatalogView, load_catalog
from resources.demo import media, selfies
from resources.demo.receipt import write_receipt_pdf
from ui.capture.signature_pad import SignatureModel
from ui.viewmodels.capture import CapturedFile, make_thumbnail, process_file, process_image
from ui.viewmodels.checklist import DOCUMENTS, EXTRAS, DocumentChecklist


@pytest.fixture(scope="module")
def catalog() -> CatalogView:
    return load_catalog()


def clean(document: str, source: str = "camera") -> CapturedFile:
    return CapturedFile(document, b"\xff\xd8\xff-jpeg", "image/jpeg", source)


def test_a_clean_photo_is_flattened_and_fits_the_documents_budget(catalog: CatalogView) -> None:
    kk = catalog.document("kk")
    result = process_image(media.document_photo(2, "kk").image, kk, "camera")
    assert result.issues == ()
    assert result.accepted
    assert result.content_type == "image/jpeg"
    assert len(result.data) <= kk.max_kb * 1024
    flat = cv2.imdecode(np.frombuffer(result.data, np.uint8), cv2.IMREAD_COLOR)
    assert flat is not None
    assert flat.shape[1] > flat.shape[0]  # a KK is landscape
    thumb = cv2.imdecode(np.frombuffer(result.thumbnail, np.uint8), cv2.IMREAD_COLOR)
    assert thumb is not None
    assert thumb.shape[1] == 480


def test_a_blurry_photo_keeps_its_issue_until_the_operator_decides(catalog: CatalogView) -> None:
    kk = catalog.document("kk")
    result = process_image(media.document_photo(7, "kk", defect="blurry").image, kk, "camera")
    assert result.codes == ("blurry",)
    assert not result.accepted
    assert (
        result.with_override("  dokumen   memang rusak ").override_reason == "dokumen memang rusak"
    )


def test_a_flat_scan_is_checked_for_light_and_focus_not_for_edges(catalog: CatalogView) -> None:
    letter = catalog.document("surat-kehilangan")
    flat = media.document_photo(2, "kk").flat
    assert flat is not None
    from_scanner = process_image(flat, letter, "scanner")
    assert from_scanner.issues == ()
    from_camera = process_image(flat, letter, "camera")
    assert from_camera.codes == ("no_document",)  # a camera must see the whole page


def test_a_selfie_with_a_mask_is_flagged(catalog: CatalogView) -> None:
    selfie = catalog.document("selfie-ktp")
    assert process_image(selfies.selfie("clean"), selfie, "camera").issues == ()
    masked = process_image(selfies.selfie("face_covered_mask"), selfie, "camera")
    assert "face_covered" in masked.codes


def test_signatures_become_black_ink_png(catalog: CatalogView) -> None:
    signature = catalog.document("tanda-tangan")
    pad = SignatureModel()
    pad.begin(100, 150)
    for x in range(110, 400, 10):
        pad.extend(x, 150 + (x % 40))
    result = process_image(pad.to_image(), signature, "pad")
    assert result.content_type == "image/png"
    assert result.data.startswith(b"\x89PNG")
    blank = np.full((300, 800, 3), 255, np.uint8)
    with pytest.raises(ImageUnreadable):
        process_image(blank, signature, "scanner")  # paper with no ink on it


def test_a_pdf_file_is_imported_from_its_first_page(catalog: CatalogView, tmp_path: Path) -> None:
    pdf = write_receipt_pdf(tmp_path / "scan.pdf", "X")
    result = process_file(pdf, catalog.document("surat-kehilangan"))
    assert result.source == "file"
    assert result.data.startswith(b"\xff\xd8\xff")
    assert make_thumbnail(pdf.read_bytes()) == b""


def test_the_checklist_follows_the_catalog_and_one_of_groups(catalog: CatalogView) -> None:
    checklist = DocumentChecklist(catalog, "kk-hilang-rusak")
    assert [i.code for i in checklist.items_for(DOCUMENTS)] == [
        "ktp-el",
        "surat-kehilangan",
        "kk-rusak",
    ]
    assert [i.code for i in checklist.items_for(EXTRAS)] == ["selfie-ktp", "tanda-tangan"]
    assert [i.code for i in checklist.missing(DOCUMENTS)] == ["ktp-el", "surat-kehilangan"]
    checklist.put(clean("kk-rusak", "scanner"))
    assert [i.code for i in checklist.missing(DOCUMENTS)] == ["ktp-el"]
    assert checklist.next_pending(DOCUMENTS) == "ktp-el"
    checklist.put(clean("ktp-el"))
    assert checklist.complete(DOCUMENTS)
    assert not checklist.complete()
    with pytest.raises(KeyError):
        checklist.put(clean("akta-kelahiran"))


def test_an_override_needs_a_real_reason_and_is_carried_to_the_attachment(
    catalog: CatalogView,
) -> None:
    checklist = DocumentChecklist(catalog, "ktp-el-hilang")
    blurry = CapturedFile(
        "kk", b"\xff\xd8\xff-jpeg", "image/jpeg", "camera", issues=(issue("blurry"),)
    )
    checklist.put(blurry)
    assert checklist.status("kk") == "check"
    assert checklist.undecided(DOCUMENTS) == ["kk"]
    problem = checklist.override("kk", "rusak")
    assert problem is not None
    assert problem.code == "override_reason_short"
    assert checklist.override("kk", "KK asli sudah lusuh, hanya ini yang ada") is None
    assert checklist.status("kk") == "override"
    checklist.put(clean("surat-kehilangan", "scanner"))
    attachments = {a.document: a for a in checklist.attachments()}
    assert attachments["kk"].override_reason == "KK asli sudah lusuh, hanya ini yang ada"
    assert attachments["surat-kehilangan"].override_reason is None
    assert [f.document for f in checklist.overrides()] == ["kk"]


def test_the_corner_choice_and_the_checks_go_with_the_attachment(catalog: CatalogView) -> None:
    checklist = DocumentChecklist(catalog, "ktp-el-hilang")
    corners = ((10.0, 20.0), (300.0, 22.0), (298.0, 210.0), (12.0, 208.0))
    moved = CapturedFile(
        "kk",
        b"\xff\xd8\xff-jpeg",
        "image/jpeg",
        "camera",
        issues=(issue("glare"),),
        override_reason="pantulan kecil, data tetap terbaca jelas",
        corners=corners,
        corners_set="adjusted",
        sha256="sha-kk",
    )
    checklist.put(moved)
    checklist.put(clean("surat-kehilangan", "file"))
    attachments = {a.document: a for a in checklist.attachments()}
    note = attachments["kk"].capture
    assert note is not None
    # One source for the failed checks: the override audited with the submit.
    [override] = [f.quality_override() for f in checklist.overrides()]
    assert override.failed_checks == ("glare",)
    assert note.to_json(override.failed_checks) == {
        "corners": "adjusted",
        "points": [list(p) for p in corners],
        "checks": ["glare"],
    }
    assert attachments["surat-kehilangan"].capture is None
    # A draft resumed later still knows how the corners were set, and where.
    again = DocumentChecklist(catalog, "ktp-el-hilang")
    again.restore(checklist.to_dict(), {"sha-kk": replace(moved, corners=(), corners_set="")})
    assert again.files["kk"].capture_note() == note


def test_a_ktp_offered_as_the_kk_page_is_flagged_and_can_be_overridden(
    catalog: CatalogView,
) -> None:
    kk = catalog.document("kk")
    card = media.document_photo(3, "ktp").image
    result = process_image(card, kk, "camera")
    assert "wrong_document" in result.codes
    assert result.with_override("KK hilang, hanya fotokopi ukuran kartu").accepted
    page = process_image(media.document_photo(2, "kk").image, kk, "camera")
    assert "wrong_document" not in page.codes


def test_the_same_image_for_two_documents_is_flagged(catalog: CatalogView) -> None:
    checklist = DocumentChecklist(catalog, "ktp-el-hilang")
    codes = [i.code for i in checklist.items if i.document.kind == "page"][:2]
    assert len(codes) == 2, codes
    photo = media.document_photo(2, "kk").image
    first = process_image(photo, catalog.document(codes[0]), "camera")
    second = process_image(photo, catalog.document(codes[1]), "camera")
    checklist.put(first)
    checklist.put(second)
    assert "same_image" not in checklist.files[codes[0]].codes
    assert "same_image" in checklist.files[codes[1]].codes
    other = process_image(media.document_photo(5, "kk").image, catalog.document(codes[1]), "camera")
    checklist.put(other)
    assert "same_image" not in checklist.files[codes[1]].codes
