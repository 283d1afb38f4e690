"""Alembic environment: the engine comes from kiosk.store.db (never from an ini file)."""

from __future__ import annotations

from alembic import context

from kiosk.store.models import Base

engine = context.config.attributes["engine"]
with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode rebuilds tables
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
