"""field visits: the jemput bola visit list, its citizen data encrypted

Revision ID: 0008_field_visits
Revises: 0007_skm_responses
Create Date: 2026-12-02 14:55:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_field_visits"
down_revision = "0007_skm_responses"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "field_visits",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=24), nullable=False),
        sa.Column("planned_on", sa.Date(), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.Column("application_id", sa.String(length=36), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("field_visits", schema=None) as batch_op:
        batch_op.create_index("ix_field_visits_planned_on", ["planned_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("field_visits", schema=None) as batch_op:
        batch_op.drop_index("ix_field_visits_planned_on")
    op.drop_table("field_visits")
