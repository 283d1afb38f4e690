"""Retention and erasure on the server (UU 27/2022): nothing is kept longer than it is needed.

An application is DUE when its newest version ended (collected, rejected with no correction
sent, or cancelled) more than `keep_days` ago; `updated_at` of that version is when it ended,
since every decision sets it (server.feed.decide). A rejected version that was corrected is
not "ended": its application lives on in the correction, so nothing of it is due until the
newest version is. Erasing a due application, for each of its versions:

- deletes its attachment blobs from the storage (local disk or S3, through the storage
  Protocol), EXCEPT a blob another application that is not erased still names (blobs are
  content-addressed and shared: a correction re-uses unchanged scans, and one office may
  upload the same file twice);
- clears the citizen data in the database (`fields`, `sealed_fields`, the NIK digests), the
  free text verifiers wrote (what to fix, rejection notes) and the messages to the citizen
  (body and address; one not yet sent is given up);
- leaves a tombstone: the row with its number, status, dates and attachment hashes, and
  `erased_at`; and the audit trail (`retention_erased`, one entry per version).

The same run discards partial uploads whose last chunk arrived more than `partial_days` ago
(an abandoned upload is otherwise kept forever); its kiosk, if it ever comes back, starts that
attachment again from offset 0, as after any lost partial.

Order: blobs are deleted inside the database transaction, before it commits, so a failure
leaves the application un-tombstoned and the next run deletes again (deleting is idempotent);
a committed tombstone therefore never names a blob that was not deleted.
Re-using a stored blob for a new application (server.intake.upload.office_holds_blob) and
a run are ordered by an advisory lock (server.db.lock_blob_reuse), so a blob is never deleted
under an application that has just counted it. Partial files no row counts (a crash before the
commit of their first chunk) and blobs no row names are the orphan sweep's
(server.orphan_sweep), which the command runs after this.

Locks (PostgreSQL), in the one order every path takes them (server.db.lock_blob_reuse): first
the rows of every application the run changes (the due versions and the applications of
abandoned partials), in one statement in primary-key order, then the exclusive blob-reuse
lock. A chunk, or a correction's manifest, locks its application's row and then, re-using a
blob, takes the blob-reuse lock shared: taken the other way round, the run and it could each
wait for the other. What is due is read again once the locks are held, among the locked rows
only. SQLite has one writer at a time: nothing to order.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from sync.protocol import ApplicationStatus

from . import audit
from .db import Database, lock_blob_reuse
from .models import (
    Application,
    ApplicationNikDigest,
    Attachment,
    OutboxMessage,
    RejectionFinding,
    StatusChange,
)
from .storage import AttachmentStorage, partial_key

log = logging.getLogger("kiosk.server.retention")

ENDED = (
    ApplicationStatus.COLLECTED.value,
    ApplicationStatus.REJECTED.value,
    ApplicationStatus.CANCELLED.value,
)
"""Statuses after which nothing more happens to a version (a rejection may be corrected)."""
DEFAULT_KEEP_DAYS = 365
DEFAULT_PARTIAL_DAYS = 14
_BATCH = 500
ERASED_MESSAGE = "Dihapus karena masa simpan berakhir / erased at the end of retention"


@dataclass(frozen=True)
class RetentionPolicy:
    keep_days: int = DEFAULT_KEEP_DAYS
    """Days after an application ended before its attachments and data are erased."""
    partial_days: int = DEFAULT_PARTIAL_DAYS
    """Days after the last chunk before an unfinished upload is discarded."""

    def __post_init__(self) -> None:
        if self.keep_days < 1 or self.partial_days < 1:
            raise ValueError("retention periods must be at least one day")


@dataclass(frozen=True)
class ErasedVersion:
    application_id: uuid.UUID
    version: int
    number: str
    status: str
    ended_at: datetime


@dataclass(frozen=True)
class DiscardedPartial:
    application_id: uuid.UUID
    version: int
    sha256: str
    received_bytes: int


@dataclass
class RetentionReport:
    """What a run removed (or, dry, would remove)."""

    erased: list[ErasedVersion] = field(default_factory=list)
    removed_blobs: list[str] = field(default_factory=list)
    kept_shared_blobs: list[str] = field(default_factory=list)
    discarded_partials: list[DiscardedPartial] = field(default_factory=list)
    dry_run: bool = False

    def summary(self) -> str:
        return (
            f"applications={len(self.erased)} blobs={len(self.removed_blobs)} "
            f"shared_kept={len(self.kept_shared_blobs)} partials={len(self.discarded_partials)}"
        )


def _due_versions(
    session: Session, cutoff: datetime, among: Collection[int] | None = None
) -> list[Application]:
    """Every not-yet-erased version of each application whose newest version ended (of the
    application rows `among`, when given), in primary-key order."""
    if among is None:
        return list(session.scalars(_due_query(cutoff, None).order_by(Application.pk)))
    return [
        app
        for batch in _batches(among)
        for app in session.scalars(_due_query(cutoff, batch).order_by(Application.pk))
    ]


def _batches(pks: Collection[int]) -> Iterator[list[int]]:
    """`pks` in ascending batches small enough for one statement's parameters."""
    ordered = sorted(pks)
    for start in range(0, len(ordered), _BATCH):
        yield ordered[start : start + _BATCH]


