"""Read-only counting queries for the recaps: SQL GROUP BY over clear columns only.

Nothing here loads ORM objects or touches the encrypted payload, so a month of 10,000+
applications is counted by SQLite through its indexes (created_at for the period, the unique
(uuid, version) index for finding each application's latest version) in milliseconds.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, and_, func, select

from kiosk.store.core import StoreCore
from kiosk.store.models import ApplicationRow

_APPS = ApplicationRow.__table__


def service_status_query(start: datetime, end: datetime) -> Select:
    """(service, status, count) of the applications FIRST submitted in [start, end).

    An application counts once, where it was first submitted, with the status of its latest
    version: a rejected-then-corrected application is one application, not two, and its row
    shows where it is now. `start`/`end` are naive UTC, like the stored created_at.
    """
    first = _APPS.alias("first")
    latest = _APPS.alias("latest")
    newer = _APPS.alias("newer")
    latest_version = (
        select(func.max(newer.c.version)).where(newer.c.uuid == first.c.uuid).scalar_subquery()
    )
    query = (
        select(latest.c.service_code, latest.c.status, func.count())
        .select_from(
            first.join(
                latest, and_(latest.c.uuid == first.c.uuid, latest.c.version == latest_version)
            )
        )
        .where(first.c.version == 1, first.c.created_at >= start, first.c.created_at < end)
        .group_by(latest.c.service_code, latest.c.status)
    )
    return query


def count_by_service_and_status(
    core: StoreCore, start: datetime, end: datetime
) -> list[tuple[str, str, int]]:
    query = service_status_query(start, end)
    with core.connect() as conn:
        return [(str(s), str(st), int(n)) for s, st, n in conn.execute(query)]


def count_corrections(core: StoreCore, start: datetime, end: datetime) -> int:
    """Corrected versions (version > 1) submitted in [start, end)."""
    query = (
        select(func.count())
        .select_from(_APPS)
        .where(_APPS.c.version > 1, _APPS.c.created_at >= start, _APPS.c.created_at < end)
    )
    with core.connect() as conn:
        return int(conn.scalar(query) or 0)
