"""An index on `attachments.server_sealed_sha256`: which rows name a server-sealed blob.

The orphan sweep (server.orphan_sweep) and retention ask, for 500 stored blobs at a time,
which attachments still name them by their hash OR their server-sealed hash. Without this
index the second half is a scan of the whole attachments table per batch, once per 500 blobs
of the bucket.

Revision ID: 0013_sealed_blob_index
Revises: 0012_device_signing_keys
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

revision = "0013_sealed_blob_index"
down_revision = "0012_device_signing_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_attachments_server_sealed_sha256", "attachments", ["server_sealed_sha256"])


def downgrade() -> None:
    op.drop_index("ix_attachments_server_sealed_sha256", table_name="attachments")
