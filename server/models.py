"""Tables of the central server. The schema itself only changes through Alembic migrations.

Duplicates are prevented by the database, not by hope: (application_id, version) is unique, an
attachment appears once per application version, a code enrolls at most one device. Concurrent
retries that race past the application checks hit these constraints and are answered from the
row that won.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from sync.protocol import MAX_AUDIT_DETAIL_CHARS, ApplicationStatus, OperatorRole

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

STATUS_SQL = ", ".join(f"'{status.value}'" for status in ApplicationStatus)
ROLE_SQL = ", ".join(f"'{role.value}'" for role in OperatorRole)
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
"""64-bit keys on PostgreSQL; SQLite only auto-increments a plain INTEGER primary key."""
JsonDocument = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


class UtcDateTime(sa.TypeDecorator[datetime]):
    """Timezone-aware UTC everywhere: SQLite forgets the zone, so it is put back on load."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utc_now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING)


class EnrollmentCode(Base):
    """A one-time code; only its SHA-256 is stored, so a database dump enrolls nobody."""

    __tablename__ = "enrollment_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_sha256: Mapped[str] = mapped_column(sa.String(64), unique=True)
    office_code: Mapped[str] = mapped_column(sa.String(13))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    device_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid, unique=True)
    for_device_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    """Set by `rotate-device`: only this (already enrolled) device may use the code."""


class Device(Base):
    """An enrolled kiosk or laptop; `credential_sha256` is the hash of its secret.

    An empty `credential_sha256` matches no secret: the device must enroll again with a code
    from `kiosk-server rotate-device`. `next_credential_sha256` is a rotated credential not
    used yet; its first use replaces the current one (see server.credentials).
    """

    __tablename__ = "devices"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    office_code: Mapped[str] = mapped_column(sa.String(13), index=True)
    credential_sha256: Mapped[str] = mapped_column(sa.String(64))
    enrolled_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    next_credential_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    credential_changed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    previous_credential_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    """The secret a rotation superseded: presenting it later reveals a copied credential."""
    suspended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    """Set when a copied credential was revealed; cleared by `kiosk-server rotate-device`."""
    signing_key: Mapped[str | None] = mapped_column(sa.String(64))
    """The device's Ed25519 public key (hex) its USB bundles are verified with; the first one
    given is kept (server.device_signing_keys). None: enrolled before, not registered yet."""


class Application(Base):
    """One VERSION of an application; a correction is a new row pointing at its parent."""

    __tablename__ = "applications"
    __table_args__ = (
        sa.UniqueConstraint("application_id", "version", name="uq_applications_id_version"),
        sa.CheckConstraint(f"status IN ({STATUS_SQL})", name="status_known"),
        sa.CheckConstraint("version >= 1", name="version_positive"),
        # The back office's queues: one status, oldest received first, 50 at a time.
        sa.Index("ix_applications_status_received_at", "status", "received_at", "pk"),
    )

    pk: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    version: Mapped[int]
    parent_version: Mapped[int | None]
    number: Mapped[str] = mapped_column(sa.String(40), index=True)
    service_code: Mapped[str] = mapped_column(sa.String(64))
    office_code: Mapped[str] = mapped_column(sa.String(13), index=True)
    device_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("devices.id"))
    submitted_by: Mapped[str] = mapped_column(sa.String(64))
    fields: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    manifest_sha256: Mapped[str] = mapped_column(sa.String(64))
    seal_key_id: Mapped[str | None] = mapped_column(sa.String(16))
    """The server key every attachment is sealed to (migration 0003); None: clear form."""
    sealed_fields: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    """A clear application's fields, sealed on the server when a key appeared (0006)."""
    status: Mapped[str] = mapped_column(sa.String(16), index=True)
    reason: Mapped[str | None] = mapped_column(sa.String(500))
    fix: Mapped[str | None] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    uploaded_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    received_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    erased_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    """The tombstone (0010): attachments and citizen data deleted by server.retention."""

    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="application", order_by="Attachment.position", lazy="selectin"
    )


