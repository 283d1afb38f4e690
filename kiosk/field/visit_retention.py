"""Storage limitation for the visit list: a visit that is done leaves the laptop once the
retention period has passed since it was marked done.

A visit still planned, not home or postponed stays (the team has not finished with it). The
application a visit led to keeps its own retention (kiosk/applications/retention.py): deleting
the visit never touches it. Each purge is one audit entry naming how many visits went, not who.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select

from kiosk.audit import AuditLog
from kiosk.field.visits import VisitState
from kiosk.store.clock import utcnow
from kiosk.store.core import StoreCore
from kiosk.store.models import FieldVisitRow

log = logging.getLogger("kiosk.db")


def purge_done_visits(
    core: StoreCore,
    audit: AuditLog,
    retention_days: int,
    *,
    now: datetime | None = None,
    operator: str = "system",
) -> int:
    """Deletes the visits marked done more than `retention_days` ago; returns how many."""
    now = now or utcnow()
    cutoff = now - timedelta(days=retention_days)
    due = (FieldVisitRow.state == VisitState.DONE.value) & (FieldVisitRow.updated_at <= cutoff)
    with core.write_session() as session:
        count = session.scalar(select(func.count()).select_from(FieldVisitRow).where(due)) or 0
        if not count:
            return 0
        session.execute(delete(FieldVisitRow).where(due))
        audit.record_in(
            session,
            "visit_purge",
            operator=operator,
            detail=f"{count} done visits deleted after {retention_days} days",
        )
    log.info("purged %d done visits", count)
    return int(count)
