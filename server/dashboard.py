"""The district dashboard: per office and service, what came in, what waits, how fast, why not.

Counts and times only, never citizen data. Scoped like the queues: a verifikator sees their
offices. The median time to decision runs from `received_at` to the first verdict (verified or
rejected) in the change feed.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from sync.protocol import ApplicationStatus as S

from .db import Database
from .models import Application, RejectionFinding, StatusChange, utc_now
from .staff import StaffMember
from .worklist import scope


@dataclass(frozen=True)
class DashboardRow:
    office_code: str
    service_code: str
    received_today: int
    received_month: int
    waiting: int
    oldest_waiting: datetime | None
    median_hours_to_decision: float | None


@dataclass(frozen=True)
class Dashboard:
    rows: list[DashboardRow]
    top_reasons: list[tuple[str, int]]


def dashboard(database: Database, member: StaffMember, now: datetime | None = None) -> Dashboard:
    now = (now or utc_now()).astimezone()
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    month = today.replace(day=1)
    received = Application.received_at
    with database.read() as session:
        grouped = session.execute(
            sa.select(
                Application.office_code,
                Application.service_code,
                sa.func.count(sa.case((received >= today, 1))),
                sa.func.count(sa.case((received >= month, 1))),
                sa.func.count(sa.case((Application.status == S.RECEIVED.value, 1))),
                sa.func.min(sa.case((Application.status == S.RECEIVED.value, received))),
            )
            .where(Application.status != S.INCOMPLETE.value, scope(member))
            .group_by(Application.office_code, Application.service_code)
            .order_by(Application.office_code, Application.service_code)
        ).all()
        first_verdict = (
            sa.select(StatusChange.application_pk, sa.func.min(StatusChange.changed_at).label("at"))
            .where(StatusChange.status.in_((S.VERIFIED.value, S.REJECTED.value)))
            .group_by(StatusChange.application_pk)
            .subquery()
        )
        decided = session.execute(
            sa.select(
                Application.office_code, Application.service_code, received, first_verdict.c.at
            )
            .join(first_verdict, first_verdict.c.application_pk == Application.pk)
            .where(scope(member), received.is_not(None), received >= now - timedelta(days=90))
        ).all()
        reasons = session.execute(
            sa.select(RejectionFinding.reason_code, sa.func.count())
            .join(Application, Application.pk == RejectionFinding.application_pk)
            .where(scope(member))
            .group_by(RejectionFinding.reason_code)
            .order_by(sa.func.count().desc(), RejectionFinding.reason_code)
            .limit(5)
        ).all()
    hours: dict[tuple[str, str], list[float]] = {}
    for office, service, got, verdict in decided:
        at = verdict if verdict.tzinfo else verdict.replace(tzinfo=now.tzinfo)
        hours.setdefault((office, service), []).append((at - got).total_seconds() / 3600)
    rows = [
        DashboardRow(
            office,
            service,
            int(today_count),
            int(month_count),
            int(waiting),
            oldest,
            statistics.median(hours[(office, service)]) if (office, service) in hours else None,
        )
        for office, service, today_count, month_count, waiting, oldest in grouped
    ]
    return Dashboard(rows, [(str(code), int(n)) for code, n in reasons])
