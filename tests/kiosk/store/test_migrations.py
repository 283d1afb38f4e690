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
