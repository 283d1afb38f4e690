"""The verifiers' work queues: which applications wait for whom, filtered, searched, paged.

A queue shows the NEWEST version of each application (an older version is history, shown on
the review page). Every query is scoped to the offices the signed-in person may see, so a
verifikator of office A cannot even count office B's applications. NIK search never needs a
clear NIK on the server: the typed NIK is turned into the same keyed digest (HMAC-SHA256 with
the back office's own key) that review wrote when it first opened an application.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from time import monotonic
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from sync.protocol import ApplicationStatus as S

from . import audit
from .db import Database
from .errors import NotFound
from .models import (
    Application,
    ApplicationAssignment,
    ApplicationNikDigest,
)
from .nik_digest import NikDigester
from .queue_paging import PAGE_SIZE, Cursor, cursor_of, page_query
from .staff import StaffMember

NIK_RE = re.compile(r"^\d{16}$")


class Queue(StrEnum):
    NEW = "new"
    MINE = "mine"
    CORRECTION = "correction"
    PROCESSING = "processing"
    READY = "ready"
    COLLECTED = "collected"
    ALL = "all"


QUEUE_LABELS: dict[Queue, tuple[str, str]] = {
    Queue.NEW: ("Baru", "New"),
    Queue.MINE: ("Milik saya", "Mine"),
    Queue.CORRECTION: ("Menunggu perbaikan", "Waiting for a correction"),
    Queue.PROCESSING: ("Diproses", "Processing"),
    Queue.READY: ("Siap diambil", "Ready for pickup"),
    Queue.COLLECTED: ("Sudah diambil", "Collected"),
    Queue.ALL: ("Semua", "All"),
}
OPEN_STATUSES = (S.RECEIVED.value, S.VERIFIED.value, S.PROCESSING.value, S.READY.value)


@dataclass(frozen=True)
class Filters:
    queue: Queue = Queue.NEW
    office: str | None = None
    service: str | None = None
    status: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    search: str | None = None
    page: int = 1
    after: Cursor | None = None
    """Keyset paging: the rows after this (received_at, pk), or before it with `backward`."""
    backward: bool = False


@dataclass(frozen=True)
class QueueRow:
    application_id: uuid.UUID
    version: int
    number: str
    service_code: str
    office_code: str
    status: str
    received_at: datetime | None
    holder: str | None


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    total: int
    page: int
    pages: int
    counts: dict[Queue, int]
    previous: Cursor | None = None
    next: Cursor | None = None


def newest_versions() -> Any:
    """Applications with no newer version (the NOT EXISTS uses the (id, version) index)."""
    newer = aliased(Application)
    return ~sa.exists().where(
        newer.application_id == Application.application_id, newer.version > Application.version
    )


def scope(member: StaffMember) -> Any:
    if member.offices is None:
        return sa.true()
    return Application.office_code.in_(sorted(member.offices))


def _held(by: str | None = None) -> Any:
    """Someone (or `by`) holds the application. EXISTS rather than an outer join: the
    planner then walks the (status, received_at, pk) index and stops after 50 rows."""
    query = sa.exists().where(ApplicationAssignment.application_id == Application.application_id)
    return query.where(ApplicationAssignment.username == by) if by is not None else query


def holder_column() -> Any:
    return (
        sa.select(ApplicationAssignment.username)
        .where(ApplicationAssignment.application_id == Application.application_id)
        .scalar_subquery()
    )


def _queue_condition(queue: Queue, member: StaffMember) -> Any:
    if queue == Queue.NEW:
        return sa.and_(Application.status == S.RECEIVED.value, ~_held())
    if queue == Queue.MINE:
        return sa.and_(Application.status.in_(OPEN_STATUSES), _held(member.username))
    if queue == Queue.CORRECTION:
        return Application.status == S.REJECTED.value
    if queue == Queue.PROCESSING:
        return Application.status.in_((S.VERIFIED.value, S.PROCESSING.value))
    if queue == Queue.READY:
        return Application.status == S.READY.value
    if queue == Queue.COLLECTED:
        return Application.status == S.COLLECTED.value
    return Application.status != S.INCOMPLETE.value


def _base(member: StaffMember) -> Any:
    return sa.select(Application).where(newest_versions(), scope(member))


def _filtered(query: Any, filters: Filters, digester: NikDigester | None) -> Any:
    if filters.office:
        query = query.where(Application.office_code == filters.office)
    if filters.service:
        query = query.where(Application.service_code == filters.service)
    if filters.status:
        query = query.where(Application.status == filters.status)
    if filters.date_from:
        start = datetime.combine(filters.date_from, time.min).astimezone()
        query = query.where(Application.received_at >= start)
    if filters.date_to:
        end = datetime.combine(filters.date_to + timedelta(days=1), time.min).astimezone()
        query = query.where(Application.received_at < end)
    text = normal_search(filters.search)
    if text:
        if NIK_RE.match(text) and digester is not None:
            # Any version of the application carrying this NIK (the digest of an older
            # version is as good: a correction rarely changes the NIK).
            carriers = (
                sa.select(Application.application_id)
                .join(ApplicationNikDigest, ApplicationNikDigest.application_pk == Application.pk)
                .where(ApplicationNikDigest.nik_digest == digester.digest(text))
            )
            query = query.where(Application.application_id.in_(carriers))
        else:
            query = query.where(Application.number == text)
    return query


def normal_search(typed: str | None) -> str:
    """The search as people read it out: a NIK in groups of digits ("3171 0157 ..."), a
    number in lower case; application numbers are upper case."""
    text = (typed or "").strip()
    joined = "".join(text.split())
    return joined if NIK_RE.match(joined) else text.upper()


class QueueCounter(Protocol):
    """Where the queue counts come from (`server.queue_counts.CountCache`)."""

    def get(self, session: Session, member: StaffMember) -> dict[Queue, int]: ...


def list_queue(
    database: Database,
    member: StaffMember,
    filters: Filters,
    digester: NikDigester | None,
    counter: QueueCounter,
) -> QueuePage:
    """One page (50 rows) of a queue, the counts of every queue, all within the member's scope.

    A search by NIK is audited (it asks about a person); paging a queue shows no citizen data.
    """
    searching = bool(filters.search and filters.search.strip())
    with database.read() as session:
        counts = counter.get(session, member)
        query = _filtered(
            _base(member).where(_queue_condition(filters.queue, member)), filters, digester
        )
        unfiltered = replace(filters, page=1, after=None, backward=False) == Filters(filters.queue)
        total = (
            counts[filters.queue]
            if unfiltered
            else session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
        )
        pages = max(1, -(-total // PAGE_SIZE))
        page = max(1, min(filters.page, pages))
        paged = page_query(
            query.add_columns(holder_column()), filters.after, filters.backward, page
        )
        rows = list(session.execute(paged).all())
        if filters.after is not None and filters.backward:
            rows.reverse()
        listed = [_queue_row(app, holder) for app, holder in rows]
        first, last = (rows[0][0], rows[-1][0]) if rows else (None, None)
    if searching:
        with database.write() as session:
            kind = "nik" if NIK_RE.match(normal_search(filters.search)) else "number"
            audit.record(session, "queue_searched", member.audit_id, detail=f"{kind}: {total}")
    return QueuePage(
        listed,
        total,
        page,
        pages,
        counts,
        cursor_of(first) if page > 1 else None,
        cursor_of(last) if page < pages else None,
    )


def visible_version(
    session: Session, member: StaffMember, application_id: uuid.UUID, version: int | None = None
) -> Application:
    """The given (or newest) version, if the member may see its office; NotFound otherwise.

    Another office's application answers exactly like one that does not exist, so a
    verifikator cannot probe which application ids exist elsewhere.
    """
    query = sa.select(Application).where(
        Application.application_id == application_id,
        Application.status != S.INCOMPLETE.value,
        scope(member),
    )
    if version is not None:
        query = query.where(Application.version == version)
    app = session.scalars(query.order_by(Application.version.desc()).limit(1)).one_or_none()
    if app is None:
        raise NotFound(f"Permohonan {application_id} tidak ada / no application {application_id}")
    return app


def ensure_visible(
    session: Session, member: StaffMember, application_id: uuid.UUID, version: int
) -> None:
    """visible_version's check alone, for a document request: one indexed SELECT of the pk,
    without loading the version's attachments (the opener loads them once, in its own
    audited transaction). NotFound exactly as visible_version."""
    found = session.scalar(
        sa.select(Application.pk).where(
            Application.application_id == application_id,
            Application.version == version,
            Application.status != S.INCOMPLETE.value,
            scope(member),
        )
    )
    if found is None:
        raise NotFound(f"Permohonan {application_id} tidak ada / no application {application_id}")


_CHOICES: dict[tuple[str, ...] | None, tuple[float, dict[str, list[str]]]] = {}
CHOICES_TTL_SECONDS = 60.0


def filter_choices(database: Database, member: StaffMember) -> dict[str, list[str]]:
    """The offices and services the member's applications have, for the filter menus.

    Two DISTINCT scans of every application; the menus change only when an office or a
    service appears, so the answer is kept for a minute per scope.
    """
    scope_key = tuple(sorted(member.offices)) if member.offices is not None else None
    cached = _CHOICES.get(scope_key)
    if cached is not None and monotonic() - cached[0] < CHOICES_TTL_SECONDS:
        return cached[1]
    choices = _filter_choices(database, member)
    _CHOICES[scope_key] = (monotonic(), choices)
    return choices


def _filter_choices(database: Database, member: StaffMember) -> dict[str, list[str]]:
    with database.read() as session:
        offices = session.scalars(
            sa.select(Application.office_code)
            .where(scope(member))
            .distinct()
            .order_by(Application.office_code)
        ).all()
        services = session.scalars(
            sa.select(Application.service_code)
            .where(scope(member))
            .distinct()
            .order_by(Application.service_code)
        ).all()
    return {"offices": list(offices), "services": list(services)}


EXPORT_MAX_ROWS = 50_000


def export_rows(
    database: Database,
    member: StaffMember,
    filters: Filters,
    digester: NikDigester | None = None,
) -> list[QueueRow]:
    """Every row of the filtered queue (up to EXPORT_MAX_ROWS) for a CSV export; audited."""
    with database.read() as session:
        query = _filtered(
            _base(member).where(_queue_condition(filters.queue, member)), filters, digester
        )
        rows = session.execute(
            query.add_columns(holder_column())
            .order_by(Application.received_at, Application.pk)
            .limit(EXPORT_MAX_ROWS)
        ).all()
        listed = [_queue_row(app, holder) for app, holder in rows]
    with database.write() as session:
        audit.record(
            session,
            "queue_exported",
            member.audit_id,
            detail=f"{filters.queue.value}: {len(listed)} rows",
        )
    return listed


def _queue_row(app: Application, holder: str | None) -> QueueRow:
    """One listed application as the queue page and the CSV export show it."""
    return QueueRow(
        app.application_id,
        app.version,
        app.number,
        app.service_code,
        app.office_code,
        app.status,
        app.received_at,
        holder,
    )
