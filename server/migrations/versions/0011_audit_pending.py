"""Audit entries waiting to be chained: `audit_pending` (server.audit).

A write transaction no longer waits for the audit head's row lock: when another transaction
holds it, its entries are committed here and chained by the next holder of the head.

Revision ID: 0011_audit_pending
Revises: 0010_retention_erasure
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_audit_pending"
down_revision = "0010_retention_erasure"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_pending",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("operator_id", sa.String(80), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=True),
        sa.Column("application_id", sa.Uuid(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("detail", sa.String(500), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("audit_pending")