def _due_query(cutoff: datetime, among: Collection[int] | None) -> sa.Select[Application]:
    newest = (
        sa.select(Application.application_id, sa.func.max(Application.version).label("version"))
        .group_by(Application.application_id)
        .subquery()
    )
    ended_ids = sa.select(Application.application_id).join(
        newest,
        sa.and_(
            Application.application_id == newest.c.application_id,
            Application.version == newest.c.version,
        ),
    )
    ended_ids = ended_ids.where(Application.status.in_(ENDED), Application.updated_at < cutoff)
    query = sa.select(Application).where(
        Application.application_id.in_(ended_ids), Application.erased_at.is_(None)
    )
    if among is not None:
        query = query.where(Application.pk.in_(sorted(among)))
    return query


def still_named(session: Session, blobs: set[str], erasing: set[int]) -> set[str]:
    """The blobs among `blobs` that an attachment of a non-erased, non-erasing version names."""
    named: set[str] = set()
    wanted = sorted(blobs)
    for start in range(0, len(wanted), _BATCH):
        batch = wanted[start : start + _BATCH]
        # `erasing` is left out here, not in the statement: it may hold more versions than
        # one statement can name.
        rows = session.execute(
            sa.select(Attachment.application_pk, Attachment.sha256, Attachment.server_sealed_sha256)
            .join(Application, Application.pk == Attachment.application_pk)
            .where(
                sa.or_(Attachment.sha256.in_(batch), Attachment.server_sealed_sha256.in_(batch)),
                Application.erased_at.is_(None),
            )
        )
        for application_pk, sha256, sealed in rows:
            if application_pk not in erasing:
                named.update(s for s in (sha256, sealed) if s in blobs)
    return named


def _abandoned_partials(
    session: Session, cutoff: datetime, among: Collection[int] | None = None
) -> list[tuple[Application, Attachment]]:
    """Incomplete attachments whose last chunk (else the manifest) is older than `cutoff`
    (of the application rows `among`, when given)."""
    if among is None:
        rows = list(session.execute(_abandoned_query(cutoff, None)))
    else:
        rows = [
            row
            for batch in _batches(among)
            for row in session.execute(_abandoned_query(cutoff, batch))
        ]
    return sorted(((app, attachment) for app, attachment in rows), key=lambda r: r[1].pk)


def _abandoned_query(
    cutoff: datetime, among: Collection[int] | None
) -> sa.Select[Application, Attachment]:
    last_activity = sa.func.coalesce(Attachment.last_chunk_at, Application.uploaded_at)
    query = (
        sa.select(Application, Attachment)
        .join(Application, Application.pk == Attachment.application_pk)
        .where(
            Attachment.completed_at.is_(None),
            Attachment.received_bytes > 0,
            last_activity < cutoff,
        )
    )
    if among is not None:
        query = query.where(Application.pk.in_(sorted(among)))
    return query


