"""The queue table keeps its columns: fixed widths, long text cut with an ellipsis and given in
full in the cell's title (the layout itself is checked in Chromium, tests/e2e).

Runs on SQLite and on a real PostgreSQL (the `database_url` fixture).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pytest

from .backoffice_helpers import Backoffice, make_backoffice
from .builders import Kiosk
from .conftest import Harness


@pytest.fixture
def bo(server: Harness) -> Iterator[Backoffice]:
    yield from make_backoffice(server)


def _text(cell: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", cell)).split())


def test_every_column_has_a_fixed_width(bo: Backoffice, kiosk: Kiosk) -> None:
    bo.add_user("kadek", role="supervisor")
    bo.submit_sealed(kiosk, "5108-0960")
    bo.sign_in("kadek")
    page = bo.client.get("/backoffice/?queue=all").text
    table = re.search(r'<table class="queue">(.*?)</table>', page, re.S)
    assert table is not None
    columns = re.findall(r'<col class="col-([a-z]+)">', table.group(1))
    headers = re.findall(r"<th[ >]", table.group(1))
    assert columns == ["pick", "number", "service", "office", "status", "received", "holder"]
    assert len(headers) == len(columns)


def test_every_cell_gives_its_full_text_in_its_title(bo: Backoffice, kiosk: Kiosk) -> None:
    bo.add_user("verifikator.kecamatan-gambir01")
    app = bo.submit_sealed(kiosk, "5108-0961")
    bo.sign_in("verifikator.kecamatan-gambir01")
    taken = bo.client.post(
        f"/backoffice/applications/{app.application_id}/take", data={"csrf_token": bo.csrf()}
    )
    assert taken.status_code == 200
    page = bo.client.get("/backoffice/?queue=mine").text
    row = re.search(r"<tr data-href=[^>]*>(.*?)</tr>", page, re.S)
    assert row is not None
    cells = re.findall(r"<td([^>]*)>(.*?)</td>", row.group(1), re.S)
    assert len(cells) == 6
    for attributes, content in cells:
        title = re.search(r'title="([^"]*)"', attributes)
        assert title is not None, attributes
        assert _text(content) in html.unescape(title.group(1)), (title.group(1), content)
    holder = cells[-1]
    assert 'title="verifikator.kecamatan-gambir01"' in holder[0]
    service = cells[1]
    assert "KTP-el hilang" in _text(service[1])  # the service's name, not its code
    assert "ktp-el-hilang" in service[0]  # the code stays in reach (title, data-service)
