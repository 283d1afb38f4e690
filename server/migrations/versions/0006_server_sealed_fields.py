"""Applicant fields sealed on the server: `applications.sealed_fields`.

Applications sent in clear before the server had a sealing key kept the applicant's NIK,
name and phone in `fields`. When a key is created (or rotated) those fields are sealed to
it (server.clear_sealing) into this column, and `fields` is emptied in the same
transaction; the documents stay as they were uploaded.

Revision ID: 0006_server_sealed_fields
Revises: 0005_releases_district_config
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_server_sealed_fields"
down_revision = "0005_releases_district_config"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("applications") as batch:
        batch.add_column(sa.Column("sealed_fields", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("applications") as batch:
        batch.drop_column("sealed_fields")
