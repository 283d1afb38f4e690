"""skm responses: the anonymous satisfaction survey (PermenPANRB 14/2017)

Revision ID: 0007_skm_responses
Revises: 0006
Create Date: 2026-12-02 04:10:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_skm_responses"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "skm_responses",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=False),
        sa.Column("scores", sa.String(length=32), nullable=False),
        sa.Column("suggestion", sa.Text(), nullable=False),
        sa.Column("age_band", sa.String(length=16), nullable=True),
        sa.Column("sex", sa.String(length=1), nullable=True),
        sa.Column("education", sa.String(length=16), nullable=True),
        sa.Column("job", sa.String(length=16), nullable=True),
        sa.Column("acknowledged", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("skm_responses", schema=None) as batch_op:
        batch_op.create_index("ix_skm_responses_period", ["period"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("skm_responses", schema=None) as batch_op:
        batch_op.drop_index("ix_skm_responses_period")
    op.drop_table("skm_responses")