def _lock_applications(
    session: Session, due_cutoff: datetime, partial_cutoff: datetime
) -> set[int] | None:
    """Locks the rows of every application a run may change, in primary-key order (ascending
    batches, as the orphan sweep locks a batch), before the blob-reuse lock: the order a
    chunk takes them in (server.db.lock_blob_reuse). Returns the locked rows' primary keys;
    None on SQLite, whose one writer at a time is the run's lock already."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    # Primary keys only: no ORM object is loaded (and kept in the session) before its lock.
    due = _due_query(due_cutoff, None).with_only_columns(Application.pk)
    partials = _abandoned_query(partial_cutoff, None).with_only_columns(Application.pk)
    wanted = set(session.scalars(due)) | set(session.scalars(partials))
    if not wanted:
        return set()
    locked: set[int] = set()
    for batch in _batches(wanted):  # ascending batches: still one order overall
        locked.update(
            session.scalars(
                sa.select(Application.pk)
                .where(Application.pk.in_(batch))
                .order_by(Application.pk)
                .with_for_update(of=Application)
            )
        )
    return locked


def _erase(session: Session, versions: Iterable[Application], erased_at: datetime) -> None:
    pks = [app.pk for app in versions]
    for app in versions:
        app.fields = {}
        app.sealed_fields = None
        # What to fix is free text a verifier wrote, and may name the citizen.
        app.fix = None
        app.erased_at = erased_at
    for start in range(0, len(pks), _BATCH):
        batch = pks[start : start + _BATCH]
        session.execute(
            sa.delete(ApplicationNikDigest).where(ApplicationNikDigest.application_pk.in_(batch))
        )
        # The same free text in the feed, and the verifiers' notes; the district's reason
        # labels and codes stay (they are the list's words, and the dashboard counts them).
        session.execute(
            sa.update(StatusChange).where(StatusChange.application_pk.in_(batch)).values(fix=None)
        )
        session.execute(
            sa.update(RejectionFinding)
            .where(RejectionFinding.application_pk.in_(batch))
            .values(note=None)
        )
        session.execute(
            sa.update(OutboxMessage)
            .where(
                OutboxMessage.application_pk.in_(batch),
                OutboxMessage.state.in_(("pending", "sending")),
            )
            .values(state="failed", last_error=ERASED_MESSAGE)
        )
        session.execute(
            sa.update(OutboxMessage)
            .where(OutboxMessage.application_pk.in_(batch))
            .values(body="", recipient=None)
        )


def run_retention(
    database: Database,
    storage: AttachmentStorage,
    policy: RetentionPolicy,
    *,
    now: datetime,
    operator_id: str,
    dry_run: bool = False,
) -> RetentionReport:
    """Erases what is due at `now` (nothing when `dry_run`) and says what that was."""
    report = RetentionReport(dry_run=dry_run)
    due_cutoff = now - timedelta(days=policy.keep_days)
    partial_cutoff = now - timedelta(days=policy.partial_days)
    with database.read() if dry_run else database.write() as session:
        locked: set[int] | None = None  # None: every row (SQLite, or a dry run locks nothing)
        if not dry_run:
            locked = _lock_applications(session, due_cutoff, partial_cutoff)
            lock_blob_reuse(session, exclusive=True)
        # Read again once the locks are held: a decision or a chunk that committed meanwhile
        # is seen, and nothing outside the locked rows is changed.
        due = _due_versions(session, due_cutoff, locked)
        erasing = {app.pk for app in due}
        candidates = {a.blob_sha256 for app in due for a in app.attachments} | {
            a.sha256 for app in due for a in app.attachments
        }
        shared = still_named(session, candidates, erasing)
        report.erased = [
            ErasedVersion(app.application_id, app.version, app.number, app.status, app.updated_at)
            for app in due
        ]
        report.removed_blobs = sorted(candidates - shared)
        report.kept_shared_blobs = sorted(shared)
        partials = [
            (app, attachment)
            for app, attachment in _abandoned_partials(session, partial_cutoff, locked)
            if app.pk not in erasing
        ]
        report.discarded_partials = [
            DiscardedPartial(app.application_id, app.version, a.sha256, a.received_bytes)
            for app, a in partials
        ]
        if dry_run:
            return report
        for sha256 in report.removed_blobs:
            storage.remove_blob(sha256)
        for app, attachment in partials:
            storage.discard_partial(
                partial_key(str(app.application_id), app.version, attachment.sha256)
            )
            attachment.received_bytes = 0
            attachment.last_chunk_at = None
        _erase(session, due, now)
        for entry in report.erased:
            audit.record(
                session,
                "retention_erased",
                operator_id,
                application_id=entry.application_id,
                version=entry.version,
                detail=f"{entry.status} ended {entry.ended_at.date().isoformat()}",
            )
        for partial in report.discarded_partials:
            audit.record(
                session,
                "partial_upload_discarded",
                operator_id,
                application_id=partial.application_id,
                version=partial.version,
                detail=f"{partial.sha256[:12]} {partial.received_bytes} bytes",
            )
        audit.record(
            session,
            "retention_run",
            operator_id,
            detail=(
                f"keep_days={policy.keep_days} partial_days={policy.partial_days} "
                f"{report.summary()}"
            ),
        )
    log.info("retention: %s", report.summary())
    return report
