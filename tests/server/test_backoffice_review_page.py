"""The review page: approving takes a deliberate second step, confirmed by a tick; only the
reasons that apply show.

Runs on SQLite and on a real PostgreSQL (the `database_url` fixture).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from .backoffice_helpers import Backoffice, make_backoffice
from .builders import Kiosk
from .conftest import Harness


@pytest.fixture
def bo(server: Harness) -> Iterator[Backoffice]:
    yield from make_backoffice(server)


def _approve_forms(page: str) -> list[str]:
    return re.findall(r'<form[^>]*>(?:(?!</form>).)*value="approve"', page, re.S)


def test_the_approve_button_only_opens_a_confirmation(bo: Backoffice, kiosk: Kiosk) -> None:
    url = bo.reviewing(kiosk, "5108-0901")
    page = bo.client.get(url).text
    # Setujui (A) is no submit button: it opens the confirmation (no approve form on its own).
    button = re.search(r'<a [^>]*id="approve"[^>]*>', page)
    assert button is not None, page
    assert "?confirm=approve" in button.group(0)
    dialog = re.search(r'<dialog id="approve-confirm"([^>]*)>(.*?)</dialog>', page, re.S)
    assert dialog is not None
    assert "open" not in dialog.group(1)
    assert _approve_forms(page) == _approve_forms(dialog.group(2))
    # Without script the link shows the page with the confirmation open, naming the number.
    asked = bo.client.get(url + "?confirm=approve").text
    opened = re.search(r'<dialog id="approve-confirm"([^>]*)>(.*?)</dialog>', asked, re.S)
    assert opened is not None
    assert "open" in opened.group(1)
    assert "5108-0901" in opened.group(2)
    assert 'id="approve-yes"' in opened.group(2)
    assert "autofocus" in opened.group(2)
    assert 'data-status="received"' in asked  # nothing decided by asking


def test_the_confirmation_asks_the_verifier_to_tick_that_they_checked(
    bo: Backoffice, kiosk: Kiosk
) -> None:
    url = bo.reviewing(kiosk, "5108-0906")
    page = bo.client.get(f"{url}?confirm=approve").text
    dialog = re.search(r'<dialog id="approve-confirm"[^>]*>(.*?)</dialog>', page, re.S)
    assert dialog is not None
    tick = re.search(r'<input [^>]*name="confirmed"[^>]*>', dialog.group(1))
    assert tick is not None, dialog.group(1)
    for attribute in ('type="checkbox"', 'value="yes"', "required"):
        assert attribute in tick.group(0)
    assert "Saya sudah memeriksa dokumen" in dialog.group(1)
    assert "I have checked" in dialog.group(1)


@pytest.mark.parametrize(
    "confirmation",
    [
        {},
        {"confirmed": ""},
        {"confirmed": "no"},
        {"confirmed": "YES"},
        {"confirmed": ["no", "yes"]},
    ],
)
def test_an_approval_without_the_tick_is_refused_and_changes_nothing(
    bo: Backoffice, kiosk: Kiosk, confirmation: dict[str, object]
) -> None:
    """A forged or hand-made post (no tick, another value, the value twice) approves nothing."""
    url = bo.reviewing(kiosk, "5108-0907")
    data = {"action": "approve", "csrf_token": bo.csrf(), **confirmation}
    before = bo.intake.snapshot()
    answer = bo.client.post(f"{url}/decision", data=data, follow_redirects=False)
    assert answer.status_code == 400
    assert "Persetujuan belum dipastikan" in answer.text
    assert "Nothing was changed" in answer.text
    assert f'href="{url}?confirm=approve"' in answer.text  # back to the confirmation
    assert bo.intake.snapshot() == before
    assert 'data-status="received"' in bo.client.get(url).text


def test_an_approval_with_the_tick_approves(bo: Backoffice, kiosk: Kiosk) -> None:
    url = bo.reviewing(kiosk, "5108-0908")
    data = {"action": "approve", "confirmed": "yes", "csrf_token": bo.csrf()}
    answer = bo.client.post(f"{url}/decision", data=data)
    assert answer.status_code == 200
    assert 'data-status="verified"' in answer.text


def test_the_key_hint_names_the_confirmation(bo: Backoffice, kiosk: Kiosk) -> None:
    url = bo.reviewing(kiosk, "5108-0902")
    page = bo.client.get(url).text
    assert "A setujui (Spasi mencentang, Enter memastikan, Esc batal)" in page


def test_only_the_reasons_of_this_applications_documents_show(bo: Backoffice, kiosk: Kiosk) -> None:
    url = bo.reviewing(kiosk, "5108-0903")
    page = bo.client.get(url).text
    documents = set(re.findall(r'<li data-document="([^"]+)"', page))
    targets = re.findall(r'name="reason" value="[^"]+" data-target="document:([^"]+)"', page)
    assert documents, page
    assert targets, page
    assert set(targets) <= documents, (targets, documents)
    assert 'data-target="document:selfie"' not in page or "selfie" in documents
    assert 'data-target="field:nik"' in page  # field reasons stay


def test_codes_show_as_names_from_the_catalog(bo: Backoffice, kiosk: Kiosk) -> None:
    url = bo.reviewing(kiosk, "5108-0904")
    page = bo.client.get(url).text
    # The document buttons carry the catalog's names, Indonesian first.
    kk = re.search(r'data-code="kk">(.*?)</button>', page, re.S)
    assert kk is not None
    assert "Kartu Keluarga" in kk.group(1)
    assert "Family card" in kk.group(1)
    # Reason targets name the document, not `document:kk`.
    assert "(document:kk)" not in page
    assert "<small>(Kartu Keluarga" in page


def test_service_sex_consent_and_quality_checks_show_in_words(bo: Backoffice, kiosk: Kiosk) -> None:
    url = bo.reviewing(
        kiosk,
        "5108-0905",
        fields={"sex": "P", "extra_kontak_izin": "whatsapp,email"},
        quality={"kk": {"failed_checks": ["blurry", "glare"]}},
    )
    page = bo.client.get(url).text
    assert 'data-service="ktp-el-hilang">KTP-el hilang <span class="en">/ Lost KTP-el' in page
    assert 'data-field="sex">Perempuan <span class="en">/ Female</span></dd>' in page
    assert 'data-field="extra_kontak_izin">WhatsApp, email <span' in page
    failed = re.search(r'class="failed">(.*?)</span></span>', page, re.S)
    assert failed is not None
    assert 'buram <span class="en">/ blurry</span>, pantulan cahaya' in failed.group(1)
    assert "blurry, glare" not in page


def test_every_finding_the_kiosk_sends_shows_by_its_name(bo: Backoffice, kiosk: Kiosk) -> None:
    """The findings past the first few (same image, tilt, a covered face) have names too."""
    checks = ["same_image", "too_tilted", "face_covered", "finger"]
    url = bo.reviewing(kiosk, "5108-0909", quality={"kk": {"failed_checks": checks}})
    page = bo.client.get(url).text
    failed = re.search(r'class="failed">(.*?)</span></span>', page, re.S)
    assert failed is not None
    for name in ("gambar sama dengan dokumen lain", "dokumen terlalu miring", "wajah tertutup"):
        assert name in failed.group(1)
    for code in ("same_image", "too_tilted", "face_covered"):
        assert code not in failed.group(1)
