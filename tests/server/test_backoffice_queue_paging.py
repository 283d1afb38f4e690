"""Queue pages by keyset: next/previous links carry a (received_at, pk) cursor.

Runs on SQLite and on a real PostgreSQL (the `database_url` fixture).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from urllib.parse import parse_qs

import pytest

from server.queue_paging import Cursor

from .backoffice_helpers import Backoffice, make_backoffice, submit_many
from .builders import Kiosk
from .conftest import Harness


@pytest.fixture
def bo(server: Harness) -> Iterator[Backoffice]:
    yield from make_backoffice(server)


def _numbers(page: str) -> list[str]:
    return re.findall(r"5108-3\d{3}", page)


def _link(page: str, rel: str) -> str:
    found = re.search(rf'<a rel="{rel}" href="([^"]+)"', page)
    assert found, rel
    return "/backoffice/" + html.unescape(found.group(1))


def test_next_and_previous_follow_cursors_and_match_the_numbered_pages(
    bo: Backoffice, server: Harness, kiosk: Kiosk
) -> None:
    bo.add_user("siti")
    submit_many(bo, server, kiosk, 52, "5108-3")
    bo.sign_in("siti")
    first = bo.client.get("/backoffice/?queue=new").text
    assert len(set(_numbers(first))) == 50
    following = _link(first, "next")
    assert "after=" in following
    assert "page=2" in following
    second = bo.client.get(following).text
    assert "2 / 2" in second
    assert _numbers(second) == _numbers(bo.client.get("/backoffice/?queue=new&page=2").text)
    assert set(_numbers(second)).isdisjoint(_numbers(first))
    assert len(set(_numbers(second))) == 2
    back = _link(second, "prev")
    assert "before=" in back
    assert "page=1" in back
    assert _numbers(bo.client.get(back).text) == _numbers(first)


def test_a_malformed_cursor_falls_back_to_the_page_number(bo: Backoffice, kiosk: Kiosk) -> None:
    bo.add_user("siti")
    bo.submit_sealed(kiosk, "5108-3900")
    bo.sign_in("siti")
    page = bo.client.get("/backoffice/?queue=new&page=1&after=x.y&before=9" + "9" * 60)
    assert page.status_code == 200
    assert "5108-3900" in page.text
    assert Cursor.parse("12.x") is None
    cursor = Cursor.parse("1764680000123456.42")
    assert cursor is not None
    assert cursor.pk == 42
    assert Cursor.parse(cursor.text()) == cursor


def test_the_pager_keeps_every_filter_of_the_list(
    bo: Backoffice, server: Harness, kiosk: Kiosk
) -> None:
    """Next on a status- and date-filtered list stays on that list (the links used to keep
    only the search, office and service)."""
    bo.add_user("siti")
    submit_many(bo, server, kiosk, 51, "5108-3")
    bo.sign_in("siti")
    filtered = "queue=all&status=received&from=2000-01-01&to=2999-12-31"
    following = _link(bo.client.get(f"/backoffice/?{filtered}").text, "next")
    query = parse_qs(following.split("?", 1)[1])
    assert query["status"] == ["received"]
    assert query["from"] == ["2000-01-01"]
    assert query["to"] == ["2999-12-31"]
    second = bo.client.get(following).text
    assert len(set(_numbers(second))) == 1
    query = parse_qs(_link(second, "prev").split("?", 1)[1])
    assert (query["status"], query["from"], query["to"]) == (
        ["received"],
        ["2000-01-01"],
        ["2999-12-31"],
    )
