"""The back office's queue counts: one grouped scan per person, cached for a few seconds.

Split from server.worklist, whose queues (`Queue`, `OPEN_STATUSES`) and scope they count.
"""

from __future__ import annotations

from time import monotonic

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from sync.protocol import ApplicationStatus as S

from .models import Application, ApplicationAssignment
from .staff import StaffMember
from .worklist import OPEN_STATUSES, Queue, scope

COUNTS_TTL_SECONDS = 10.0


class CountCache:
    """The queue counts of one back-office process, per person, for COUNTS_TTL_SECONDS.

    Counting is one scan of every application in scope (100,000 in the bench): too slow to
    repeat for each page of a busy office. The pages drop the cache after every change they
    make (take, release, decision), so a verifier always sees their own changes counted; new
    uploads and other processes' decisions show within COUNTS_TTL_SECONDS. Listed rows are
    always exact.
    """

    def __init__(self) -> None:
        self._counts: dict[tuple[str, tuple[str, ...] | None], tuple[float, dict[Queue, int]]]
        self._counts = {}

    def invalidate(self) -> None:
        self._counts.clear()

    def get(self, session: Session, member: StaffMember) -> dict[Queue, int]:
        offices = tuple(sorted(member.offices)) if member.offices is not None else None
        key = (member.username, offices)
        cached = self._counts.get(key)
        now = monotonic()
        if cached is not None and now - cached[0] < COUNTS_TTL_SECONDS:
            return cached[1]
        counts = count_queues(session, member)
        self._counts[key] = (now, counts)
        return counts


def count_queues(session: Session, member: StaffMember) -> dict[Queue, int]:
    """Every queue's count from ONE grouped scan of the scoped newest versions.

    The rows are grouped by (status, holder), a handful of groups, and the queues are summed
    from them here: a per-row CASE for each queue with an EXISTS per row cost 4x as much on
    100,000 applications. The newer-version probe only looks at versions above 1, so its hash
    holds the few corrections instead of every application.
    """
    newer = aliased(Application)
    newest = ~sa.exists().where(
        newer.version > 1,
        newer.application_id == Application.application_id,
        newer.version > Application.version,
    )
    query = (
        sa.select(Application.status, ApplicationAssignment.username, sa.func.count())
        .select_from(Application)
        .outerjoin(
            ApplicationAssignment,
            ApplicationAssignment.application_id == Application.application_id,
        )
        .where(newest, scope(member))
        .group_by(Application.status, ApplicationAssignment.username)
    )
    counts = dict.fromkeys(Queue, 0)
    for status, holder, n in session.execute(query):
        for queue in _queues_of(status, holder, member.username):
            counts[queue] += int(n)
    return counts


_STATUS_QUEUE = {
    S.REJECTED.value: Queue.CORRECTION,
    S.VERIFIED.value: Queue.PROCESSING,
    S.PROCESSING.value: Queue.PROCESSING,
    S.READY.value: Queue.READY,
    S.COLLECTED.value: Queue.COLLECTED,
}


def _queues_of(status: str, holder: str | None, me: str) -> list[Queue]:
    """The queues an application of this status and holder is counted in (as _queue_condition)."""
    if status == S.INCOMPLETE.value:
        return []
    queues = [Queue.ALL]
    if status == S.RECEIVED.value and holder is None:
        queues.append(Queue.NEW)
    if status in OPEN_STATUSES and holder == me:
        queues.append(Queue.MINE)
    if status in _STATUS_QUEUE:
        queues.append(_STATUS_QUEUE[status])
    return queues
