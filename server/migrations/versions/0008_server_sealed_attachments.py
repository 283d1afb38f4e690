"""Documents sealed on the server: `attachments.server_sealed_sha256`.

Documents of applications sent in clear before the server had a sealing key were stored in
clear. When a key is created (or rotated), or when such a document arrives while a key
exists, it is sealed to that key (server.clear_sealing) and stored as a new blob under the
SHA-256 of the sealed bytes, named here; `sha256` keeps the hash of the document itself,
which the opened plaintext is checked against. The clear blob is then removed.

Revision ID: 0008_server_sealed_attachments
Revises: 0007_device_credential_fork
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_server_sealed_attachments"
down_revision = "0007_device_credential_fork"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("attachments") as batch:
        batch.add_column(sa.Column("server_sealed_sha256", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("attachments") as batch:
        batch.drop_column("server_sealed_sha256")
