"""Orphans in the attachment storage: stored objects no database row refers to, removed.

Bytes are written before the row naming them commits, so a process that dies in between
leaves objects nobody refers to: a blob of a one-request upload or of a server-side seal
whose transaction never committed, a temporary partial of a blob write, the partial of an
upload whose first chunk never committed. Nothing else ever removes them, and they hold
citizens' documents (UU 27/2022), so `kiosk-server retention run` ends with this sweep.

An ORPHAN is a stored object last written more than `days` ago (local disk: mtime; S3:
LastModified; against `now`, which tests move) that is
- a blob no attachment of a non-erased application names, by its hash or its server-sealed
  hash (the rule server.retention keeps shared blobs by, and server.intake.upload.
  office_holds_blob re-uses them by: a blob either could hand out is never an orphan);
- a partial upload with no live upload behind it: no application row of its key, an erased
  application, no such attachment, an attachment already complete, or an incomplete one that
  counts no bytes (a crash before its first chunk committed) and has been idle (its last
  chunk, else its manifest) for `days`. A partial its row counts bytes of is a live upload:
  retention's `partial_days` decides when that one is abandoned (server.retention), never
  this sweep.

Listing happens outside any transaction (a province bucket's LIST is long); candidates are
decided and removed in batches of BATCH, each in one write transaction that re-reads the
references after taking its lock, and records `orphan_removed` (counts and bytes, nothing
about a citizen) when it removed anything:
- blobs under the exclusive blob-reuse lock (server.db.lock_blob_reuse). An upload that
  re-uses a blob by hash, or writes it again (a one-request upload), holds the shared lock
  until the row naming it commits: the sweep either sees that row and keeps the blob, or goes
  first and the upload then writes the blob again (SQLite: one writer at a time, the same).
- partials under the row locks of their applications (what every chunk takes first), and not
  under the blob-reuse lock: a chunk takes the blob-reuse lock after its application's row
  (the one order of every path, server.db.lock_blob_reuse), so the sweep never needs both.
Objects are deleted before the batch commits (as retention does): a failed commit leaves
them deleted and unaudited, never a row pointing at a deleted object.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import islice

import sqlalchemy as sa
from sqlalchemy.orm import Session

from . import audit
from .db import Database, lock_blob_reuse
from .models import Application, Attachment
from .retention import still_named
from .storage import AttachmentStorage, StoredObject, split_partial_key

log = logging.getLogger("kiosk.server.retention")

DEFAULT_ORPHAN_DAYS = 7
BATCH = 500


@dataclass
class OrphanReport:
    """What a sweep removed (or, dry, would remove)."""

    days: int
    dry_run: bool = False
    blobs: list[StoredObject] = field(default_factory=list)
    partials: list[StoredObject] = field(default_factory=list)
    not_removed: int = 0
    """Orphans the storage refused to delete (logged; the next run tries again)."""

    @property
    def removed_bytes(self) -> int:
        return sum(o.size for o in self.blobs) + sum(o.size for o in self.partials)

    def summary(self) -> str:
        return (
            f"orphan_blobs={len(self.blobs)} orphan_partials={len(self.partials)} "
            f"bytes={self.removed_bytes} not_removed={self.not_removed}"
        )


def _older(objects: Iterable[StoredObject], cutoff: datetime) -> Iterator[StoredObject]:
    return (o for o in objects if o.modified < cutoff)


def _batches(objects: Iterator[StoredObject], size: int) -> Iterator[list[StoredObject]]:
    while batch := list(islice(objects, size)):
        yield batch


def _live_partials(
    session: Session, keys: Iterable[str], cutoff: datetime, *, lock: bool
) -> set[str]:
    """The keys among `keys` a live upload holds (see the module docstring)."""
    wanted: dict[tuple[uuid.UUID, int, str], str] = {}
    for key in keys:
        parts = split_partial_key(key)
        if parts is not None:
            wanted[parts] = key
    ids = sorted({application_id for application_id, _, _ in wanted})
    if not ids:
        return set()
    query = (
        sa.select(Application.pk, Application.application_id, Application.version)
        .where(Application.application_id.in_(ids), Application.erased_at.is_(None))
        .order_by(Application.pk)
    )
    if lock:  # what a chunk takes first (server.upload_rows.lock_upload); in pk order
        query = query.with_for_update(of=Application)
    versions = {
        pk: (application_id, version) for pk, application_id, version in session.execute(query)
    }
    if not versions:
        return set()
    # Read after the locks are held: a chunk that committed meanwhile is seen.
    rows = session.execute(
        sa.select(
            Attachment.application_pk,
            Attachment.sha256,
            Attachment.received_bytes,
            sa.func.coalesce(Attachment.last_chunk_at, Application.uploaded_at),
        )
        .join(Application, Application.pk == Attachment.application_pk)
        .where(Attachment.application_pk.in_(sorted(versions)), Attachment.completed_at.is_(None))
    )
    live: set[str] = set()
    for application_pk, sha256, received_bytes, last_activity in rows:
        application_id, version = versions[application_pk]
        held = wanted.get((application_id, version, sha256))
        if held is not None and (received_bytes > 0 or last_activity >= cutoff):
            live.add(held)
    return live


def _record(
    session: Session, operator_id: str, days: int, blobs: int, partials: int, size: int
) -> None:
    audit.record(
        session,
        "orphan_removed",
        operator_id,
        detail=f"blobs={blobs} partials={partials} bytes={size} older_than_days={days}",
    )


def _sweep_blobs(
    database: Database,
    storage: AttachmentStorage,
    candidates: list[StoredObject],
    report: OrphanReport,
    operator_id: str,
) -> None:
    if report.dry_run:
        with database.read() as session:
            named = still_named(session, {o.key for o in candidates}, set())
        report.blobs += [o for o in candidates if o.key not in named]
        return
    with database.write() as session:
        lock_blob_reuse(session, exclusive=True)
        named = still_named(session, {o.key for o in candidates}, set())
        orphans = [o for o in candidates if o.key not in named]
        if not orphans:
            return
        refused = set(storage.remove_blobs([o.key for o in orphans]))
        removed = [o for o in orphans if o.key not in refused]
        if removed:
            size = sum(o.size for o in removed)
            _record(session, operator_id, report.days, len(removed), 0, size)
    report.blobs += removed
    report.not_removed += len(refused)


def _sweep_partials(
    database: Database,
    storage: AttachmentStorage,
    candidates: list[StoredObject],
    report: OrphanReport,
    cutoff: datetime,
    operator_id: str,
) -> None:
    keys = [o.key for o in candidates]
    if report.dry_run:
        with database.read() as session:
            live = _live_partials(session, keys, cutoff, lock=False)
        report.partials += [o for o in candidates if o.key not in live]
        return
    with database.write() as session:
        live = _live_partials(session, keys, cutoff, lock=True)
        orphans = [o for o in candidates if o.key not in live]
        if not orphans:
            return
        for orphan in orphans:
            storage.discard_partial(orphan.key)
        _record(session, operator_id, report.days, 0, len(orphans), sum(o.size for o in orphans))
    report.partials += orphans


def sweep_orphans(
    database: Database,
    storage: AttachmentStorage,
    *,
    days: int = DEFAULT_ORPHAN_DAYS,
    now: datetime,
    operator_id: str,
    dry_run: bool = False,
    batch: int = BATCH,
) -> OrphanReport:
    """Removes the orphans older than `days` at `now` (nothing when `dry_run`).

    Raises:
        ValueError: `days` below 1 (0 would remove the objects of uploads still under way).
        StorageUnavailable: the storage failed; batches already done stay done (and audited).
    """
    if days < 1:
        raise ValueError("orphans must be at least one day old to be removed")
    report = OrphanReport(days=days, dry_run=dry_run)
    cutoff = now - timedelta(days=days)
    for candidates in _batches(_older(storage.stored_blobs(), cutoff), batch):
        _sweep_blobs(database, storage, candidates, report, operator_id)
    for candidates in _batches(_older(storage.stored_partials(), cutoff), batch):
        _sweep_partials(database, storage, candidates, report, cutoff, operator_id)
    log.info("orphan sweep%s: %s", " (dry run)" if dry_run else "", report.summary())
    return report
