"""The queue counts agree with what each queue lists, for every status, holder and version.

Runs on SQLite and on a real PostgreSQL (the `database_url` fixture).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from server.queue_counts import CountCache, count_queues
from server.staff import get_member
from server.worklist import Filters, Queue, list_queue

from .backoffice_helpers import Backoffice, make_backoffice
from .builders import Kiosk
from .conftest import Harness


@pytest.fixture
def bo(server: Harness) -> Iterator[Backoffice]:
    yield from make_backoffice(server)


def _set(bo: Backoffice, number: str, status: str) -> None:
    with bo.intake.database.engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE applications SET status = :s WHERE number = :n"),
            {"s": status, "n": number},
        )


def _hold(bo: Backoffice, app: object, username: str) -> None:
    with bo.intake.database.engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO application_assignments (application_id, username, assigned_at) "
                "VALUES (:a, :u, CURRENT_TIMESTAMP)"
            ),
            {"a": app.application_id.hex, "u": username},  # type: ignore[attr-defined]
        )


def test_every_queue_count_equals_the_rows_it_lists(bo: Backoffice, kiosk: Kiosk) -> None:
    bo.add_user("siti")
    bo.add_user("made")
    apps = [bo.submit_sealed(kiosk, f"5108-2{i:03d}") for i in range(9)]
    _hold(bo, apps[1], "siti")  # mine
    _hold(bo, apps[2], "made")  # held by someone else: in no one's 'new'
    _set(bo, "5108-2003", "rejected")
    _set(bo, "5108-2004", "verified")
    _hold(bo, apps[4], "siti")  # mine and processing
    _set(bo, "5108-2005", "processing")
    _set(bo, "5108-2006", "ready")
    _set(bo, "5108-2007", "collected")
    _hold(bo, apps[7], "siti")  # collected is not open: not mine
    _set(bo, "5108-2008", "incomplete")  # never listed or counted
    with bo.intake.database.read() as session:
        member = get_member(session, "siti")
        assert member is not None
        counts = count_queues(session, member)
    expected = {
        Queue.NEW: 1,
        Queue.MINE: 2,
        Queue.CORRECTION: 1,
        Queue.PROCESSING: 2,
        Queue.READY: 1,
        Queue.COLLECTED: 1,
        Queue.ALL: 8,
    }
    assert counts == expected
    for queue in Queue:
        page = list_queue(bo.intake.database, member, Filters(queue=queue), None, CountCache())
        assert len(page.rows) == expected[queue], queue
