"""Sealed applications: `applications.seal_key_id` names the server key a version is sealed to.

NULL: the older clear form (fields in the manifest). Set: every attachment, the applicant's
fields included (document `data-pemohon`), is sealed to that key (sync.protocol, step 3e).

Revision ID: 0003
Revises: 0002
Create Date: 2025-03-01
"""

from __future__ import annotations

import sqlite3

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A nullable column without a default: a plain ALTER TABLE on SQLite and PostgreSQL alike,
    # with no table copy (applications is referenced by attachments and the change feed).
    op.add_column("applications", sa.Column("seal_key_id", sa.String(length=16), nullable=True))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite" and sqlite3.sqlite_version_info < (3, 35, 0):
        # SQLite before 3.35 has no DROP COLUMN: copy the table (only safe while no rows
        # reference it, which is the case for a downgrade of a fresh or test database).
        with op.batch_alter_table("applications", recreate="always") as batch:
            batch.drop_column("seal_key_id")
        return
    op.drop_column("applications", "seal_key_id")
