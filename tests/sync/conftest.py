from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.local_store import Store
from sync.engine import SyncEngine
from sync.enrollment import enroll
from tests.helpers.faultproxy import FaultProxy
from tests.helpers.processes import ServerProcess

OFFICE = "31.71.01"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """One SQLite-backed server process per module (the PostgreSQL runs are in tests/e2e)."""
    folder = tmp_path_factory.mktemp("server")
    # Every test enrolls a device of its own, from the one loopback address: more than the
    # default bucket of 10 enrollments per address would allow in a module's few seconds.
    process = ServerProcess(
        folder, f"sqlite:///{folder / 'server.sqlite3'}", serve_args=("--enroll-burst", "1000")
    )
    process.start()
    yield process
    process.stop()


@pytest.fixture
def proxy(server: ServerProcess) -> Iterator[FaultProxy]:
    link = FaultProxy(server.port)
    yield link
    link.close()


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    opened = Store.open(data_dir)
    yield opened
    opened.close()


@pytest.fixture
def enrolled(store: Store, server: ServerProcess, proxy: FaultProxy) -> Store:
    enroll(store, proxy.url, server.enrollment_code(OFFICE), "loket 1")
    return store


@pytest.fixture
def engine(enrolled: Store) -> SyncEngine:
    return SyncEngine(enrolled)
