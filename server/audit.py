"""Append-only, hash-chained audit log of the server (INVARIANT 4): who did what, and when.

Rows are only ever inserted, in the same transaction as the change they describe, so the log
and the data cannot disagree. `detail` is for codes and counts, never citizen data.

The chain: entry `seq` N stores `prev_hash` = hash of entry N-1 (AUDIT_GENESIS for 1) and
`hash` = SHA-256 of its canonical JSON (sync.protocol.audit_entry_hash, the kiosk's own
construction). `audit_head` holds the newest (seq, hash). So an edited entry fails its hash,
a deleted or reordered one breaks the links, and deleting the newest ones disagrees with the
head. Database triggers refuse UPDATE/DELETE (migration 0002), so tampering needs a deliberate
DDL step by a database superuser; what remains (a superuser rewriting the whole chain AND the
head) is answered by recording the head off the machine (docs/security.md).

Why chaining happens at commit, not in `record`: numbering needs the head row's lock, and
taking it last (in a `before_commit` hook) keeps the lock order of every transaction
(application, attachment, feed counter, THEN audit head), so there are no deadlocks and the
head is held for the shortest possible time.

The head is never waited for at commit (PostgreSQL): held until its holder's commit is on disk,
it made every write of every process queue behind one fsync at a time, the biggest cost of
ingest under a herd (docs/performance.md). A transaction that finds it locked commits its
entries into `audit_pending` instead, in the same transaction as its change; the next
transaction that takes the head chains them first, in `id` order, then its own, and
`chain_backlog` (run every `BACKLOG_SWEEP_SECONDS` by each serving process, and before a
verification) catches the rest. So an entry is in the log from its commit on, and in the chain
within about a second. SQLite has one writer at a time: the head is always free there.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from sync.protocol import AUDIT_GENESIS, MAX_AUDIT_DETAIL_CHARS, audit_entry_hash

from .models import AuditEvent, AuditHead, AuditPending, Base, utc_now

_PENDING = "kiosk_audit_pending"
_BATCH = 1000
BACKLOG_SWEEP_SECONDS = 0.5
"""How often a serving process chains entries left in `audit_pending` (PostgreSQL)."""
_ENTRY_FIELDS = ("at", "action", "operator_id", "device_id", "application_id", "version", "detail")


@dataclass
class Entry:
    """One audit entry on its way into the chain (a row of `audit_events` once chained)."""

    at: datetime
    action: str
    operator_id: str
    device_id: uuid.UUID | None = None
    application_id: uuid.UUID | None = None
    version: int | None = None
    detail: str | None = None
    seq: int = 0
    prev_hash: str = ""
    hash: str = ""

    def row(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in (*_ENTRY_FIELDS, "seq", "prev_hash", "hash")}


def record(
    session: Session,
    action: str,
    operator_id: str,
    *,
    device_id: uuid.UUID | None = None,
    application_id: uuid.UUID | None = None,
    version: int | None = None,
    detail: str | None = None,
) -> None:
    """Adds one audit entry to the caller's transaction; it is chained when that commits."""
    session.info.setdefault(_PENDING, []).append(
        Entry(
            at=utc_now(),
            action=action[:40],
            operator_id=operator_id[:80],
            device_id=device_id,
            application_id=application_id,
            version=version,
            detail=detail[:MAX_AUDIT_DETAIL_CHARS] if detail else None,
        )
    )


def chained_fields(entry: AuditEvent | Entry) -> dict[str, Any]:
    """What the hash covers. Frozen: migration 0002 computes the same for older rows."""
    return {
        "seq": entry.seq,
        "at": entry.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "action": entry.action,
        "operator": entry.operator_id,
        "device_id": str(entry.device_id) if entry.device_id else None,
        "application_id": str(entry.application_id) if entry.application_id else None,
        "version": entry.version,
        "detail": entry.detail,
        "prev_hash": entry.prev_hash,
    }


_HEAD = Base.metadata.tables[AuditHead.__tablename__]
_EVENTS = Base.metadata.tables[AuditEvent.__tablename__]
_WAITING = Base.metadata.tables[AuditPending.__tablename__]
"""Plain tables, not the ORM classes: chaining runs in every audited commit, and statements
on the tables skip the ORM's object loading and unit-of-work flush (docs/performance.md)."""


def _head_query(*, wait: bool) -> sa.Select[Any]:
    return (
        sa.select(_HEAD.c.seq, _HEAD.c.hash, sa.exists().select_from(_WAITING).label("backlog"))
        .where(_HEAD.c.id == 1)
        .with_for_update(of=_HEAD, skip_locked=not wait)
    )


_HEAD_QUERIES = {wait: _head_query(wait=wait) for wait in (False, True)}
_INSERT_EVENTS = sa.insert(_EVENTS)
_INSERT_WAITING = sa.insert(_WAITING)
_UPDATE_HEAD = (
    sa.update(_HEAD)
    .where(_HEAD.c.id == 1)
    .values(seq=sa.bindparam("new_seq"), hash=sa.bindparam("new_hash"))
)
"""Built once: building a statement per commit costs more CPU than executing it."""


def _take_head(session: Session, *, wait: bool) -> tuple[tuple[int, str] | None, bool]:
    """The head's (seq, hash), its row locked until commit (None when another transaction
    holds it and `wait` is False), and whether entries wait in `audit_pending`: one round
    trip for both."""
    row = session.execute(_HEAD_QUERIES[wait]).one_or_none()
    if row is None and (wait or session.get_bind().dialect.name != "postgresql"):
        raise RuntimeError("audit_head row missing: the database is not migrated correctly")
    return (None, False) if row is None else ((row[0], row[1]), bool(row[2]))


