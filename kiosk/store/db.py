"""The SQLite engine: WAL, synchronous=FULL, foreign keys on, migrations applied on open."""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
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


BACKUPS_KEPT = 3


def backup_before_migrating(engine: Engine, config: Config) -> Path | None:
    """A copy of a database that is about to be migrated (a new version's first start), so an
    update can be undone: `backups/kiosk-<old revision>-<time>.sqlite3` beside it, the newest
    BACKUPS_KEPT kept. Nothing is copied for a new database or one already at head."""
    database = engine.url.database
    if not database or not Path(database).exists():
        return None
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    head = ScriptDirectory.from_config(config).get_current_head()
    if current is None or current == head:
        return None
    folder = Path(database).parent / "backups"
    folder.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    target = folder / f"kiosk-{current}-{stamp}.sqlite3"
    source = sqlite3.connect(database)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # consistent even with WAL frames not yet checkpointed
    finally:
        copy.close()
        source.close()
    for old in sorted(folder.glob("kiosk-*.sqlite3"), key=lambda p: p.stat().st_mtime)[
        :-BACKUPS_KEPT
    ]:
        old.unlink()
    log.info("database backed up before migrating from %s: %s", current, target)
    return target


def migrate(engine: Engine, revision: str = "head") -> None:
    """Brings the schema to `revision`; safe to run on every start. A database that a newer
    version is about to migrate is backed up first."""
    config = alembic_config(engine)
    backup_before_migrating(engine, config)
    command.upgrade(config, revision)
    log.debug("schema at %s (%d tables)", revision, len(inspect(engine).get_table_names()))
