"""The queue's search box takes a number or a NIK as people read them out.

Runs on SQLite and on a real PostgreSQL (the `database_url` fixture).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .backoffice_helpers import Backoffice, make_backoffice
from .builders import NIK, Kiosk
from .conftest import Harness


@pytest.fixture
def bo(server: Harness) -> Iterator[Backoffice]:
    yield from make_backoffice(server)


def test_a_number_in_lower_case_and_a_nik_in_groups_are_found(bo: Backoffice, kiosk: Kiosk) -> None:
    url = bo.reviewing(kiosk, "5108-08AB")
    bo.client.get(url)  # now its NIK is searchable
    grouped = " ".join(NIK[i : i + 4] for i in range(0, 16, 4))
    for typed in ("5108-08AB", " 5108-08ab ", NIK, grouped, f" {NIK} "):
        page = bo.client.get("/backoffice/", params={"queue": "all", "q": typed}).text
        assert "5108-08AB" in page, typed
    assert "5108-08AB" not in bo.client.get("/backoffice/?queue=all&q=5108-08A").text
