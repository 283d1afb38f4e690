"""Retention and erasure (UU 27/2022): `applications.erased_at`, `attachments.last_chunk_at`.

`erased_at` is the tombstone of an application version whose attachments and citizen data
were deleted by `kiosk-server retention run` (server.retention); the row, its number, status
and attachment hashes stay, and so does the audit trail. `last_chunk_at` is when the last
chunk of a partial upload arrived, so an abandoned partial can be found and discarded.

Revision ID: 0010_retention_erasure
Revises: 0009_skm_responses
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_retention_erasure"
down_revision = "0009_skm_responses"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("applications") as batch:
        batch.add_column(sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("attachments") as batch:
        batch.add_column(sa.Column("last_chunk_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("attachments") as batch:
        batch.drop_column("last_chunk_at")
    with op.batch_alter_table("applications") as batch:
        batch.drop_column("erased_at")
