"""Numbering of the change feed at commit: the feed counter is the last lock a write takes.

Cursors come from the single-row feed counter, whose row lock is held until commit, so a
cursor is only ever visible after every smaller one (server.feed). That lock is the one
place every receiving write of every server process waits in turn, so it is taken as late
as possible: `queue_change` only notes the change, and the `before_commit` hook, after
everything else of the transaction is flushed (the audit entries included), takes the next
cursor and inserts the change (one statement on PostgreSQL). The counter is then held for
that and the commit, not for the rest of the transaction's work.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from .models import Application, Base, FeedCounter, StatusChange
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


_COUNTER = Base.metadata.tables[FeedCounter.__tablename__]
_CHANGES = Base.metadata.tables[StatusChange.__tablename__]
_CHANGE_COLUMNS: tuple[str, ...] = ("application_pk", "office_code", "status", "reason", "fix")
_CHANGE_COLUMNS += ("changed_at", "operator_id")
_NEXT_SEQ = (
    sa.update(_COUNTER)
    .where(_COUNTER.c.id == 1)
    .values(value=_COUNTER.c.value + 1)
    .returning(_COUNTER.c.value)
)
_INSERT_CHANGE = sa.insert(_CHANGES)
_bump = _NEXT_SEQ.cte("next_seq")
_NUMBER_AND_INSERT = _INSERT_CHANGE.from_select(
    ["seq", *_CHANGE_COLUMNS],
    sa.select(
        _bump.c.value,
        *(sa.bindparam(name, type_=_CHANGES.c[name].type) for name in _CHANGE_COLUMNS),
    ),
)
"""PostgreSQL: the next cursor and the change in one statement (one round trip fewer with
the counter held). SQLite cannot put an UPDATE in a WITH clause: two statements there."""


def _number_queued(session: Session) -> None:
    queued: list[_Change] | None = session.info.pop(_QUEUED, None)
    if not queued:
        return
    session.flush()  # everything else first: from here on the counter is held until commit
    one_statement = session.get_bind().dialect.name == "postgresql"
    for change in queued:
        values = {
            "application_pk": change.app.pk,
            "office_code": change.app.office_code,
            "status": change.status,
            "reason": change.reason,
            "fix": change.fix,
            "changed_at": change.changed_at,
            "operator_id": change.operator_id,
        }
        if one_statement:
            session.execute(_NUMBER_AND_INSERT, values)
            continue
        seq = session.execute(_NEXT_SEQ).scalar_one()
        session.execute(_INSERT_CHANGE, {"seq": seq, **values})


def _forget_queued(session: Session) -> None:
    session.info.pop(_QUEUED, None)


def install(sessions: sessionmaker[Session]) -> None:
    """Makes every commit of these sessions number the feed changes queued in it.

    Install it after server.audit's hook: the audit entries are then flushed before the
    counter is taken, and the audit head (never waited for) is not held behind it.
    """
    event.listen(sessions, "before_commit", _number_queued)
    event.listen(sessions, "after_rollback", _forget_queued)
