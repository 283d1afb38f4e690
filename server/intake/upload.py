"""What both phases of an upload share: the Intake, the lookups, the answers, the audit.

`receive_if_complete` is where an application turns `received` (INVARIANT 2): in the same
transaction in which its last attachment is stored, never earlier.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from sync.protocol import (
    SEAL_MAGIC,
    ApplicationStatus,
    AttachmentProgress,
    MissingAttachment,
    UploadStatus,
)

from .. import audit, feed
from ..db import Database, lock_blob_reuse
from ..enrollment import DeviceContext
from ..errors import (
    NotFound,
)
from ..models import Application, Attachment
from ..seal_keys import SealKey
from ..storage import AttachmentStorage
from ..upload_rows import ApplicationRow, AttachmentRow
from . import rules

log = logging.getLogger("kiosk.server.intake")


@dataclass(frozen=True)
class Intake:
    """One device's upload into this server: what every intake step works with.

    Attributes:
        database: where applications, attachments and the audit chain are recorded.
        storage: where attachment bytes go (partials, then verified blobs).
        device: the authenticated caller; it only ever sees its own office's applications.
        service_codes: the services a manifest may name (server.intake.rules).
        seal_key_ids: the key ids a sealed application's files may be sealed to
            (server.seal_keys.KeyRing.key_ids: the current key and the older ones, whose
            payloads may still be on their way). Empty: no sealed upload is accepted.
    """

    database: Database
    storage: AttachmentStorage
    device: DeviceContext
    seal_key_ids: Collection[str] = frozenset()
    service_codes: Collection[str] = field(default_factory=lambda: rules.service_codes())
    """Services a manifest may name (server.intake.rules): the catalog the kiosks use."""
    seal_key: SealKey | None = None
    """The current key: a clear manifest's fields are sealed to it on arrival."""


def not_found() -> NotFound:
    return NotFound("Permohonan tidak ditemukan / application not found")


def find_application(
    session: Session, application_id: uuid.UUID, version: int, *, lock: bool = False
) -> Application | None:
    query = sa.select(Application).where(
        Application.application_id == application_id, Application.version == version
    )
    if lock:
        # The attachments stay a second statement (selectin), issued after the lock is held:
        # joined into the locking SELECT, PostgreSQL would re-read only the locked row after
        # waiting and hand back the joined attachments as they were before the other commit
        # (tests/server/test_concurrency.py, racing last chunks).
        query = query.with_for_update().execution_options(populate_existing=True)
    return session.scalars(query).one_or_none()


def visible_application(
    session: Session, device: DeviceContext, application_id: uuid.UUID, version: int, lock: bool
) -> Application:
    """The application, if it belongs to the caller's office (others are "not found")."""
    app = find_application(session, application_id, version, lock=lock)
    if app is None or app.office_code != device.office_code:
        raise not_found()
    return app


def upload_status(app: Application | ApplicationRow) -> UploadStatus:
    return UploadStatus(
        application_id=app.application_id,
        version=app.version,
        number=app.number,
        status=ApplicationStatus(app.status),
        missing=[
            MissingAttachment(
                document_code=a.document_code, sha256=a.sha256, size=a.size, offset=a.received_bytes
            )
            for a in app.attachments
            if a.completed_at is None
        ],
        received_at=app.received_at,
        reason=app.reason,
        fix=app.fix,
    )


def attachment_progress(
    app: Application | ApplicationRow, attachment: Attachment | AttachmentRow
) -> AttachmentProgress:
    return AttachmentProgress(
        application_id=app.application_id,
        version=app.version,
        sha256=attachment.sha256,
        size=attachment.size,
        offset=attachment.received_bytes,
        complete=attachment.completed_at is not None,
        application_status=ApplicationStatus(app.status),
    )


SEAL_HEADER_BYTES = len(SEAL_MAGIC) + 8


def is_sealed_header(head: bytes, seal_key_ids: Collection[str]) -> bool:
    """Whether a file begins like SEAL_FORMAT with one of the server's keys.

    Any of its keys, not only the manifest's: a correction made after a key rotation
    re-uses documents of the rejected version, sealed to the older key.
    """
    return (
        len(head) == SEAL_HEADER_BYTES
        and head.startswith(SEAL_MAGIC)
        and head[len(SEAL_MAGIC) :].hex() in seal_key_ids
    )


def blob_is_sealed(intake: Intake, sha256: str) -> bool:
    with intake.storage.open_blob(sha256) as handle:
        return is_sealed_header(handle.read(SEAL_HEADER_BYTES), intake.seal_key_ids)


def office_holds_blob(session: Session, office_code: str, sha256: str, size: int) -> bool:
    """Whether this office itself uploaded (and completed) these bytes for an application.

    A stored blob only counts toward an application when the caller's office sent it
    before: hashes are not secrets (a kiosk's manifest names them), so a hash alone must
    never hand one office another office's document. For everyone else the attachment is
    missing from offset 0, exactly as for a hash the server has never seen (issue 11).
    An erased application (server.retention) no longer holds anything.
    """
    lock_blob_reuse(session)
    query = (
        sa.select(Attachment.pk)
        .join(Application, Attachment.application_pk == Application.pk)
        .where(
            Attachment.sha256 == sha256,
            Attachment.size == size,
            Attachment.completed_at.is_not(None),
            Application.office_code == office_code,
            Application.erased_at.is_(None),
        )
        .limit(1)
    )
    return session.scalar(query) is not None


def record_event(
    session: Session,
    device: DeviceContext,
    app: Application | ApplicationRow,
    action: str,
    detail: str | None = None,
) -> None:
    """An audit entry about one application version, attributed to the calling device."""
    audit.record(
        session,
        action,
        device.operator_id,
        device_id=device.device_id,
        application_id=app.application_id,
        version=app.version,
        detail=detail,
    )


def receive_if_complete(
    session: Session, app: Application | ApplicationRow, device: DeviceContext, now: datetime
) -> None:
    if app.status != ApplicationStatus.INCOMPLETE:
        return
    if any(a.completed_at is None for a in app.attachments):
        return
    app.status = ApplicationStatus.RECEIVED.value
    app.received_at = now
    app.updated_at = now
    feed.append_change(session, app, device.operator_id)
    record_event(session, device, app, "application_received")
    log.info("application %s v%d received", app.application_id, app.version)


def complete_attachment(
    session: Session,
    app: Application | ApplicationRow,
    attachment: Attachment | AttachmentRow,
    device: DeviceContext,
    now: datetime,
) -> None:
    attachment.received_bytes = attachment.size
    attachment.completed_at = now
    record_event(session, device, app, "attachment_stored", attachment.document_code)
    receive_if_complete(session, app, device, now)
