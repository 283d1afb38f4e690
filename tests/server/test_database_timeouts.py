"""A PostgreSQL that accepts connections and never answers must not hang the server.

`/readyz` and every request open connections through `create_db_engine`; without a connect
timeout, libpq waits for a silent server for as long as TCP keeps the socket open, so the
readiness probe hangs instead of turning false.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from server.db import create_db_engine


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A TCP listener that accepts and then says nothing (a hung database host)."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            accepted.append(connection)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        for connection in accepted:
            connection.close()
        listener.close()
        thread.join(5)


def test_connecting_to_a_silent_postgresql_gives_up_within_seconds(silent_server: int) -> None:
    engine = create_db_engine(f"postgresql+psycopg2://kiosk:x@127.0.0.1:{silent_server}/kiosk")
    outcome: list[BaseException | None] = []

    def connect() -> None:
        try:
            with engine.connect() as connection:
                connection.execute(sa.text("SELECT 1"))
        except BaseException as exc:  # noqa: BLE001 - recorded for the assertion below
            outcome.append(exc)
        else:
            outcome.append(None)

    started = time.monotonic()
    thread = threading.Thread(target=connect, daemon=True)
    thread.start()
    thread.join(15)
    elapsed = time.monotonic() - started
    assert not thread.is_alive(), "connecting to a silent database hung for 15 s"
    assert isinstance(outcome[0], sa.exc.OperationalError)
    assert elapsed < 10
    engine.dispose()
