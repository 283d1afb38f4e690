"""Tables of the local store. Change them only together with a new Alembic migration.

Only what the kiosk must show without the key stays in clear: number, service, status, masked
NIK and times. The applicant's data is an AES-GCM blob; the NIK is searchable through a keyed
digest. A test compares these models with the migrations so they cannot drift apart.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class ApplicationRow(Base):
    __tablename__ = "applications"
    __table_args__ = (
        UniqueConstraint("uuid", "version", name="uq_applications_uuid_version"),
        UniqueConstraint("number", "version", name="uq_applications_number_version"),
        Index("ix_applications_nik_digest", "nik_digest"),
        Index("ix_applications_status", "status"),
        Index("ix_applications_created_at", "created_at"),
    )

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36))
    version: Mapped[int] = mapped_column(Integer, default=1)
    parent_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    number: Mapped[str] = mapped_column(String(32))
    service_code: Mapped[str] = mapped_column(String(48))
    status: Mapped[str] = mapped_column(String(16))
    nik_masked: Mapped[str] = mapped_column(String(16))
    nik_digest: Mapped[str] = mapped_column(String(64))
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    operator: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    seal_key_id: Mapped[str | None] = mapped_column(String(16), nullable=True)
    """The server key the attachments are sealed to; None until sealed (no key known yet)."""

    attachments: Mapped[list[AttachmentRow]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="AttachmentRow.pk"
    )
    events: Mapped[list[StatusEventRow]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="StatusEventRow.pk"
    )


class AttachmentRow(Base):
    __tablename__ = "attachments"
    __table_args__ = (Index("ix_attachments_application", "application_pk"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_pk: Mapped[int] = mapped_column(ForeignKey("applications.pk", ondelete="CASCADE"))
    document_code: Mapped[str] = mapped_column(String(48))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(String(64))
    override_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    purged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    """Set when the file was deleted after the server acknowledged it plus the retention."""
    sealed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    """sha256 and size are those of the sealed bytes, which only the server can open."""
    plain_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    """SHA-256 of the document inside a sealed attachment (the server checks it on opening)."""

    application: Mapped[ApplicationRow] = relationship(back_populates="attachments")


class StatusEventRow(Base):
    """Every status an application went through, with time, reason and what to fix."""

    __tablename__ = "status_events"
    __table_args__ = (Index("ix_status_events_application", "application_pk"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_pk: Mapped[int] = mapped_column(ForeignKey("applications.pk", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    fix_hint: Mapped[str | None] = mapped_column(Text, nullable=True)
    source: Mapped[str] = mapped_column(String(16))
    operator: Mapped[str | None] = mapped_column(String(64), nullable=True)

    application: Mapped[ApplicationRow] = relationship(back_populates="events")


class OutboxRow(Base):
    """One row per application version to deliver to the server.

    state: pending -> sending -> acknowledged; needs_attention when a person must act (409,
    422, device not enrolled). The sync engine owns the transitions.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("application_pk", name="uq_outbox_application"),
        Index("ix_outbox_state_next", "state", "next_attempt_at"),
    )

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_pk: Mapped[int] = mapped_column(ForeignKey("applications.pk", ondelete="CASCADE"))
    state: Mapped[str] = mapped_column(String(16))
    """An OutboxState (kiosk/store/outbox.py); the outbox writes every row."""
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_error_code: Mapped[str | None] = mapped_column(String(64), nullable=True)
    last_error_message: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class DeviceStateRow(Base):
    """Machine state (device code, sync cursor, ...), kept apart from user preferences."""

    __tablename__ = "device_state"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class NumberSequenceRow(Base):
    """The last application number handed out per day on this device."""

    __tablename__ = "number_sequences"

    day: Mapped[str] = mapped_column(String(8), primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


class AuditRow(Base):
    """Append-only, hash-chained record of every read, print, export and change of citizen data.

    Each entry's hash covers its content and the previous entry's hash, so editing, deleting
    or reordering any entry breaks the chain; SQLite triggers refuse UPDATE and DELETE.
    """

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40))
    device: Mapped[str] = mapped_column(String(16))
    operator: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    application_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    number: Mapped[str | None] = mapped_column(String(32), nullable=True)
    detail: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class OperatorRow(Base):
    """A named operator of this device; passwords are argon2id hashes."""

    __tablename__ = "operators"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(Text)
    """An argon2id hash, encrypted under the device key (kiosk.accounts)."""
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class DraftRow(Base):
    """An application still being entered; autosaved so a power cut loses nothing typed."""

    __tablename__ = "drafts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    operator: Mapped[str] = mapped_column(String(64))
    service_code: Mapped[str | None] = mapped_column(String(48), nullable=True)
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    attachment_hashes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SurveyResponseRow(Base):
    """One answered satisfaction survey (SKM). Anonymous by construction: no NIK, no name, no
    application, no operator, and only the DAY it was answered (a time of day could be matched
    against an application's submission time). Sent to the server once, by its random id."""

    __tablename__ = "skm_responses"
    __table_args__ = (Index("ix_skm_responses_period", "period"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    period: Mapped[str] = mapped_column(String(7))
    """YYYY-MM of answered_on, the reporting month."""
    answered_on: Mapped[date] = mapped_column(Date)
    scores: Mapped[str] = mapped_column(String(32))
    """The nine element scores 1-4, comma separated, in the regulation's order."""
    suggestion: Mapped[str] = mapped_column(Text, default="")
    age_band: Mapped[str | None] = mapped_column(String(16), nullable=True)
    sex: Mapped[str | None] = mapped_column(String(1), nullable=True)
    education: Mapped[str | None] = mapped_column(String(16), nullable=True)
    job: Mapped[str | None] = mapped_column(String(16), nullable=True)
    acknowledged: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    """True once the server echoed the id back: never sent again."""


class FieldVisitRow(Base):
    """A planned jemput bola visit (kiosk/field/visits.py). Only what the list is sorted and
    filtered by is in clear (state, category, planned day, the application it led to); the
    name or household, the address and the notes are an AES-GCM blob like a draft's."""

    __tablename__ = "field_visits"
    __table_args__ = (Index("ix_field_visits_planned_on", "planned_on"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    state: Mapped[str] = mapped_column(String(16))
    category: Mapped[str] = mapped_column(String(24))
    planned_on: Mapped[date] = mapped_column(Date)
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    application_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