class Attachment(Base):
    """One declared attachment and how many of its bytes have arrived (the resume offset)."""

    __tablename__ = "attachments"
    __table_args__ = (
        sa.UniqueConstraint("application_pk", "sha256", name="uq_attachments_application_sha256"),
        sa.CheckConstraint("received_bytes BETWEEN 0 AND size", name="offset_within_size"),
    )

    pk: Mapped[int] = mapped_column(primary_key=True)
    application_pk: Mapped[int] = mapped_column(sa.ForeignKey("applications.pk"))
    position: Mapped[int]
    document_code: Mapped[str] = mapped_column(sa.String(64))
    sha256: Mapped[str] = mapped_column(sa.String(64), index=True)
    size: Mapped[int] = mapped_column(sa.BigInteger)
    content_type: Mapped[str] = mapped_column(sa.String(127))
    received_bytes: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    server_sealed_sha256: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    """Set when the server sealed this clear document (server.clear_sealing): the blob."""
    last_chunk_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    """When the last chunk of a partial upload arrived (0010; server.retention's limit)."""

    application: Mapped[Application] = relationship(back_populates="attachments")

    @property
    def blob_sha256(self) -> str:
        """The name of the stored blob: the server-sealed copy, else the bytes as uploaded."""
        return self.server_sealed_sha256 or self.sha256


class FeedCounter(Base):
    """A single row handing out change-feed cursors.

    Taking the next value locks the row until commit, so cursors become visible in the
    order they were handed out: a reader never sees cursor 11 and later finds 10 appear
    behind its back (which a plain sequence allows, and which would lose a status change).
    """

    __tablename__ = "feed_counter"

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(sa.BigInteger)


class StatusChange(Base):
    """Append-only change feed; `seq` is the cursor devices page through."""

    __tablename__ = "status_changes"
    __table_args__ = (
        sa.Index("ix_status_changes_office_seq", "office_code", "seq"),
        sa.CheckConstraint(f"status IN ({STATUS_SQL})", name="status_known"),
    )

    seq: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=False)
    application_pk: Mapped[int] = mapped_column(sa.ForeignKey("applications.pk"))
    office_code: Mapped[str] = mapped_column(sa.String(13))
    status: Mapped[str] = mapped_column(sa.String(16))
    reason: Mapped[str | None] = mapped_column(sa.String(500))
    fix: Mapped[str | None] = mapped_column(sa.String(500))
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    operator_id: Mapped[str] = mapped_column(sa.String(80))

    application: Mapped[Application] = relationship(lazy="joined")


class AuditEvent(Base):
    """Who did what to which application (INVARIANT 4). Never updated, never deleted.

    Hash-chained by `seq` (server.audit): `hash` covers the entry and `prev_hash`. Database
    triggers refuse UPDATE and DELETE (migration 0002).
    """

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    action: Mapped[str] = mapped_column(sa.String(40))
    operator_id: Mapped[str] = mapped_column(sa.String(80))
    device_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    application_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    version: Mapped[int | None]
    detail: Mapped[str | None] = mapped_column(sa.String(MAX_AUDIT_DETAIL_CHARS))
    seq: Mapped[int] = mapped_column(sa.BigInteger, unique=True)
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64))


class AuditPending(Base):
    """An audit entry committed with its change but not chained yet (PostgreSQL only).

    A transaction that finds the audit head locked by another one stores its entries here
    instead of waiting for that lock (server.audit); whoever takes the head next moves them,
    in `id` order, into the chain. Inserted and deleted only by server.audit.
    """

    __tablename__ = "audit_pending"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    action: Mapped[str] = mapped_column(sa.String(40))
    operator_id: Mapped[str] = mapped_column(sa.String(80))
    device_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    application_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    version: Mapped[int | None]
    detail: Mapped[str | None] = mapped_column(sa.String(MAX_AUDIT_DETAIL_CHARS))


