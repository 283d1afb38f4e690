"""Bundle signing keys: `devices.signing_key`, the device's Ed25519 public key (hex).

USB bundles of a device with a key are verified with it (server.bundles); a device without
one (enrolled before) registers it once over an authenticated request
(server.device_signing_keys). Until then its bundles are checked with the transitional MAC.

Revision ID: 0012_device_signing_keys
Revises: 0011_audit_pending
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_device_signing_keys"
down_revision = "0011_audit_pending"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        batch.add_column(sa.Column("signing_key", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("signing_key")
