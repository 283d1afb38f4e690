from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from kiosk.store.db import alembic_config, create_sqlite_engine, migrate
from kiosk.store.models import Base


def test_migrating_an_empty_database_creates_every_table(tmp_path: Path) -> None:
    engine = create_sqlite_engine(tmp_path / "k.sqlite3")
    migrate(engine)
    assert set(inspect(engine).get_table_names()) == {
        "alembic_version",
        *Base.metadata.tables,
    }
    migrate(engine)  # running again on every start is a no-op
    engine.dispose()


def test_models_and_migrations_do_not_drift(tmp_path: Path) -> None:
    engine = create_sqlite_engine(tmp_path / "k.sqlite3")
    migrate(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []


def test_downgrade_to_base_and_back(tmp_path: Path) -> None:
    engine = create_sqlite_engine(tmp_path / "k.sqlite3")
    migrate(engine)
    command.downgrade(alembic_config(engine), "base")
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    migrate(engine)
    assert "applications" in inspect(engine).get_table_names()
    engine.dispose()


def test_a_database_a_newer_version_migrates_is_backed_up_first(tmp_path: Path) -> None:
    import sqlite3

    from kiosk.store.db import BACKUPS_KEPT

    path = tmp_path / "k.sqlite3"
    engine = create_sqlite_engine(path)
    migrate(engine, "0005")  # what an older version of the app left
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO device_state (key, value) VALUES ('marker', 'lama')")
    migrate(engine)  # the new version's first start
    backups = list((tmp_path / "backups").glob("kiosk-0005-*.sqlite3"))
    assert len(backups) == 1
    copy = sqlite3.connect(backups[0])
    try:
        assert copy.execute("SELECT value FROM device_state WHERE key='marker'").fetchone() == (
            "lama",
        )
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == ("0005",)
    finally:
        copy.close()
    migrate(engine)  # at head: no further copy
    assert len(list((tmp_path / "backups").iterdir())) == 1
    for _ in range(BACKUPS_KEPT + 1):
        command.downgrade(alembic_config(engine), "0005")
        migrate(engine)
    assert len(list((tmp_path / "backups").iterdir())) == BACKUPS_KEPT
    engine.dispose()