class AuditHead(Base):
    """The newest (seq, hash) of the server's audit chain, in a single row.

    Chaining locks this row until commit, so entries chain in one order across every process,
    and removing the newest entries is detectable: the head still names them.
    """

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(sa.BigInteger)
    hash: Mapped[str] = mapped_column(sa.String(64))


class DeviceAuditEntry(Base):
    """An entry of a device's own audit chain, uploaded verbatim (sync.protocol)."""

    __tablename__ = "device_audit_entries"
    __table_args__ = (
        sa.UniqueConstraint("device_id", "seq", name="uq_device_audit_entries_device_seq"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    device_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("devices.id"))
    seq: Mapped[int] = mapped_column(sa.BigInteger)
    at: Mapped[str] = mapped_column(sa.String(40))
    device_code: Mapped[str] = mapped_column(sa.String(16))
    operator: Mapped[str] = mapped_column(sa.String(64))
    action: Mapped[str] = mapped_column(sa.String(32))
    application_id: Mapped[str | None] = mapped_column(sa.String(36))
    number: Mapped[str | None] = mapped_column(sa.String(40))
    detail: Mapped[str] = mapped_column(sa.String(MAX_AUDIT_DETAIL_CHARS))
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class Operator(Base):
    """A named operator of one office; the argon2id hash is what devices verify offline."""

    __tablename__ = "operators"
    __table_args__ = (sa.CheckConstraint(f"role IN ({ROLE_SQL})", name="role_known"),)

    username: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    office_code: Mapped[str] = mapped_column(sa.String(13), index=True)
    display_name: Mapped[str] = mapped_column(sa.String(120))
    role: Mapped[str] = mapped_column(sa.String(16))
    password_hash: Mapped[str] = mapped_column(sa.String(256))
    active: Mapped[bool]
    version: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


STAFF_ROLES = ("verifikator", "supervisor", "admin")
STAFF_ROLE_SQL = ", ".join(f"'{role}'" for role in STAFF_ROLES)


class StaffUser(Base):
    """A named back-office account (server.staff); never shared, never deleted, only disabled."""

    __tablename__ = "staff_users"
    __table_args__ = (sa.CheckConstraint(f"role IN ({STAFF_ROLE_SQL})", name="role_known"),)

    username: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    display_name: Mapped[str] = mapped_column(sa.String(120))
    role: Mapped[str] = mapped_column(sa.String(16))
    password_hash: Mapped[str] = mapped_column(sa.String(256))
    active: Mapped[bool]
    failed_logins: Mapped[int]
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class StaffUserOffice(Base):
    """An office a verifikator may see; supervisors and admins see the whole district."""

    __tablename__ = "staff_user_offices"

    username: Mapped[str] = mapped_column(sa.ForeignKey("staff_users.username"), primary_key=True)
    office_code: Mapped[str] = mapped_column(sa.String(13), primary_key=True)


class StaffSession(Base):
    """A signed-in browser; only the SHA-256 of its cookie is stored."""

    __tablename__ = "staff_sessions"

    token_sha256: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    username: Mapped[str] = mapped_column(sa.ForeignKey("staff_users.username"), index=True)
    csrf_token: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class ApplicationAssignment(Base):
    """Who holds an application (every version of it) right now."""

    __tablename__ = "application_assignments"

    application_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    username: Mapped[str] = mapped_column(sa.ForeignKey("staff_users.username"), index=True)
    assigned_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ApplicationNikDigest(Base):
    """A keyed digest of a version's NIK, written when the back office first opens it."""

    __tablename__ = "application_nik_digests"

    application_pk: Mapped[int] = mapped_column(sa.ForeignKey("applications.pk"), primary_key=True)
    nik_digest: Mapped[str] = mapped_column(sa.String(64), index=True)


class RejectionFinding(Base):
    """One reason code of a rejection, tied to the document or field the applicant must fix."""

    __tablename__ = "rejection_findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_pk: Mapped[int] = mapped_column(sa.ForeignKey("applications.pk"), index=True)
    reason_code: Mapped[str] = mapped_column(sa.String(64))
    target: Mapped[str] = mapped_column(sa.String(80))
    note: Mapped[str | None] = mapped_column(sa.String(500))
    decided_by: Mapped[str] = mapped_column(sa.String(80))
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime)


