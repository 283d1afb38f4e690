"""Anonymous satisfaction-survey responses (SKM): `skm_responses`.

Revision ID: 0008_skm_responses
Revises: 0007_device_credential_fork
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_skm_responses"
down_revision = "0008_server_sealed_attachments"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "skm_responses",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("office_code", sa.String(13), nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=False),
        sa.Column("scores", sa.String(32), nullable=False),
        sa.Column("suggestion", sa.Text(), nullable=False),
        sa.Column("age_band", sa.String(16), nullable=True),
        sa.Column("sex", sa.String(1), nullable=True),
        sa.Column("education", sa.String(16), nullable=True),
        sa.Column("job", sa.String(16), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_skm_responses_office_period", "skm_responses", ["office_code", "period"]
    )


def downgrade() -> None:
    op.drop_index("ix_skm_responses_office_period", table_name="skm_responses")
    op.drop_table("skm_responses")
