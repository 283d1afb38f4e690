"""Fork detection for rotated device credentials: `devices.previous_credential_sha256`,
`devices.suspended_at`.

After a rotation is first used, the superseded secret's hash is kept. A later request that
presents it means two parties hold this device's credential (a copy was taken): the device
is suspended until a supervisor re-enrolls it (`kiosk-server rotate-device`).

Revision ID: 0007_device_credential_fork
Revises: 0006_server_sealed_fields
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_device_credential_fork"
down_revision = "0006_server_sealed_fields"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        batch.add_column(sa.Column("previous_credential_sha256", sa.String(64), nullable=True))
        batch.add_column(sa.Column("suspended_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("suspended_at")
        batch.drop_column("previous_credential_sha256")
