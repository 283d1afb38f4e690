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
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from sync.protocol import AUDIT_GENESIS, MAX_AUDIT_DETAIL_CHARS, audit_entry_hash

from .models import AuditEvent, AuditHead, utc_now

_PENDING = "kiosk_audit_pending"
_BATCH = 1000


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
        AuditEvent(
            at=utc_now(),
            action=action[:40],
            operator_id=operator_id[:80],
            device_id=device_id,
            application_id=application_id,
            version=version,
            detail=detail[:MAX_AUDIT_DETAIL_CHARS] if detail else None,
        )
    )


def chained_fields(entry: AuditEvent) -> dict[str, Any]:
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


def _chain_pending(session: Session) -> None:
    pending: list[AuditEvent] | None = session.info.pop(_PENDING, None)
    if not pending:
        return
    head = session.scalars(
        sa.select(AuditHead).where(AuditHead.id == 1).with_for_update()
    ).one_or_none()
    if head is None:
        raise RuntimeError("audit_head row missing: the database is not migrated correctly")
    seq, prev = head.seq, head.hash
    for entry in pending:
        seq += 1
        entry.seq, entry.prev_hash = seq, prev
        entry.hash = prev = audit_entry_hash(chained_fields(entry))
        session.add(entry)
    head.seq, head.hash = seq, prev


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
