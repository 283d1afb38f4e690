"""Engines, transactions and migrations for PostgreSQL (production) and SQLite (demo).

Writes go through `Database.write()`, which makes concurrent retries safe on both databases:
on PostgreSQL the service code locks the rows it changes (SELECT ... FOR UPDATE, in a fixed
order: application, then attachment, then the feed counter); SQLite ignores FOR UPDATE, so a
write transaction there starts with BEGIN IMMEDIATE and holds the single writer lock from its
first read. Without that, two SQLite transactions could both read "offset 0" and both append.
The writers of one process take that lock in arrival order (`WriterQueue`): SQLite's own busy
handler polls with sleeps of up to 100 ms, so under a herd a writer could lose again and again
and wait seconds while later ones went first.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from kiosk.store.files import create_private_file

from . import audit, feed_numbering

log = logging.getLogger("kiosk.server.db")

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_WRITE_OPTION = "kiosk_write"
SQLITE_BUSY_SECONDS = 30.0
"""How long a SQLite writer waits for the write lock (busy_timeout, and `WriterQueue`)."""


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WORKAROUND: pysqlite's own transaction handling defers BEGIN until the first write and
    # cannot do BEGIN IMMEDIATE; switching it off lets the "begin" hook below decide.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in (
        "journal_mode=WAL",
        "synchronous=FULL",
        "foreign_keys=ON",
        f"busy_timeout={int(SQLITE_BUSY_SECONDS * 1000)}",
    ):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _sqlite_begin(connection: sa.Connection) -> None:
    immediate = connection.get_execution_options().get(_WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


POSTGRES_CONNECT_ARGS = {
    "connect_timeout": 3,
    "keepalives": 1,
    "keepalives_idle": 30,
    "keepalives_interval": 5,
    "keepalives_count": 3,
    "tcp_user_timeout": 10_000,
}
"""libpq options: a database host that stops answering fails a connection in seconds (and an
open one within about a minute) instead of hanging requests and `/readyz` for as long as TCP
retries (minutes)."""


POSTGRES_POOL_SIZE = 40
"""Connections kept per process: one per thread of the request thread pool (anyio's 40), so
a herd never opens and closes overflow connections (a PostgreSQL backend each) per request.
No pre-ping (one more round trip per request): a connection that died with its server is
found by the first statement that fails on it, which invalidates the whole pool, so after a
PostgreSQL restart one request per process answers 503 (retried) and the next ones reconnect."""
POSTGRES_POOL_OVERFLOW = 10
"""Beyond the pool, for the few threads outside the request pool (the audit sweep, startup)."""


def create_db_engine(url: str) -> Engine:
    """An engine with the durability and locking settings this server relies on."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            # Operators' hashes and clear applications of older versions live here: 0600.
            create_private_file(Path(parsed.database))
        engine = sa.create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_SECONDS})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return sa.create_engine(
        parsed,
        pool_size=POSTGRES_POOL_SIZE,
        max_overflow=POSTGRES_POOL_OVERFLOW,
        connect_args=POSTGRES_CONNECT_ARGS,
    )


BLOB_REUSE_LOCK = 1_700_005
"""PostgreSQL advisory lock key: re-using a stored blob (shared) against retention (exclusive)."""


