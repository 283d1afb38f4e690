"""The per-office change feed and the verifier's decisions that feed it.

Kiosks page through `status_changes` with a cursor. Cursors come from the single-row
feed counter, whose row lock is held until commit, so a cursor is only ever visible after
every smaller one: a kiosk that stored cursor N can never miss a change numbered below N.
The cursor is taken at commit, the last lock of the transaction (server.feed_numbering).
"""

from __future__ import annotations

import logging
import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Session

from sync.protocol import FEED_PAGE_MAX, ApplicationStatus, ChangeEntry, ChangesPage

from . import audit, feed_numbering, statuses
from .db import Database
from .errors import NotFound
from .models import Application, StatusChange, utc_now
from .upload_rows import ApplicationRow

log = logging.getLogger("kiosk.server.feed")


def append_change(session: Session, app: Application | ApplicationRow, operator_id: str) -> None:
    """Adds the application's current status to the feed, numbered when the transaction
    commits (server.feed_numbering: the counter's row lock is taken last)."""
    feed_numbering.queue_change(session, app, operator_id)


def list_changes(database: Database, office_code: str, since: str, limit: int) -> ChangesPage:
    """One page of the office's changes after cursor `since` ("" = from the beginning)."""
    after = int(since) if since else 0
    limit = max(1, min(limit, FEED_PAGE_MAX))
    with database.read() as session:
        rows = session.scalars(
            sa.select(StatusChange)
            .where(StatusChange.office_code == office_code, StatusChange.seq > after)
            .order_by(StatusChange.seq)
            .limit(limit + 1)
        ).all()
        entries = [
            ChangeEntry(
                cursor=str(row.seq),
                application_id=row.application.application_id,
                version=row.application.version,
                number=row.application.number,
                status=ApplicationStatus(row.status),
                reason=row.reason,
                fix=row.fix,
                changed_at=row.changed_at,
            )
            for row in rows[:limit]
        ]
    cursor = entries[-1].cursor if entries else str(after)
    return ChangesPage(entries=entries, cursor=cursor, has_more=len(rows) > limit)


def decide(
    database: Database,
    application_id: uuid.UUID,
    status: ApplicationStatus,
    *,
    reason: str | None,
    fix: str | None,
    operator_id: str,
    version: int | None = None,
) -> tuple[Application, bool]:
    """Records a verifier's decision on the newest (or the given) version.

    Returns (application, changed). Repeating the exact same decision is a no-op, so a
    script that is re-run does not flood the kiosks' feed.

    Raises:
        NotFound: no such application (version).
        InvalidRequest / IllegalTransition: see statuses.check_decision.
    """
    with database.write() as session:
        query = sa.select(Application).where(Application.application_id == application_id)
        if version is not None:
            query = query.where(Application.version == version)
        app = session.scalars(
            query.order_by(Application.version.desc()).limit(1).with_for_update()
        ).one_or_none()
        if app is None:
            raise NotFound(
                f"Permohonan {application_id} tidak ada / no application {application_id}"
            )
        current = ApplicationStatus(app.status)
        if current == status and app.reason == reason and app.fix == fix:
            return app, False
        statuses.check_decision(current, status, reason, fix)
        app.status = status.value
        app.reason = reason
        app.fix = fix
        app.updated_at = utc_now()
        audit.record(
            session,
            "decision",
            operator_id,
            application_id=app.application_id,
            version=app.version,
            detail=f"{current.value}->{status.value}",
        )
        append_change(session, app, operator_id)
        log.info("application %s v%d: %s -> %s", application_id, app.version, current, status)
        return app, True
