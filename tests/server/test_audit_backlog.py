"""The audit head is never waited for (PostgreSQL): a busy head parks entries, never loses them."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from server import audit
from server.api.app import create_app
from server.audit import record, verify_server_chain
from server.config import ServerSettings
from server.db import Database

from .conftest import empty_postgres

pytestmark = pytest.mark.postgres


@pytest.fixture
def database(postgres_shared: tuple[str, sa.Engine]) -> Iterator[Database]:
    url, engine = postgres_shared
    empty_postgres(engine)
    database = Database(url)
    yield database
    database.dispose()


def chained(database: Database) -> list[tuple[int, str]]:
    with database.engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT seq, action FROM audit_events ORDER BY seq"))
        return [(int(seq), action) for seq, action in rows]


def parked(database: Database) -> list[str]:
    with database.engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT action FROM audit_pending ORDER BY id"))
        return [action for (action,) in rows]


def write_while_the_head_is_held(database: Database, action: str) -> None:
    """Commits one entry while another transaction holds the audit head's row lock."""
    with database.engine.connect() as holder:
        holder.execute(sa.text("SELECT seq FROM audit_head WHERE id = 1 FOR UPDATE"))
        done = threading.Event()

        def write() -> None:
            with database.write() as session:
                record(session, action, "petugas1")
            done.set()

        writer = threading.Thread(target=write)
        writer.start()
        writer.join(20)
        # Committed without waiting for the holder: the lock is still held here.
        assert done.is_set()
        holder.rollback()


def test_a_write_does_not_wait_for_a_busy_head_and_its_entry_is_chained_next(
    database: Database,
) -> None:
    with database.write() as session:
        record(session, "first", "petugas1")
    write_while_the_head_is_held(database, "parked")
    assert (chained(database), parked(database)) == ([(1, "first")], ["parked"])
    with database.write() as session:
        record(session, "next", "petugas1")
    # The parked entry joins the chain before the one that found the head free.
    assert chained(database) == [(1, "first"), (2, "parked"), (3, "next")]
    assert parked(database) == []
    with database.read() as session:
        check = verify_server_chain(session)
    assert (check.ok, check.entries, check.head_seq) == (True, 3, 3)


def test_the_backlog_is_chained_without_further_writes(database: Database) -> None:
    write_while_the_head_is_held(database, "parked-1")
    write_while_the_head_is_held(database, "parked-2")
    assert parked(database) == ["parked-1", "parked-2"]
    assert database.chain_audit_backlog() == 2
    assert chained(database) == [(1, "parked-1"), (2, "parked-2")]
    assert database.chain_audit_backlog() == 0
    with database.read() as session:
        assert verify_server_chain(session).ok


def test_a_sweep_that_finds_its_backlog_already_chained_writes_nothing(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between the sweep's look at the backlog and its lock on the head, a commit chains it."""
    write_while_the_head_is_held(database, "parked")
    take_head = audit._take_head

    def a_commit_chains_it_first(session: Session, *, wait: bool) -> object:
        monkeypatch.setattr(audit, "_take_head", take_head)  # once: the commit below uses it
        with database.write() as other:
            record(other, "meanwhile", "petugas1")
        return take_head(session, wait=wait)

    monkeypatch.setattr(audit, "_take_head", a_commit_chains_it_first)
    assert database.chain_audit_backlog() == 0
    assert chained(database) == [(1, "parked"), (2, "meanwhile")]
    with database.read() as session:
        check = verify_server_chain(session)
    assert (check.ok, check.entries, check.head_seq) == (True, 2, 2)


def test_a_rolled_back_write_parks_nothing(database: Database) -> None:
    def fail_after_recording() -> None:
        with database.write() as session:
            record(session, "lost", "nobody")
            raise RuntimeError("rolled back")

    with database.engine.connect() as holder:
        holder.execute(sa.text("SELECT seq FROM audit_head WHERE id = 1 FOR UPDATE"))
        with pytest.raises(RuntimeError):
            fail_after_recording()
        holder.rollback()
    assert (chained(database), parked(database)) == ([], [])


def test_a_serving_process_chains_the_backlog_by_itself(database: Database, tmp_path: Path) -> None:
    settings = ServerSettings(database_url=database.url, data_dir=tmp_path / "server-data")
    write_while_the_head_is_held(database, "parked")
    with TestClient(create_app(settings, database)):
        deadline = time.monotonic() + 20
        while parked(database) and time.monotonic() < deadline:
            time.sleep(0.05)
    assert (chained(database), parked(database)) == ([(1, "parked")], [])


def test_a_backlog_chained_by_another_sweep_first_leaves_nothing_to_do(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sweep sees entries waiting, and before it takes the head another sweep (or a write's
    commit) chains them: it finds nothing left and writes nothing (it sent an INSERT with no
    rows before, a deprecation warning of SQLAlchemy that failed the sweep)."""
    write_while_the_head_is_held(database, "parked")
    real_take_head = audit._take_head
    raced: list[int] = []

    def take_head_after_another_sweep(session: Any, *, wait: bool) -> Any:
        if not raced:  # the other sweep runs between this one's look and its head lock
            raced.append(-1)
            raced[0] = database.chain_audit_backlog()
        return real_take_head(session, wait=wait)

    monkeypatch.setattr(audit, "_take_head", take_head_after_another_sweep)
    assert database.chain_audit_backlog() == 0
    assert raced == [1]
    assert [action for _seq, action in chained(database)] == ["parked"]
    assert parked(database) == []
