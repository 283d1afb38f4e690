"""A rejection the server refuses (no reason ticked) comes back on the application's page.

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


def test_a_rejection_without_a_reason_keeps_the_page_and_the_note(
    bo: Backoffice, kiosk: Kiosk
) -> None:
    url = bo.reviewing(kiosk, "5108-0801")
    note = "Lipatan menutupi nomor KK & tanggal"
    answer = bo.client.post(
        f"{url}/decision", data={"csrf_token": bo.csrf(), "action": "reject", "note": note}
    )
    assert answer.status_code == 400
    # The same application's page, the error beside the reasons, the note still typed in.
    assert 'id="status" data-status="received"' in answer.text
    assert 'id="reject-form"' in answer.text
    error = re.search(r'<p class="error" role="alert" id="reject-error">(.*?)</p>', answer.text)
    assert error is not None
    assert "Pilih minimal satu alasan" in error.group(1)
    assert ">Lipatan menutupi nomor KK &amp; tanggal</textarea>" in answer.text
    # A reason then ticked is kept ticked when another part is refused (an unknown code).
    again = bo.client.post(
        f"{url}/decision",
        data={"csrf_token": bo.csrf(), "action": "reject", "reason": ["kk-buram", "no-such"]},
    )
    assert again.status_code == 400
    assert re.search(r'value="kk-buram"[^>]*checked', again.text)
    assert bo.client.get(url).text.count('data-status="received"') >= 1  # nothing decided