def lock_blob_reuse(session: Session, *, exclusive: bool = False) -> None:
    """Orders re-using a stored blob against retention deleting blobs, until commit.

    Intake takes it shared before it counts a stored blob toward a new application, retention
    exclusive before it decides which blobs nobody names: so either retention sees the new
    attachment and keeps the blob, or intake sees the tombstone and asks for the bytes.
    SQLite has one writer at a time, which orders them already.

    Lock order, on every path (PostgreSQL; docs/server.md, section Locks): application rows first
    (several in one statement, in primary-key order), then this lock, then whatever else
    (attachment rows, the audit head and feed counter at commit). A chunk locks its
    application and then, re-using a blob, takes this shared; a manifest locks the parent
    of a correction or the application it completes before it; retention locks every row it
    changes before taking it exclusive. A transaction that takes it after a row lock while
    another takes it before would let the two (or a third waiting for it exclusive) wait
    for each other.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    function = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
    session.execute(sa.text(f"SELECT {function}(:key)"), {"key": BLOB_REUSE_LOCK})


class WriterQueue:
    """The write transactions of one process, one at a time, in the order they asked.

    A writer that waited `timeout` seconds goes ahead without its turn (SQLite's busy
    handler then decides, as it does for other processes), and one nested in a write of the
    same thread does not wait for itself.
    """

    def __init__(self, timeout: float = SQLITE_BUSY_SECONDS) -> None:
        self.timeout = timeout
        self._lock = threading.Lock()
        self._turns: deque[threading.Event] = deque()
        self._owner: int | None = None

    @contextmanager
    def turn(self) -> Iterator[None]:
        me = threading.get_ident()
        with self._lock:
            if self._owner == me:
                nested = True
            elif self._owner is None and not self._turns:
                nested, self._owner = False, me
            else:
                nested, event = False, threading.Event()
                self._turns.append(event)
        if nested:
            yield
            return
        if self._owner != me and not self._wait(event, me):
            yield  # waited too long: without a turn, and nothing to hand over
            return
        try:
            yield
        finally:
            with self._lock:
                self._owner = None
                if self._turns:
                    self._turns.popleft().set()

    def _wait(self, event: threading.Event, me: int) -> bool:
        """True once `event` hands this thread the turn; False after the timeout."""
        if event.wait(self.timeout):
            with self._lock:
                self._owner = me
            return True
        with self._lock:
            if event.is_set():  # handed over just as the wait ended: take it
                self._owner = me
                return True
            self._turns.remove(event)
            return False


class Database:
    """One engine and its sessions; the only way server code talks to the database."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = create_db_engine(url)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        self._writers = WriterQueue() if self.is_sqlite else None
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        audit.install(self._sessions)  # every commit chains the audit entries it recorded
        feed_numbering.install(self._sessions)  # after audit: the feed counter last

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A transaction that commits on success and rolls back on any exception."""
        if self._writers is None:
            with self._sessions() as session, session.begin():
                session.connection(execution_options={_WRITE_OPTION: True})
                yield session
            return
        with self._writers.turn(), self._sessions() as session, session.begin():
            session.connection(execution_options={_WRITE_OPTION: True})
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; whatever it began is rolled back when it closes."""
        with self._sessions() as session:
            yield session

    @contextmanager
    def lookup(self) -> Iterator[sa.Connection]:
        """A connection for one-statement reads (the credential check of every request).

        No ORM session around it (its setup and teardown cost more CPU than the SELECT). On
        PostgreSQL outside a transaction: no BEGIN and ROLLBACK round trips around the
        SELECT. Elsewhere whatever it began is rolled back when it closes.
        """
        with self.engine.connect() as connection:
            if not self.is_sqlite:
                connection = connection.execution_options(isolation_level="AUTOCOMMIT")
            yield connection

    def chain_audit_backlog(self, *, wait: bool = False) -> int:
        """Chains audit entries left in `audit_pending` (server.audit); returns how many."""
        if self.is_sqlite:
            return 0  # one writer at a time: every commit chained its own entries
        return audit.chain_backlog(self._sessions, wait=wait)

    def dispose(self) -> None:
        self.engine.dispose()


def alembic_config(connection: sa.Connection | None = None) -> Any:
    """Alembic configuration pointing at server/migrations (no alembic.ini to lose)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def migrate(database: Database, revision: str = "head") -> str | None:
    """Upgrades the schema to `revision`; returns the revision the database is at after."""
    from alembic import command

    with database.engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)
    return current_revision(database)


def current_revision(database: Database) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with database.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def schema_is_current(database: Database) -> bool:
    """True when the database is migrated to the newest revision this code knows."""
    return current_revision(database) == head_revision()
