"""Alembic environment: runs on the connection handed over by server.db.migrate.

No alembic.ini and no logging.fileConfig: the CLI owns logging, and the URL (which may hold a
password) is never written to a file.
"""

from __future__ import annotations

from alembic import context

from server.models import Base


def run_migrations() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("server.db.migrate must pass a connection")
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
