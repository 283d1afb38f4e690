"""The small core every part of the local store takes: the engine, the one writer, the keys
and the vault.

Parts (the outbox, drafts, the audit log, accounts, the application records and the
submission) take this core, never the `Store` that wires them together, so no part imports
its owner. Every database session is opened here, which is where the debug-mode thread guard
(`thread_guard`) looks at each use: the UI installs one that fails on the Qt main thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from kiosk.errors import StorageError
from kiosk.store.crypto import DeviceKeys
from kiosk.store.db import create_sqlite_engine, migrate
from kiosk.store.files import create_private_file, disk_full_error, is_disk_full, make_private
from kiosk.store.vault import Vault

DATABASE_FILE = "kiosk.sqlite3"


class StoreCore:
    def __init__(self, data_dir: Path) -> None:
        """Opens (creating and migrating as needed) the database, the keys and the vault."""
        self.data_dir = data_dir
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
            # Older versions left the database 0644 and vault/ 0755 (issue 11, point 13).
            make_private(data_dir)
            create_private_file(data_dir / DATABASE_FILE)
            self.engine = create_sqlite_engine(data_dir / DATABASE_FILE)
            migrate(self.engine)
        except (OSError, SQLAlchemyError) as exc:
            if is_disk_full(exc):
                raise disk_full_error(data_dir / DATABASE_FILE) from exc
            raise StorageError(
                f"Basis data di {data_dir} tidak bisa dibuka atau rusak. Hubungi petugas TI; "
                "jangan hapus folder ini.",
                f"The database in {data_dir} cannot be opened or is damaged. Call IT support; "
                "do not delete this folder.",
                code="database_unavailable",
            ) from exc
        self.keys = DeviceKeys.load_or_create(data_dir)
        self.vault = Vault(data_dir / "vault", self.keys)
        self._write_lock = threading.Lock()
        self.thread_guard: Callable[[], None] | None = None
        """Called before every database use; raises where the store must not be used."""

    def _check_thread(self) -> None:
        if self.thread_guard is not None:
            self.thread_guard()

    @contextmanager
    def write_session(self) -> Iterator[Session]:
        """A session in one transaction under the single-writer lock (one writer at a time)."""
        self._check_thread()
        with self._write_lock, Session(self.engine) as session:
            try:
                with session.begin():
                    yield session
            except (OSError, SQLAlchemyError) as exc:
                if is_disk_full(exc):  # the transaction rolled back: nothing half-written
                    raise disk_full_error(self.data_dir / DATABASE_FILE) from exc
                raise

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A session for reading ORM rows (no lock: WAL lets readers run beside the writer)."""
        self._check_thread()
        with Session(self.engine) as session:
            yield session

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A plain connection for column-only queries (lists, counts, recaps)."""
        self._check_thread()
        with self.engine.connect() as connection:
            yield connection

    def close(self) -> None:
        self.engine.dispose()
