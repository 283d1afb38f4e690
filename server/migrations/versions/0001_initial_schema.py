"""Initial schema: devices and their enrollment codes, applications with attachments,
the change feed and the audit log.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Frozen copies: a migration must not change when the models do.
STATUSES = "'incomplete', 'received', 'verified', 'processing', 'ready', 'collected', 'rejected', 'cancelled'"
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def utc() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "devices",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("office_code", sa.String(length=13), nullable=False),
        sa.Column("credential_sha256", sa.String(length=64), nullable=False),
        sa.Column("enrolled_at", utc(), nullable=False),
        sa.Column("revoked_at", utc(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_devices"),
    )
    op.create_index("ix_devices_office_code", "devices", ["office_code"])

    op.create_table(
        "enrollment_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_sha256", sa.String(length=64), nullable=False),
        sa.Column("office_code", sa.String(length=13), nullable=False),
        sa.Column("created_at", utc(), nullable=False),
        sa.Column("expires_at", utc(), nullable=False),
        sa.Column("used_at", utc(), nullable=True),
        sa.Column("device_id", sa.Uuid(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_enrollment_codes"),
        sa.UniqueConstraint("code_sha256", name="uq_enrollment_codes_code_sha256"),
        sa.UniqueConstraint("device_id", name="uq_enrollment_codes_device_id"),
    )

    op.create_table(
        "feed_counter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_feed_counter"),
    )
    op.execute("INSERT INTO feed_counter (id, value) VALUES (1, 0)")

    op.create_table(
        "applications",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("parent_version", sa.Integer(), nullable=True),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("service_code", sa.String(length=64), nullable=False),
        sa.Column("office_code", sa.String(length=13), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.Column("submitted_by", sa.String(length=64), nullable=False),
        sa.Column("fields", JSON_DOCUMENT, nullable=False),
        sa.Column("manifest_sha256", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column("fix", sa.String(length=500), nullable=True),
        sa.Column("created_at", utc(), nullable=False),
        sa.Column("uploaded_at", utc(), nullable=False),
        sa.Column("received_at", utc(), nullable=True),
        sa.Column("updated_at", utc(), nullable=False),
        sa.CheckConstraint(f"status IN ({STATUSES})", name="ck_applications_status_known"),
        sa.CheckConstraint("version >= 1", name="ck_applications_version_positive"),
        sa.ForeignKeyConstraint(
            ["device_id"], ["devices.id"], name="fk_applications_device_id_devices"
        ),
        sa.PrimaryKeyConstraint("pk", name="pk_applications"),
        sa.UniqueConstraint("application_id", "version", name="uq_applications_id_version"),
    )
    op.create_index("ix_applications_office_code", "applications", ["office_code"])
    op.create_index("ix_applications_status", "applications", ["status"])

    op.create_table(
        "attachments",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("application_pk", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("document_code", sa.String(length=64), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("content_type", sa.String(length=127), nullable=False),
        sa.Column("received_bytes", sa.BigInteger(), nullable=False),
        sa.Column("completed_at", utc(), nullable=True),
        sa.CheckConstraint(
            "received_bytes BETWEEN 0 AND size", name="ck_attachments_offset_within_size"
        ),
        sa.ForeignKeyConstraint(
            ["application_pk"],
            ["applications.pk"],
            name="fk_attachments_application_pk_applications",
        ),
        sa.PrimaryKeyConstraint("pk", name="pk_attachments"),
        sa.UniqueConstraint(
            "application_pk", "sha256", name="uq_attachments_application_sha256"
        ),
    )
    op.create_index("ix_attachments_sha256", "attachments", ["sha256"])

    op.create_table(
        "status_changes",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("application_pk", sa.Integer(), nullable=False),
        sa.Column("office_code", sa.String(length=13), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column("fix", sa.String(length=500), nullable=True),
        sa.Column("changed_at", utc(), nullable=False),
        sa.Column("operator_id", sa.String(length=80), nullable=False),
        sa.CheckConstraint(f"status IN ({STATUSES})", name="ck_status_changes_status_known"),
        sa.ForeignKeyConstraint(
            ["application_pk"],
            ["applications.pk"],
            name="fk_status_changes_application_pk_applications",
        ),
        sa.PrimaryKeyConstraint("seq", name="pk_status_changes"),
    )
    op.create_index("ix_status_changes_office_seq", "status_changes", ["office_code", "seq"])

    op.create_table(
        "audit_events",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("at", utc(), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("operator_id", sa.String(length=80), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=True),
        sa.Column("application_id", sa.Uuid(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("detail", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_audit_events"),
    )


def downgrade() -> None:
    op.drop_table("audit_events")
    op.drop_index("ix_status_changes_office_seq", table_name="status_changes")
    op.drop_table("status_changes")
    op.drop_index("ix_attachments_sha256", table_name="attachments")
    op.drop_table("attachments")
    op.drop_index("ix_applications_status", table_name="applications")
    op.drop_index("ix_applications_office_code", table_name="applications")
    op.drop_table("applications")
    op.drop_table("feed_counter")
    op.drop_table("enrollment_codes")
    op.drop_index("ix_devices_office_code", table_name="devices")
    op.drop_table("devices")
