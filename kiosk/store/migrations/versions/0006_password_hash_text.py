"""password hash as text (it is stored encrypted, longer than a bare argon2 string)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 16:50:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("operators", schema=None) as batch_op:
        batch_op.alter_column(
            "password_hash", existing_type=sa.String(length=200), type_=sa.Text()
        )


def downgrade() -> None:
    with op.batch_alter_table("operators", schema=None) as batch_op:
        batch_op.alter_column(
            "password_hash", existing_type=sa.Text(), type_=sa.String(length=200)
        )
