"""sealed attachments

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 15:50:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seal_key_id", sa.String(length=16), nullable=True))
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("sealed", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("plain_sha256", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_column("plain_sha256")
        batch_op.drop_column("sealed")
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_column("seal_key_id")
