"""Schema changes go through Alembic only: the migrations build exactly the models' schema."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from server.db import (
    Database,
    alembic_config,
    current_revision,
    head_revision,
    migrate,
    schema_is_current,
)
from server.models import Base


def test_a_migrated_database_matches_the_models(database: Database) -> None:
    assert schema_is_current(database)
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_migrations_go_down_to_nothing_and_up_again(database: Database) -> None:
    with database.engine.begin() as connection:
        command.downgrade(alembic_config(connection), "base")
    assert current_revision(database) is None
    assert not schema_is_current(database)
    assert migrate(database) == head_revision()
    assert migrate(database) == head_revision()  # idempotent

    with database.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT id, value FROM feed_counter")).all() == [(1, 0)]
