"""One application as a verifier reviews it, and the decisions taken on it in the back office.

Opening reads citizen data, so it goes through server.reports.show_loaded (audited in the
same transaction as the read) for each version it shows; documents open one by one through
server.unsealing.open_attachment (audited too). While it has the fields in hand, review writes
the keyed digest of the NIK, so later searches by NIK and the duplicate warning find the
application without a clear NIK ever being stored.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from sync.protocol import SEALED_FIELDS_DOCUMENT, fix_target_marker
from sync.protocol import ApplicationStatus as S

from . import audit, feed, messages
from .assignments import holder_of
from .backoffice.dates import day_first
from .db import Database
from .errors import InvalidRequest, ServerError
from .messages import Templates
from .models import Application, ApplicationNikDigest, RejectionFinding, utc_now
from .rejection_reasons import ReasonList
from .reports import show_application, show_loaded
from .staff import StaffMember
from .unsealing import Opener
from .worklist import (
    NIK_RE,
    OPEN_STATUSES,
    NikDigester,
    visible_version,
)

MAX_TEXT = 500


@dataclass
class VersionView:
    version: int
    status: str
    received_at: Any
    fields: dict[str, Any] | None
    changed: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    """Field -> (value in the version before, value here); empty for version 1."""


@dataclass
class Review:
    application_id: uuid.UUID
    version: int
    number: str
    status: str
    service_code: str
    office_code: str
    submitted_by: str
    reason: str | None
    fix: str | None
    holder: str | None
    fields: dict[str, Any] | None
    documents: list[dict[str, Any]]
    versions: list[VersionView]
    duplicates: list[dict[str, Any]]
    findings: list[dict[str, Any]]
    messages: list[dict[str, Any]] = field(default_factory=list)


def open_review(
    database: Database,
    opener: Opener,
    digester: NikDigester,
    member: StaffMember,
    application_id: uuid.UUID,
) -> Review:
    """Everything the review page shows; NotFound when the member may not see it.

    One write transaction reads every version, opens their fields and records each opening
    in the audit chain, and keeps the NIK digest: a single commit per page, not one per step.
    """
    views: list[VersionView] = []
    quality: dict[str, Any] = {}
    capture: dict[str, Any] = {}
    with database.write() as session:
        newest = visible_version(session, member, application_id)
        versions = (
            [newest]
            if newest.version == 1
            else session.scalars(
                sa.select(Application)
                .where(Application.application_id == application_id)
                .order_by(Application.version)
            ).all()
        )
        holder = holder_of(session, application_id)
        documents: list[dict[str, Any]] = [
            {"code": a.document_code, "content_type": a.content_type, "size": a.size}
            for a in newest.attachments
            if a.document_code != SEALED_FIELDS_DOCUMENT
        ]
        findings = [
            {"reason_code": f.reason_code, "target": f.target, "note": f.note, "by": f.decided_by}
            for f in session.scalars(
                sa.select(RejectionFinding)
                .where(RejectionFinding.application_pk.in_([v.pk for v in versions]))
                .order_by(RejectionFinding.id)
            )
        ]
        previous: dict[str, Any] | None = None
        for version in versions:
            shown = show_loaded(session, version, member.audit_id, opener)
            fields = shown["fields"]
            view = VersionView(version.version, version.status, version.received_at, fields)
            if previous is not None and fields is not None:
                for key in sorted(set(previous) | set(fields)):
                    if previous.get(key) != fields.get(key):
                        view.changed[key] = (previous.get(key), fields.get(key))
            previous = fields
            quality = shown.get("quality") or {}  # the newest version's, after the loop
            capture = shown.get("capture") or {}
            views.append(view)
            _remember_nik(session, digester, version.pk, fields)
        newest_fields = views[-1].fields if views else None
        duplicates = _duplicates(session, digester, member, newest, newest_fields)
        version_pks = [v.pk for v in versions]
    for document in documents:
        document["quality"] = quality.get(document["code"])
        document["capture"] = capture.get(document["code"])
    return Review(
        newest.application_id,
        newest.version,
        newest.number,
        newest.status,
        newest.service_code,
        newest.office_code,
        newest.submitted_by,
        newest.reason,
        newest.fix,
        holder,
        newest_fields,
        documents,
        views,
        duplicates,
        findings,
        messages.delivery_status(database, version_pks),
    )


def _remember_nik(
    session: Session, digester: NikDigester, pk: int, fields: dict[str, Any] | None
) -> None:
    nik = str((fields or {}).get("nik") or "")
    if not NIK_RE.match(nik):
        return
    digest = digester.digest(nik)
    row = session.get(ApplicationNikDigest, pk)
    if row is None:
        session.add(ApplicationNikDigest(application_pk=pk, nik_digest=digest))
    elif row.nik_digest != digest:
        row.nik_digest = digest


def _duplicates(
    session: Session,
    digester: NikDigester,
    member: StaffMember,
    app: Application,
    fields: dict[str, Any] | None,
) -> list[dict[str, Any]]:
    """Other OPEN applications for the same service and NIK (as far as their NIK is known)."""
    nik = str((fields or {}).get("nik") or "")
    if not NIK_RE.match(nik):
        return []
    rows = session.execute(
        sa.select(Application.application_id, Application.number, Application.office_code)
        .join(ApplicationNikDigest, ApplicationNikDigest.application_pk == Application.pk)
        .where(
            ApplicationNikDigest.nik_digest == digester.digest(nik),
            Application.service_code == app.service_code,
            Application.application_id != app.application_id,
            Application.status.in_(OPEN_STATUSES),
        )
        .distinct()
    ).all()
    return [
        {
            "application_id": row.application_id,
            "number": row.number,
            "office_code": row.office_code,
            "visible": member.sees_office(row.office_code),
        }
        for row in rows
    ]


def approve(database: Database, member: StaffMember, application_id: uuid.UUID) -> bool:
    return _decide(database, member, application_id, S.VERIFIED, None, None)


def advance(
    database: Database,
    member: StaffMember,
    application_id: uuid.UUID,
    status: S,
    *,
    place: str | None = None,
    pickup_date: date | None = None,
) -> bool:
    """processing -> ready (with where and when to collect) -> collected."""
    if status not in (S.PROCESSING, S.READY, S.COLLECTED):
        raise InvalidRequest(f"Status {status} bukan langkah proses / not a processing step")
    fix: str | None = None
    if status == S.READY:
        if not place or not place.strip() or pickup_date is None:
            raise InvalidRequest(
                "Tempat dan tanggal pengambilan wajib diisi / "
                "the pickup place and date are required"
            )
        # The citizen reads the day as the verifier typed it: day first (10/12/2026).
        fix = f"Ambil di {place.strip()} mulai {day_first(pickup_date)}"[:MAX_TEXT]
    return _decide(database, member, application_id, status, None, fix)


def reject(
    database: Database,
    member: StaffMember,
    application_id: uuid.UUID,
    reason_codes: list[str],
    note: str | None,
    reasons: ReasonList,
) -> bool:
    """Rejects with one or more reason codes, each tied to a document or field, plus a note.

    The kiosk receives the reasons' labels as `reason` and what to fix, naming each target,
    as `fix`; the codes and targets themselves are kept in rejection_findings.
    """
    known = reasons.by_code()
    chosen = [known[code] for code in dict.fromkeys(reason_codes) if code in known]
    if not chosen or len(chosen) != len(set(reason_codes)):
        raise InvalidRequest(
            "Pilih minimal satu alasan penolakan dari daftar / "
            "choose at least one rejection reason from the list"
        )
    note = (note or "").strip() or None
    if note is not None and len(note) > 300:
        raise InvalidRequest(
            "Catatan paling banyak 300 karakter / a note has at most 300 characters"
        )
    reason = "; ".join(r.label_id for r in chosen)
    fix = "; ".join(f"{fix_target_marker(r.target)} {r.fix_id}" for r in chosen)
    if note:
        fix = f"{fix}. {note}"
    changed = _decide(
        database, member, application_id, S.REJECTED, reason[:MAX_TEXT], fix[:MAX_TEXT]
    )
    if changed:
        with database.write() as session:
            app = visible_version(session, member, application_id)
            now = utc_now()
            for r in chosen:
                session.add(
                    RejectionFinding(
                        application_pk=app.pk,
                        reason_code=r.code,
                        target=r.target,
                        note=note,
                        decided_by=member.audit_id,
                        decided_at=now,
                    )
                )
    return changed


def _decide(
    database: Database,
    member: StaffMember,
    application_id: uuid.UUID,
    status: S,
    reason: str | None,
    fix: str | None,
) -> bool:
    with database.read() as session:
        app = visible_version(session, member, application_id)
        version = app.version
    _app, changed = feed.decide(
        database,
        application_id,
        status,
        reason=reason,
        fix=fix,
        operator_id=member.audit_id,
        version=version,
    )
    return changed


def bulk_approve(
    database: Database, member: StaffMember, application_ids: list[uuid.UUID]
) -> tuple[int, list[str]]:
    """A supervisor approves many received applications at once (after re-authenticating).

    Returns (approved, problems): one refusal does not stop the others.
    """
    if not member.is_supervisor:
        raise InvalidRequest(
            "Persetujuan massal hanya untuk supervisor / bulk approval is for supervisors"
        )
    approved, problems = 0, []
    for application_id in application_ids:
        try:
            if approve(database, member, application_id):
                approved += 1
        except ServerError as exc:  # one refusal is reported; it does not stop the others
            problems.append(f"{application_id}: {exc.detail}")
    with database.write() as session:
        audit.record(
            session, "bulk_approved", member.audit_id, detail=f"{approved}/{len(application_ids)}"
        )
    return approved, problems


def notify_citizen(
    database: Database,
    opener: Opener,
    templates: Templates,
    member: StaffMember,
    application_id: uuid.UUID,
) -> int:
    """Queues the message for a rejection or a "ready" on the channels the citizen chose."""
    with database.read() as session:
        app = visible_version(session, member, application_id)
        version, status = app.version, app.status
    if status not in (S.REJECTED.value, S.READY.value):
        return 0
    shown = show_application(database, application_id, version, member.audit_id, opener)
    return messages.enqueue(
        database, templates, application_id, version, shown["fields"], member.audit_id
    )
