"""A session that ends while a verifier works: a sign-in page that says so, then back to the work.

Runs on SQLite and on a real PostgreSQL (the `database_url` fixture).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from server.models import StaffSession

from .backoffice_helpers import PASSWORD, Backoffice, csrf_of, make_backoffice
from .builders import Kiosk
from .conftest import Harness

EXPIRED = "Sesi Anda berakhir"


@pytest.fixture
def bo(server: Harness) -> Iterator[Backoffice]:
    yield from make_backoffice(server)


def _idle_for_a_year(bo: Backoffice) -> None:
    with bo.intake.database.write() as session:
        for row in session.scalars(sa.select(StaffSession)):
            row.last_seen_at = row.last_seen_at.replace(year=row.last_seen_at.year - 1)


def _sign_in_on(bo: Backoffice, page_html: str, next_path: str | None) -> str:
    data = {"username": "siti", "password": PASSWORD, "csrf_token": csrf_of(page_html)}
    if next_path is not None:
        data["next"] = next_path
    answer = bo.client.post("/backoffice/login", data=data, follow_redirects=False)
    assert answer.status_code == 303
    return str(answer.headers["location"])


def test_a_decision_posted_after_expiry_gets_the_sign_in_page_and_returns_to_the_application(
    bo: Backoffice, kiosk: Kiosk
) -> None:
    url = bo.reviewing(kiosk, "5108-0701")
    csrf = bo.csrf()
    _idle_for_a_year(bo)
    posted = bo.client.post(
        f"{url}/decision",
        data={"csrf_token": csrf, "action": "reject", "reason": "kk-buram", "note": "x"},
    )
    # An HTML sign-in form that says what happened, not a JSON body the browser shows raw.
    assert posted.status_code == 401
    assert posted.headers["content-type"].startswith("text/html")
    assert EXPIRED in posted.text
    assert 'name="username"' in posted.text
    assert f'name="next" value="{url}"' in posted.text
    assert "5108-0701" not in posted.text  # still nothing about the application itself
    assert _sign_in_on(bo, posted.text, url) == url
    review = bo.client.get(url).text
    assert 'id="status" data-status="received"' in review  # nothing was decided


def test_a_page_opened_after_expiry_comes_back_after_sign_in(bo: Backoffice, kiosk: Kiosk) -> None:
    url = bo.reviewing(kiosk, "5108-0702")
    _idle_for_a_year(bo)
    answer = bo.client.get(url, follow_redirects=False)
    assert answer.status_code == 303
    login = answer.headers["location"]
    assert login.startswith("/backoffice/login?next=")
    page = bo.client.get(login)
    assert f'name="next" value="{url}"' in page.text
    assert _sign_in_on(bo, page.text, url) == url


OFF_SITE = ["https://evil.example/", "//evil.example/backoffice/", "/elsewhere", "/backoffice\\x"]


@pytest.mark.parametrize("target", OFF_SITE)
def test_sign_in_never_sends_anyone_off_the_back_office(bo: Backoffice, target: str) -> None:
    bo.add_user("siti")
    page = bo.client.get("/backoffice/login")
    assert _sign_in_on(bo, page.text, target) == "/backoffice/"
