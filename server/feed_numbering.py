"""Numbering of the change feed at commit: the feed counter is the last lock a write takes.

Cursors come from the single-row feed counter, whose row lock is held until commit, so a
cursor is only ever visible after every smaller one (server.feed). That lock is the one
place every receiving write of every server process waits in turn, so it is taken as late
as possible: `queue_change` only notes the change, and the `before_commit` hook, after
everything else of the transaction is flushed (the audit entries included), takes the next
cursor and inserts the change. The counter is then held for two statements and the commit,
not for the rest of the transaction's work.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from .models import Application, FeedCounter, StatusChange
from .upload_rows import ApplicationRow

_QUEUED = "kiosk_feed_queued"


@dataclass(frozen=True)
class _Change:
    app: Application | ApplicationRow
    status: str
    reason: str | None
    fix: str | None
    changed_at: datetime
    operator_id: str


def queue_change(session: Session, app: Application | ApplicationRow, operator_id: str) -> None:
    """Adds the application's current status to the feed when the transaction commits."""
    session.info.setdefault(_QUEUED, []).append(
        _Change(app, app.status, app.reason, app.fix, app.updated_at, operator_id)
    )


def _number_queued(session: Session) -> None:
    queued: list[_Change] | None = session.info.pop(_QUEUED, None)
    if not queued:
        return
    session.flush()  # everything else first: from here on the counter is held until commit
    for change in queued:
        seq = session.execute(
            sa.update(FeedCounter)
            .where(FeedCounter.id == 1)
            .values(value=FeedCounter.value + 1)
            .returning(FeedCounter.value)
        ).scalar_one()
        session.execute(
            sa.insert(StatusChange).values(
                seq=seq,
                application_pk=change.app.pk,
                office_code=change.app.office_code,
                status=change.status,
                reason=change.reason,
                fix=change.fix,
                changed_at=change.changed_at,
                operator_id=change.operator_id,
            )
        )


def _forget_queued(session: Session) -> None:
    session.info.pop(_QUEUED, None)


def install(sessions: sessionmaker[Session]) -> None:
    """Makes every commit of these sessions number the feed changes queued in it.

    Install it after server.audit's hook: the audit entries are then flushed before the
    counter is taken, and the audit head (never waited for) is not held behind it.
    """
    event.listen(sessions, "before_commit", _number_queued)
    event.listen(sessions, "after_rollback", _forget_queued)
