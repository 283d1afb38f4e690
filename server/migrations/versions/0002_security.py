"""Security: operators, a hash-chained server audit log, device audit chains, rotation.

- `operators`: named accounts per office, argon2id hashes, synced to devices.
- `audit_events` gains `seq`, `prev_hash`, `hash`; rows written before this revision are
  chained here, in id order, so the chain covers the whole history. `audit_head` holds the
  newest (seq, hash). Triggers refuse UPDATE and DELETE on both audit tables.
- `device_audit_entries`: the kiosks' own audit chains, uploaded verbatim.
- `devices.next_credential_sha256`, `devices.credential_changed_at`: credential rotation.
- `enrollment_codes.for_device_id`: a re-enrollment code bound to one device.

Revision ID: 0002
Revises: 0001
Create Date: 2025-02-01
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Frozen copies: a migration must not change when the code does.
GENESIS = "0" * 64
ROLES = "'petugas', 'supervisor', 'admin'"
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
APPEND_ONLY = ("audit_events", "device_audit_entries")


def utc() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def _entry_hash(fields: dict[str, Any]) -> str:
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _as_utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _chain_existing_events() -> tuple[int, str]:
    """Chains the rows of revision 0001 in id order; returns the head (seq, hash)."""
    events = sa.table(
        "audit_events",
        sa.column("id", sa.Integer()),
        sa.column("at", utc()),
        sa.column("action", sa.String()),
        sa.column("operator_id", sa.String()),
        sa.column("device_id", sa.Uuid()),
        sa.column("application_id", sa.Uuid()),
        sa.column("version", sa.Integer()),
        sa.column("detail", sa.String()),
        sa.column("seq", sa.BigInteger()),
        sa.column("prev_hash", sa.String()),
        sa.column("hash", sa.String()),
    )
    connection = op.get_bind()
    rows = connection.execute(sa.select(events).order_by(events.c.id)).all()
    seq, prev = 0, GENESIS
    for row in rows:
        seq += 1
        fields = {
            "seq": seq,
            "at": _as_utc(row.at).isoformat(timespec="microseconds"),
            "action": row.action,
            "operator": row.operator_id,
            "device_id": str(row.device_id) if row.device_id else None,
            "application_id": str(row.application_id) if row.application_id else None,
            "version": row.version,
            "detail": row.detail,
            "prev_hash": prev,
        }
        digest = _entry_hash(fields)
        connection.execute(
            sa.update(events)
            .where(events.c.id == row.id)
            .values(seq=seq, prev_hash=prev, hash=digest)
        )
        prev = digest
    return seq, prev


def _create_append_only_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION kiosk_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'append-only table %', TG_TABLE_NAME; END $$"
        )
        for table in APPEND_ONLY:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION kiosk_refuse_change()"
            )
        return
    for table in APPEND_ONLY:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'append-only table {table}'); END"
            )


def _drop_append_only_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        op.execute("DROP FUNCTION IF EXISTS kiosk_refuse_change()")
        return
    for table in APPEND_ONLY:
        for verb in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb}")


def upgrade() -> None:
    op.create_table(
        "operators",
        sa.Column("username", sa.String(length=32), nullable=False),
        sa.Column("office_code", sa.String(length=13), nullable=False),
        sa.Column("display_name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.String(length=256), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", utc(), nullable=False),
        sa.Column("updated_at", utc(), nullable=False),
        sa.CheckConstraint(f"role IN ({ROLES})", name="ck_operators_role_known"),
        sa.PrimaryKeyConstraint("username", name="pk_operators"),
    )
    op.create_index("ix_operators_office_code", "operators", ["office_code"])

    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_head"),
    )

    op.create_table(
        "device_audit_entries",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("at", sa.String(length=40), nullable=False),
        sa.Column("device_code", sa.String(length=16), nullable=False),
        sa.Column("operator", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("application_id", sa.String(length=36), nullable=True),
        sa.Column("number", sa.String(length=40), nullable=True),
        sa.Column("detail", sa.String(length=500), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("received_at", utc(), nullable=False),
        sa.ForeignKeyConstraint(
            ["device_id"], ["devices.id"], name="fk_device_audit_entries_device_id_devices"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_device_audit_entries"),
        sa.UniqueConstraint("device_id", "seq", name="uq_device_audit_entries_device_seq"),
    )

    with op.batch_alter_table("devices") as batch:
        batch.add_column(sa.Column("next_credential_sha256", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("credential_changed_at", utc(), nullable=True))
    with op.batch_alter_table("enrollment_codes") as batch:
        batch.add_column(sa.Column("for_device_id", sa.Uuid(), nullable=True))

    with op.batch_alter_table("audit_events") as batch:
        batch.add_column(sa.Column("seq", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("hash", sa.String(length=64), nullable=True))
    head_seq, head_hash = _chain_existing_events()
    with op.batch_alter_table("audit_events") as batch:
        batch.alter_column("seq", existing_type=sa.BigInteger(), nullable=False)
        batch.alter_column("prev_hash", existing_type=sa.String(length=64), nullable=False)
        batch.alter_column("hash", existing_type=sa.String(length=64), nullable=False)
        batch.create_unique_constraint("uq_audit_events_seq", ["seq"])
    op.execute(
        sa.text("INSERT INTO audit_head (id, seq, hash) VALUES (1, :seq, :hash)").bindparams(
            seq=head_seq, hash=head_hash
        )
    )
    _create_append_only_triggers()


def downgrade() -> None:
    _drop_append_only_triggers()
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_constraint("uq_audit_events_seq", type_="unique")
        batch.drop_column("hash")
        batch.drop_column("prev_hash")
        batch.drop_column("seq")
    with op.batch_alter_table("enrollment_codes") as batch:
        batch.drop_column("for_device_id")
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("credential_changed_at")
        batch.drop_column("next_credential_sha256")
    op.drop_table("device_audit_entries")
    op.drop_table("audit_head")
    op.drop_index("ix_operators_office_code", table_name="operators")
    op.drop_table("operators")
