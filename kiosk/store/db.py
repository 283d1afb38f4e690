"""The SQLite engine: WAL, synchronous=FULL, foreign keys on, migrations applied on open."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, inspect

log = logging.getLogger("kiosk.db")
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def _set_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def create_sqlite_engine(path: Path) -> Engine:
    # The default queue pool hands a connection to one thread at a time; pragmas run once per
    # new connection instead of once per query.
    engine = create_engine(f"sqlite+pysqlite:///{path}", pool_size=4, max_overflow=4)
    event.listen(engine, "connect", _set_pragmas)
    return engine


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Brings the schema to `revision`; safe to run on every start."""
    command.upgrade(alembic_config(engine), revision)
    log.debug("schema at %s (%d tables)", revision, len(inspect(engine).get_table_names()))
