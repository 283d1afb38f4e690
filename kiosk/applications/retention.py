"""Storage limitation: citizen documents leave the device once the server has them.

Attachment files of an application are deleted when the server has acknowledged it AND the
configured retention has passed since then (so a receipt can still be reprinted with its
documents for a while); never before acknowledgement. Files shared with a newer version or a
draft (the vault is content-addressed) stay. What the kiosk shows about the application
(number, service, status, masked NIK, history) stays.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import select, update

from kiosk.audit import AuditLog
from kiosk.store.clock import utcnow
from kiosk.store.core import StoreCore
from kiosk.store.models import ApplicationRow, AttachmentRow, OutboxRow
from kiosk.store.orphans import collect_orphans, drop_unreferenced
from kiosk.store.outbox import ACKNOWLEDGED

log = logging.getLogger("kiosk.db")


def purge_acknowledged(
    core: StoreCore,
    audit: AuditLog,
    retention_days: int,
    *,
    now: datetime | None = None,
    operator: str = "system",
) -> int:
    """Deletes the documents of applications acknowledged more than `retention_days` ago.

    Returns how many applications had documents purged.
    """
    now = now or utcnow()
    cutoff = now - timedelta(days=retention_days)
    with core.write_session() as session:
        due = session.execute(
            select(ApplicationRow.pk, ApplicationRow.uuid, ApplicationRow.number)
            .join(OutboxRow, OutboxRow.application_pk == ApplicationRow.pk)
            .join(AttachmentRow, AttachmentRow.application_pk == ApplicationRow.pk)
            .where(
                OutboxRow.state == ACKNOWLEDGED,
                OutboxRow.acknowledged_at <= cutoff,
                AttachmentRow.purged_at.is_(None),
            )
            .distinct()
        ).all()
        if not due:
            return 0
        pks = [pk for pk, _, _ in due]
        purged = set(
            session.scalars(
                select(AttachmentRow.sha256).where(
                    AttachmentRow.application_pk.in_(pks), AttachmentRow.purged_at.is_(None)
                )
            )
        )
        session.execute(
            update(AttachmentRow)
            .where(AttachmentRow.application_pk.in_(pks), AttachmentRow.purged_at.is_(None))
            .values(purged_at=now)
        )
        for _, app_uuid, number in due:
            audit.record_in(
                session,
                "purge",
                operator=operator,
                application_id=app_uuid,
                number=number,
                detail=f"documents deleted after {retention_days} days",
            )
    removed = drop_unreferenced(core, purged) + collect_orphans(core)
    log.info("purged documents of %d applications (%d files)", len(due), removed)
    return len(due)
