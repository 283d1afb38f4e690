"""The district back office: staff accounts, their offices, sessions, assignments, reasons.

- `staff_users`: named accounts of the back office (verifikator, supervisor, admin), argon2id
  hashes, a failed sign-in counter and a lock-out time.
- `staff_user_offices`: the offices a verifikator may see (supervisors and admins see all).
- `staff_sessions`: signed-in browsers; only the SHA-256 of the session cookie is stored, with
  the CSRF token of the session and when it was last used (idle expiry).
- `application_assignments`: who holds an application (all its versions) right now.
- `application_nik_digests`: a keyed digest (HMAC) of an application version's NIK, written
  when the back office first opens it, so a verifier finds it by NIK without clear NIKs.
- `rejection_findings`: the reason codes of a rejection, each tied to a document or a field.
- `message_outbox`: messages to citizens (email, WhatsApp), delivered with retry and backoff.

Revision ID: 0004_backoffice_users
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_backoffice_users"
down_revision = "0003"
branch_labels = None
depends_on = None

ROLES = "'verifikator', 'supervisor', 'admin'"  # frozen copy


def utc() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "staff_users",
        sa.Column("username", sa.String(32), primary_key=True),
        sa.Column("display_name", sa.String(120), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.String(256), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", utc(), nullable=True),
        sa.Column("created_at", utc(), nullable=False),
        sa.Column("updated_at", utc(), nullable=False),
        sa.CheckConstraint(f"role IN ({ROLES})", name="ck_staff_users_role_known"),
        sa.PrimaryKeyConstraint("username", name="pk_staff_users"),
    )
    op.create_table(
        "staff_user_offices",
        sa.Column("username", sa.String(32), nullable=False),
        sa.Column("office_code", sa.String(13), nullable=False),
        sa.ForeignKeyConstraint(
            ["username"],
            ["staff_users.username"],
            name="fk_staff_user_offices_username_staff_users",
        ),
        sa.PrimaryKeyConstraint("username", "office_code", name="pk_staff_user_offices"),
    )
    op.create_table(
        "staff_sessions",
        sa.Column("token_sha256", sa.String(64), nullable=False),
        sa.Column("username", sa.String(32), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", utc(), nullable=False),
        sa.Column("last_seen_at", utc(), nullable=False),
        sa.Column("ended_at", utc(), nullable=True),
        sa.ForeignKeyConstraint(
            ["username"], ["staff_users.username"], name="fk_staff_sessions_username_staff_users"
        ),
        sa.PrimaryKeyConstraint("token_sha256", name="pk_staff_sessions"),
    )
    op.create_index("ix_staff_sessions_username", "staff_sessions", ["username"])
    op.create_table(
        "application_assignments",
        sa.Column("application_id", sa.Uuid(), nullable=False),
        sa.Column("username", sa.String(32), nullable=False),
        sa.Column("assigned_at", utc(), nullable=False),
        sa.ForeignKeyConstraint(
            ["username"],
            ["staff_users.username"],
            name="fk_application_assignments_username_staff_users",
        ),
        sa.PrimaryKeyConstraint("application_id", name="pk_application_assignments"),
    )
    op.create_index("ix_application_assignments_username", "application_assignments", ["username"])
    op.create_table(
        "application_nik_digests",
        sa.Column("application_pk", sa.Integer(), nullable=False),
        sa.Column("nik_digest", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_pk"],
            ["applications.pk"],
            name="fk_application_nik_digests_application_pk_applications",
        ),
        sa.PrimaryKeyConstraint("application_pk", name="pk_application_nik_digests"),
    )
    op.create_index(
        "ix_application_nik_digests_nik_digest", "application_nik_digests", ["nik_digest"]
    )
    op.create_table(
        "rejection_findings",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("application_pk", sa.Integer(), nullable=False),
        sa.Column("reason_code", sa.String(64), nullable=False),
        sa.Column("target", sa.String(80), nullable=False),
        sa.Column("note", sa.String(500), nullable=True),
        sa.Column("decided_by", sa.String(80), nullable=False),
        sa.Column("decided_at", utc(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_pk"],
            ["applications.pk"],
            name="fk_rejection_findings_application_pk_applications",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_rejection_findings"),
    )
    op.create_index(
        "ix_rejection_findings_application_pk", "rejection_findings", ["application_pk"]
    )
    op.create_table(
        "message_outbox",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("application_pk", sa.Integer(), nullable=False),
        sa.Column("dedupe_key", sa.String(120), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("recipient", sa.String(254), nullable=True),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("body", sa.String(2000), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", utc(), nullable=False),
        sa.Column("last_error", sa.String(300), nullable=True),
        sa.Column("created_at", utc(), nullable=False),
        sa.Column("sent_at", utc(), nullable=True),
        sa.ForeignKeyConstraint(
            ["application_pk"],
            ["applications.pk"],
            name="fk_message_outbox_application_pk_applications",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_message_outbox"),
        sa.UniqueConstraint("dedupe_key", name="uq_message_outbox_dedupe_key"),
    )
    op.create_index("ix_message_outbox_application_pk", "message_outbox", ["application_pk"])
    op.create_index(
        "ix_message_outbox_state_next", "message_outbox", ["state", "next_attempt_at"]
    )
    # Queues sort and filter on these; 100,000 applications must page fast.
    op.create_index(
        "ix_applications_status_received_at", "applications", ["status", "received_at", "pk"]
    )
    op.create_index("ix_applications_number", "applications", ["number"])


def downgrade() -> None:
    op.drop_index("ix_applications_number", table_name="applications")
    op.drop_index("ix_applications_status_received_at", table_name="applications")
    for table in (
        "message_outbox",
        "rejection_findings",
        "application_nik_digests",
        "application_assignments",
        "staff_sessions",
        "staff_user_offices",
        "staff_users",
    ):
        op.drop_table(table)