def _claim_backlog(session: Session) -> list[Entry]:
    """Entries committed to `audit_pending` before now, oldest first; removed from it.

    Only called with the head locked, so no other transaction claims the same ones.
    """
    rows = session.execute(
        sa.select(_WAITING.c.id, *(_WAITING.c[name] for name in _ENTRY_FIELDS))
        .order_by(_WAITING.c.id)
        .limit(_BATCH)
    ).all()
    if not rows:
        return []
    session.execute(sa.delete(_WAITING).where(_WAITING.c.id.in_([row.id for row in rows])))
    return [Entry(**{name: getattr(row, name) for name in _ENTRY_FIELDS}) for row in rows]


def _append(session: Session, head: tuple[int, str], entries: list[Entry]) -> None:
    seq, prev = head
    for entry in entries:
        seq += 1
        entry.seq, entry.prev_hash = seq, prev
        entry.hash = prev = audit_entry_hash(chained_fields(entry))
    session.execute(_INSERT_EVENTS, [entry.row() for entry in entries])
    session.execute(_UPDATE_HEAD, {"new_seq": seq, "new_hash": prev})


def _chain_pending(session: Session) -> None:
    pending: list[Entry] | None = session.info.pop(_PENDING, None)
    if not pending:
        return
    head, backlog = _take_head(session, wait=False)
    if head is None:
        # Held by a transaction that is committing: ours wait in audit_pending instead.
        session.execute(
            _INSERT_WAITING,
            [{name: getattr(entry, name) for name in _ENTRY_FIELDS} for entry in pending],
        )
        return
    _append(session, head, [*(_claim_backlog(session) if backlog else []), *pending])


def chain_backlog(sessions: sessionmaker[Session], *, wait: bool = False) -> int:
    """Chains the entries waiting in `audit_pending`; returns how many.

    `wait`: wait for the head (before a verification) rather than leave the work to its
    holder. A cheap read first, so an idle server writes nothing.
    """
    chained = 0
    while True:
        with sessions() as session:
            if session.scalar(sa.select(sa.exists().select_from(_WAITING))) is not True:
                return chained
        with sessions() as session, session.begin():
            head, _backlog = _take_head(session, wait=wait)
            if head is None:
                return chained
            backlog = _claim_backlog(session)
            if not backlog:  # a write's commit or another sweep chained them since the look
                return chained
            _append(session, head, backlog)
        chained += len(backlog)
        if len(backlog) < _BATCH:
            return chained


def _forget_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)


def install(sessions: sessionmaker[Session]) -> None:
    """Makes every commit of these sessions chain the audit entries recorded in it."""
    event.listen(sessions, "before_commit", _chain_pending)
    event.listen(sessions, "after_rollback", _forget_pending)


@dataclass(frozen=True)
class Link:
    """One stored entry as the verifier sees it."""

    seq: int
    prev_hash: str
    stored_hash: str
    computed_hash: str
    shown: dict[str, Any]


@dataclass(frozen=True)
class ChainCheck:
    """Outcome of verifying one chain; `entry` is the first bad entry as stored."""

    chain: str
    ok: bool
    entries: int
    head_seq: int
    head_hash: str
    first_bad_seq: int | None = None
    problem: str = ""
    entry: dict[str, Any] | None = field(default=None)

    def as_dict(self) -> dict[str, Any]:
        return {
            "chain": self.chain,
            "ok": self.ok,
            "entries": self.entries,
            "head_seq": self.head_seq,
            "head_hash": self.head_hash,
            "first_bad_seq": self.first_bad_seq,
            "problem": self.problem,
            "entry": self.entry,
        }


def check_chain(chain: str, links: Iterable[Link], head: tuple[int, str]) -> ChainCheck:
    """Walks a chain from seq 1; `head` is what an independent record says its end is."""
    expected, prev, count = 1, AUDIT_GENESIS, 0

    def bad(link: Link | None, seq: int, problem: str) -> ChainCheck:
        shown = link.shown if link else None
        return ChainCheck(chain, False, count, head[0], head[1], seq, problem, shown)

    for link in links:
        count += 1
        if link.seq != expected:
            return bad(
                link,
                expected,
                f"entri {expected} hilang (dihapus) / entry {expected} is missing (deleted)",
            )
        if link.prev_hash != prev:
            return bad(
                link,
                link.seq,
                "rantai putus: entri sebelumnya dihapus atau diubah urutannya / "
                "chain broken: an earlier entry was deleted or reordered",
            )
        if link.computed_hash != link.stored_hash:
            return bad(link, link.seq, "entri diubah / entry was edited")
        expected, prev = link.seq + 1, link.stored_hash
    last = expected - 1
    if head[0] > last:
        return bad(
            None,
            last + 1,
            f"entri terbaru {last + 1}..{head[0]} hilang (dihapus) / "
            f"newest entries {last + 1}..{head[0]} are missing (deleted)",
        )
    if (last, prev) != head:
        return bad(
            None,
            last,
            "ujung rantai tidak cocok dengan catatan kepala / the chain's end does not match "
            "its recorded head",
        )
    return ChainCheck(chain, True, count, head[0], head[1])


def _server_links(session: Session) -> Iterator[Link]:
    rows = session.scalars(
        sa.select(AuditEvent).order_by(AuditEvent.seq).execution_options(yield_per=_BATCH)
    )
    for row in rows:
        fields = chained_fields(row)
        yield Link(
            row.seq, row.prev_hash, row.hash, audit_entry_hash(fields), {**fields, "hash": row.hash}
        )


def verify_server_chain(session: Session) -> ChainCheck:
    head = session.get(AuditHead, 1)
    recorded = (head.seq, head.hash) if head else (0, AUDIT_GENESIS)
    return check_chain("server", _server_links(session), recorded)
