"""The outbox: which application versions still have to reach the server, and how it went.

States: pending -> sending -> acknowledged; needs_attention when a person must act. A row left
in `sending` by a crash is simply sent again: the server's upsert is idempotent and uploads
resume from the server's offset, so a retry can never create a second copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from kiosk.store.clock import as_utc, utcnow
from kiosk.store.core import StoreCore
from kiosk.store.models import ApplicationRow, AttachmentRow, OutboxRow
from kiosk.store.outbox_state import OutboxState

PENDING, SENDING, ACKNOWLEDGED, NEEDS_ATTENTION = OutboxState


@dataclass(frozen=True)
class OutboxAttachment:
    document: str
    sha256: str
    size: int
    content_type: str


@dataclass(frozen=True)
class OutboxItem:
    """Everything needed to send one application version, without the store."""

    pk: int
    application_id: str
    version: int
    parent_version: int | None
    number: str
    service: str
    operator: str
    created_at: datetime
    attempts: int
    attachments: tuple[OutboxAttachment, ...]
    seal_key_id: str | None = None
    """Sealed to this server key (sha256/size of each attachment are the sealed bytes)."""

    @property
    def total_bytes(self) -> int:
        return sum(a.size for a in self.attachments)


@dataclass(frozen=True)
class Delivery:
    """How far one application version is on its way to the server."""

    state: OutboxState
    attempts: int
    error_message: str | None
    acknowledged_at: datetime | None


class Outbox:
    def __init__(self, core: StoreCore) -> None:
        self._core = core

    @staticmethod
    def enqueue_in(session: Session, application_pk: int, now: datetime) -> None:
        """Queues a just-written application, inside the transaction that writes it."""
        session.add(
            OutboxRow(
                application_pk=application_pk,
                state=PENDING,
                attempts=0,
                next_attempt_at=now,
                created_at=now,
                updated_at=now,
            )
        )

    def delivery(self, app_uuid: str, version: int) -> Delivery | None:
        query = (
            select(
                OutboxRow.state,
                OutboxRow.attempts,
                OutboxRow.last_error_message,
                OutboxRow.acknowledged_at,
            )
            .join(ApplicationRow, ApplicationRow.pk == OutboxRow.application_pk)
            .where(ApplicationRow.uuid == app_uuid, ApplicationRow.version == version)
        )
        with self._core.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            return None
        acknowledged = as_utc(row[3]) if row[3] is not None else None
        return Delivery(OutboxState(row[0]), int(row[1] or 0), row[2], acknowledged)

    def recover_interrupted(self) -> int:
        """Rows a crash left in `sending` go back to pending (sending again is harmless)."""
        with self._core.write_session() as session:
            result = session.execute(
                update(OutboxRow).where(OutboxRow.state == SENDING).values(state=PENDING)
            )
            return int(getattr(result, "rowcount", 0) or 0)

    def due(self, now: datetime | None = None, limit: int = 500) -> list[OutboxItem]:
        """Pending rows whose backoff has passed, oldest application first."""
        now = now or utcnow()
        return self._items(
            OutboxRow.state == PENDING, OutboxRow.next_attempt_at <= now, limit=limit
        )

    def unacknowledged(self, limit: int = 100_000) -> list[OutboxItem]:
        """Every row the server has not acknowledged yet, whatever its backoff (a USB bundle
        carries them all; the rows stay as they are, so network sync still sends them)."""
        return self._items(OutboxRow.state != ACKNOWLEDGED, limit=limit)

    def _items(self, *conditions: Any, limit: int) -> list[OutboxItem]:
        query = (
            select(OutboxRow, ApplicationRow)
            .join(ApplicationRow, ApplicationRow.pk == OutboxRow.application_pk)
            .where(*conditions)
            .order_by(OutboxRow.created_at, OutboxRow.pk)
            .limit(limit)
        )
        with self._core.read_session() as session:
            rows = session.execute(query).all()
            app_pks = [app.pk for _, app in rows]
            files: dict[int, list[OutboxAttachment]] = {pk: [] for pk in app_pks}
            for att in session.scalars(
                select(AttachmentRow)
                .where(AttachmentRow.application_pk.in_(app_pks))
                .order_by(AttachmentRow.pk)
            ):
                files[att.application_pk].append(
                    OutboxAttachment(att.document_code, att.sha256, att.size, att.content_type)
                )
            return [
                OutboxItem(
                    pk=row.pk,
                    application_id=app.uuid,
                    version=app.version,
                    parent_version=app.parent_version,
                    number=app.number,
                    service=app.service_code,
                    operator=app.operator,
                    created_at=as_utc(app.created_at),
                    attempts=row.attempts,
                    attachments=tuple(files[app.pk]),
                    seal_key_id=app.seal_key_id,
                )
                for row, app in rows
            ]

    def _set(self, pk: int, **values: Any) -> None:
        with self._core.write_session() as session:
            session.execute(
                update(OutboxRow).where(OutboxRow.pk == pk).values(updated_at=utcnow(), **values)
            )

    def mark_sending(self, pk: int) -> None:
        self._set(pk, state=SENDING)

    def mark_retry(self, pk: int, next_attempt_at: datetime, code: str, message: str) -> None:
        with self._core.write_session() as session:
            session.execute(
                update(OutboxRow)
                .where(OutboxRow.pk == pk)
                .values(
                    state=PENDING,
                    attempts=OutboxRow.attempts + 1,
                    next_attempt_at=next_attempt_at,
                    last_error_code=code,
                    last_error_message=message,
                    updated_at=utcnow(),
                )
            )

    def release(self, pk: int) -> None:
        """Back to pending without counting an attempt (the pass stopped before this row)."""
        self._set(pk, state=PENDING)

    def mark_needs_attention(self, pk: int, code: str, message: str) -> None:
        self._set(pk, state=NEEDS_ATTENTION, last_error_code=code, last_error_message=message)

    def mark_acknowledged(self, pk: int) -> None:
        now = utcnow()
        self._set(
            pk,
            state=ACKNOWLEDGED,
            acknowledged_at=now,
            last_error_code=None,
            last_error_message=None,
        )

    def acknowledge_application(self, application_id: str, version: int) -> None:
        """The change feed proved the server holds it complete (an ack that got lost)."""
        with self._core.write_session() as session:
            app_pk = session.scalar(
                select(ApplicationRow.pk).where(
                    ApplicationRow.uuid == application_id, ApplicationRow.version == version
                )
            )
            session.execute(
                update(OutboxRow)
                .where(OutboxRow.application_pk == app_pk, OutboxRow.state != ACKNOWLEDGED)
                .values(state=ACKNOWLEDGED, acknowledged_at=utcnow(), updated_at=utcnow())
            )

    def retry_needs_attention(self) -> int:
        """A person fixed the cause ("Kirim ulang"): try those rows again now."""
        with self._core.write_session() as session:
            result = session.execute(
                update(OutboxRow)
                .where(OutboxRow.state == NEEDS_ATTENTION)
                .values(state=PENDING, next_attempt_at=utcnow(), attempts=0)
            )
            return int(getattr(result, "rowcount", 0) or 0)

    def counts(self) -> dict[str, int]:
        """Rows per state; index with an OutboxState (a str) or its value."""
        with self._core.read_session() as session:
            rows = session.execute(
                select(OutboxRow.state, func.count()).group_by(OutboxRow.state)
            ).all()
        counts = {state.value: 0 for state in OutboxState}
        counts.update({OutboxState(state).value: int(n) for state, n in rows})
        return counts

    def attention_items(self) -> list[dict[str, Any]]:
        query = (
            select(
                ApplicationRow.number,
                ApplicationRow.version,
                OutboxRow.last_error_code,
                OutboxRow.last_error_message,
            )
            .join(ApplicationRow, ApplicationRow.pk == OutboxRow.application_pk)
            .where(OutboxRow.state == NEEDS_ATTENTION)
        )
        with self._core.read_session() as session:
            return [
                {"number": n, "version": v, "code": c, "message": m}
                for n, v, c, m in session.execute(query)
            ]