class OutboxMessage(Base):
    """A message to a citizen about their application (server.messages), sent with retries.

    `dedupe_key` makes enqueueing idempotent and travels to the gateway (Message-ID,
    Idempotency-Key) so a retry after an unclear answer is not delivered twice. The recipient
    is blanked once the message is sent or given up on: the address is only kept while needed.
    """

    __tablename__ = "message_outbox"
    __table_args__ = (
        sa.UniqueConstraint("dedupe_key", name="uq_message_outbox_dedupe_key"),
        sa.Index("ix_message_outbox_state_next", "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_pk: Mapped[int] = mapped_column(sa.ForeignKey("applications.pk"), index=True)
    dedupe_key: Mapped[str] = mapped_column(sa.String(120))
    channel: Mapped[str] = mapped_column(sa.String(16))
    recipient: Mapped[str | None] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.String(2000))
    state: Mapped[str] = mapped_column(sa.String(16))
    attempts: Mapped[int]
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(sa.String(300))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Release(Base):
    """A published version of the kiosk app for one channel and platform, with its signed
    manifest exactly as kiosks receive it (server.distribution.releases)."""

    __tablename__ = "releases"
    __table_args__ = (
        sa.UniqueConstraint("channel", "platform", "version", name="uq_releases_channel_version"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    channel: Mapped[str] = mapped_column(sa.String(32))
    platform: Mapped[str] = mapped_column(sa.String(32))
    version: Mapped[str] = mapped_column(sa.String(40))
    sort_key: Mapped[str] = mapped_column(sa.String(64))
    sha256: Mapped[str] = mapped_column(sa.String(64))
    size: Mapped[int] = mapped_column(sa.BigInteger)
    envelope_json: Mapped[str] = mapped_column(sa.Text)
    """The signed envelope's exact text: re-serialising JSONB must not touch what is signed."""
    published_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    published_by: Mapped[str] = mapped_column(sa.String(64))


class ReleasePin(Base):
    """A district holding a channel at one version: kiosks are offered that one, not newer."""

    __tablename__ = "release_pins"

    channel: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    platform: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    version: Mapped[str] = mapped_column(sa.String(40))
    pinned_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    pinned_by: Mapped[str] = mapped_column(sa.String(64))


class DistrictConfigVersion(Base):
    """One published district configuration (kiosk.district_config), signed; the highest
    version is what every kiosk of the district pulls."""

    __tablename__ = "district_configs"

    version: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=False)
    envelope_json: Mapped[str] = mapped_column(sa.Text)
    """The signed envelope's exact text: re-serialising JSONB must not touch what is signed."""
    published_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    published_by: Mapped[str] = mapped_column(sa.String(64))


class SurveyResponse(Base):
    """One anonymous satisfaction-survey answer (server.survey), filed under an office.

    Like on the kiosk, it holds no person, application, device or time of day: the office and
    the day are all the index and the recap need.
    """

    __tablename__ = "skm_responses"
    __table_args__ = (sa.Index("ix_skm_responses_office_period", "office_code", "period"),)

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    office_code: Mapped[str] = mapped_column(sa.String(13))
    period: Mapped[str] = mapped_column(sa.String(7))
    answered_on: Mapped[date] = mapped_column(sa.Date)
    scores: Mapped[str] = mapped_column(sa.String(32))
    suggestion: Mapped[str] = mapped_column(sa.Text, default="")
    age_band: Mapped[str | None] = mapped_column(sa.String(16))
    sex: Mapped[str | None] = mapped_column(sa.String(1))
    education: Mapped[str | None] = mapped_column(sa.String(16))
    job: Mapped[str | None] = mapped_column(sa.String(16))
