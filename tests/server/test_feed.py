"""The change feed: decisions flow back per office, in cursor order, with reasons."""

from __future__ import annotations

import itertools
import uuid

import pytest

from server import statuses
from server.errors import IllegalTransition, InvalidRequest, NotFound
from server.feed import decide
from sync import protocol as P
from sync.protocol import ApplicationStatus as S

from .builders import OTHER_OFFICE, Application, Kiosk, documents, submit
from .conftest import Harness


def changes(server: Harness, kiosk: Kiosk, since: str = "", limit: int = 200) -> P.ChangesPage:
    response = server.client.get(
        P.CHANGES_PATH, params={"since": since, "limit": limit}, headers=kiosk.headers
    )
    assert response.status_code == 200, response.text
    return P.ChangesPage.model_validate(response.json())


def test_a_rejection_reaches_the_office_with_reason_and_fix(server: Harness, kiosk: Kiosk) -> None:
    app = Application(documents(100), number="3171-0009")
    submit(server.client, kiosk, app)
    first = changes(server, kiosk)
    assert [(e.status, e.number) for e in first.entries] == [("received", "3171-0009")]
    decide(
        server.database,
        app.application_id,
        S.REJECTED,
        reason="KK hasil fotokopi",
        fix="Foto KK asli",
        operator_id="verifikator-1",
    )
    page = changes(server, kiosk, since=first.cursor)
    assert len(page.entries) == 1
    entry = page.entries[0]
    assert (entry.application_id, entry.version, entry.status) == (
        app.application_id,
        1,
        "rejected",
    )
    assert (entry.reason, entry.fix) == ("KK hasil fotokopi", "Foto KK asli")
    assert int(page.cursor) > int(first.cursor)
    assert changes(server, kiosk, since=page.cursor).entries == []
    assert changes(server, kiosk, since=page.cursor).cursor == page.cursor


def test_the_feed_is_scoped_to_the_devices_office(server: Harness, kiosk: Kiosk) -> None:
    submit(server.client, kiosk, Application(documents(10)))
    stranger = server.enroll(office=OTHER_OFFICE)
    assert changes(server, stranger).entries == []
    colleague = server.enroll(name="loket 2")
    assert len(changes(server, colleague).entries) == 1


def test_pages_follow_each_other_without_gaps_or_repeats(server: Harness, kiosk: Kiosk) -> None:
    apps = [Application(documents(10)) for _ in range(7)]
    for app in apps:
        assert submit(server.client, kiosk, app)["status"] == "received"
    for app in apps[:3]:
        decide(
            server.database, app.application_id, S.VERIFIED, reason=None, fix=None, operator_id="v"
        )
    seen: list[str] = []
    cursor = ""
    while True:
        page = changes(server, kiosk, since=cursor, limit=3)
        seen.extend(entry.cursor for entry in page.entries)
        cursor = page.cursor
        if not page.has_more:
            break
    assert len(seen) == 10
    assert [int(c) for c in seen] == sorted(int(c) for c in seen)
    assert len(set(seen)) == 10


def test_the_full_verifier_path_to_collected(server: Harness, kiosk: Kiosk) -> None:
    app = Application(documents(10))
    submit(server.client, kiosk, app)
    for status in (S.VERIFIED, S.PROCESSING, S.READY, S.COLLECTED):
        _, changed = decide(
            server.database, app.application_id, status, reason=None, fix=None, operator_id="v"
        )
        assert changed
    assert [e.status for e in changes(server, kiosk).entries] == [
        "received",
        "verified",
        "processing",
        "ready",
        "collected",
    ]


def test_repeating_a_decision_adds_nothing(server: Harness, kiosk: Kiosk) -> None:
    app = Application(documents(10))
    submit(server.client, kiosk, app)
    decide(server.database, app.application_id, S.VERIFIED, reason=None, fix=None, operator_id="v")
    before = server.snapshot()
    _, changed = decide(
        server.database, app.application_id, S.VERIFIED, reason=None, fix=None, operator_id="v"
    )
    assert not changed
    assert server.snapshot() == before


def test_illegal_decisions_are_refused_and_change_nothing(server: Harness, kiosk: Kiosk) -> None:
    incomplete = Application(documents(10))
    server.client.put(incomplete.path, json=incomplete.manifest(), headers=kiosk.headers)
    done = Application(documents(10))
    submit(server.client, kiosk, done)
    before = server.snapshot()
    with pytest.raises(IllegalTransition, match="belum lengkap"):
        decide(
            server.database,
            incomplete.application_id,
            S.VERIFIED,
            reason=None,
            fix=None,
            operator_id="v",
        )
    with pytest.raises(IllegalTransition):
        decide(
            server.database,
            done.application_id,
            S.COLLECTED,
            reason=None,
            fix=None,
            operator_id="v",
        )
    with pytest.raises(InvalidRequest, match="alasan"):
        decide(
            server.database, done.application_id, S.REJECTED, reason=None, fix=None, operator_id="v"
        )
    with pytest.raises(NotFound):
        decide(server.database, uuid.uuid4(), S.VERIFIED, reason=None, fix=None, operator_id="v")
    assert server.snapshot() == before


@pytest.mark.parametrize(
    ("current", "new"), list(itertools.product(list(S), list(S))), ids=lambda s: s.value
)
def test_the_state_machine_allows_exactly_its_table(current: S, new: S) -> None:
    reason = "alasan" if new == S.REJECTED else None
    allowed = current != S.INCOMPLETE and new in statuses.ALLOWED[current]
    if allowed:
        statuses.check_decision(current, new, reason, None)
    else:
        with pytest.raises((IllegalTransition, InvalidRequest)):
            statuses.check_decision(current, new, reason, None)


def test_decisions_never_set_upload_states() -> None:
    assert S.RECEIVED not in statuses.DECISIONS
    assert S.INCOMPLETE not in statuses.DECISIONS
    for targets in statuses.ALLOWED.values():
        assert S.RECEIVED not in targets
        assert S.INCOMPLETE not in targets


def test_the_since_cursor_is_validated(server: Harness, kiosk: Kiosk) -> None:
    for bad in ("-1", "abc", "1" * 19, "1.5"):
        response = server.client.get(P.CHANGES_PATH, params={"since": bad}, headers=kiosk.headers)
        assert response.status_code == 422, bad
    for bad_limit in ("0", str(P.FEED_PAGE_MAX + 1), "x"):
        response = server.client.get(
            P.CHANGES_PATH, params={"limit": bad_limit}, headers=kiosk.headers
        )
        assert response.status_code == 422, bad_limit
