"""The applications this device holds: lists and searches, their documents and status history,
the audited read of an applicant's data, and status changes.

Lists and searches never decrypt: they read the clear columns (number, service, status,
masked NIK, times) and find a NIK through its keyed digest. Reading the applicant's data
decrypts the payload and is recorded in the audit log in the same transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from kiosk.applications.status import Status, check_transition
from kiosk.audit import AuditLog
from kiosk.errors import KioskError
from kiosk.sealing import SEALED_FIELDS_DOCUMENT
from kiosk.store.clock import as_utc, utcnow
from kiosk.store.core import StoreCore
from kiosk.store.models import ApplicationRow, StatusEventRow


@dataclass(frozen=True)
class ApplicationSummary:
    """What the kiosk may show without decrypting anything."""

    id: str
    version: int
    number: str
    service: str
    status: str
    nik_masked: str
    created_at: datetime
    updated_at: datetime

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "version": self.version,
            "number": self.number,
            "service": self.service,
            "status": self.status,
            "nik_masked": self.nik_masked,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
        }


@dataclass(frozen=True)
class AttachmentInfo:
    document: str
    sha256: str
    size: int
    content_type: str
    sealed: bool = False
    """Sealed to the server: this device cannot open it."""
    override_reason: str | None = None


def payload_aad(app_uuid: str, version: int) -> bytes:
    """What the applicant's encrypted payload is bound to (moved rows do not decrypt)."""
    return f"{app_uuid}/{version}".encode()


def application_row(session: Session, app_uuid: str, version: int) -> ApplicationRow:
    """The row of one version; the "not found" error when this device has none."""
    row = session.scalar(
        select(ApplicationRow).where(
            ApplicationRow.uuid == app_uuid, ApplicationRow.version == version
        )
    )
    if row is None:
        raise KioskError(
            "Permohonan tidak ditemukan",
            f"Application {app_uuid} v{version} not found",
            code="application_not_found",
        )
    return row


_SUMMARY_COLUMNS = (
    ApplicationRow.uuid,
    ApplicationRow.version,
    ApplicationRow.number,
    ApplicationRow.service_code,
    ApplicationRow.status,
    ApplicationRow.nik_masked,
    ApplicationRow.created_at,
    ApplicationRow.updated_at,
)


class ApplicationRecords:
    def __init__(self, core: StoreCore, audit: AuditLog) -> None:
        self._core = core
        self._audit = audit

    # --- lists and searches (clear columns only) -------------------------------------------
    def _summaries(self, query: Select) -> list[ApplicationSummary]:
        """Runs a column-only query: lists never load the encrypted payload or ORM objects."""
        with self._core.connect() as conn:
            return [
                ApplicationSummary(
                    id=r[0],
                    version=r[1],
                    number=r[2],
                    service=r[3],
                    status=r[4],
                    nik_masked=r[5],
                    created_at=as_utc(r[6]),
                    updated_at=as_utc(r[7]),
                )
                for r in conn.execute(query)
            ]

    def list_applications(
        self, *, status: Status | None = None, limit: int | None = None, offset: int = 0
    ) -> list[ApplicationSummary]:
        query = select(*_SUMMARY_COLUMNS).order_by(ApplicationRow.pk.desc()).offset(offset)
        if status is not None:
            query = query.where(ApplicationRow.status == status.value)
        if limit is not None:
            query = query.limit(limit)
        return self._summaries(query)

    def count(self, *, status: Status | None = None) -> int:
        query = select(func.count()).select_from(ApplicationRow)
        if status is not None:
            query = query.where(ApplicationRow.status == status.value)
        with self._core.connect() as conn:
            return int(conn.scalar(query) or 0)

    def find_by_nik(self, nik: str) -> list[ApplicationSummary]:
        digits = "".join(ch for ch in nik if ch.isdigit())
        return self._summaries(
            select(*_SUMMARY_COLUMNS)
            .where(ApplicationRow.nik_digest == self._core.keys.digest(digits))
            .order_by(ApplicationRow.pk)
        )

    def find_by_id(self, app_uuid: str) -> list[ApplicationSummary]:
        """Every version of one application, oldest first."""
        return self._summaries(
            select(*_SUMMARY_COLUMNS)
            .where(ApplicationRow.uuid == app_uuid)
            .order_by(ApplicationRow.version)
        )

    def find_by_number(self, number: str) -> list[ApplicationSummary]:
        return self._summaries(
            select(*_SUMMARY_COLUMNS)
            .where(ApplicationRow.number == number.strip().upper())
            .order_by(ApplicationRow.pk)
        )

    def find_by_number_parts(self, day: str, sequence: str) -> list[ApplicationSummary]:
        """Applications numbered `<day>-<any device>-<sequence>` (for status_lookup)."""
        return self._summaries(
            select(*_SUMMARY_COLUMNS)
            .where(ApplicationRow.number.like(f"{day}-%-{sequence}"))
            .order_by(ApplicationRow.pk)
        )

    # --- one application ---------------------------------------------------------------------
    def history(self, app_uuid: str, version: int) -> list[dict[str, Any]]:
        with self._core.read_session() as session:
            row = application_row(session, app_uuid, version)
            return [
                {
                    "status": e.status,
                    "at": as_utc(e.at).isoformat(),
                    "reason": e.reason,
                    "fix_hint": e.fix_hint,
                    "source": e.source,
                    "operator": e.operator,
                }
                for e in row.events
            ]

    def attachments(self, app_uuid: str, version: int) -> list[AttachmentInfo]:
        with self._core.read_session() as session:
            row = session.scalar(
                select(ApplicationRow)
                .options(selectinload(ApplicationRow.attachments))
                .where(ApplicationRow.uuid == app_uuid, ApplicationRow.version == version)
            )
            if row is None:
                application_row(session, app_uuid, version)  # raises the not-found error
                return []
            return [
                AttachmentInfo(
                    a.document_code,
                    a.sha256,
                    a.size,
                    a.content_type,
                    a.sealed,
                    a.override_reason,
                )
                for a in row.attachments
                if a.document_code != SEALED_FIELDS_DOCUMENT
            ]

    def read_attachment(self, sha256: str) -> bytes:
        return self._core.vault.get(sha256)

    def read_applicant_audited(
        self, app_uuid: str, version: int, *, operator: str, action: str = "view"
    ) -> dict[str, Any]:
        """Decrypts the applicant's data and WRITES the read to the audit log (`action` by
        `operator`), in one transaction: no decrypted read goes unrecorded."""
        with self._core.write_session() as session:
            row = application_row(session, app_uuid, version)
            data = self._core.keys.decrypt(row.payload, payload_aad(app_uuid, version))
            self._audit.record_in(
                session,
                action,
                operator=operator,
                application_id=app_uuid,
                number=row.number,
                detail=f"v{version}",
            )
        result: dict[str, Any] = json.loads(data)
        return result

    # --- status ------------------------------------------------------------------------------
    def transition(
        self,
        app_uuid: str,
        version: int,
        target: Status,
        *,
        reason: str | None = None,
        fix_hint: str | None = None,
        source: str = "local",
        operator: str | None = None,
        at: datetime | None = None,
    ) -> None:
        """Moves one version to `target`, recording the event; IllegalTransition if not allowed."""
        at = at or utcnow()
        with self._core.write_session() as session:
            row = application_row(session, app_uuid, version)
            check_transition(Status(row.status), target)
            self._audit.record_in(
                session,
                "change",
                operator=operator or f"system:{source}",
                application_id=app_uuid,
                number=row.number,
                detail=f"v{version} {row.status}->{target.value}",
            )
            row.status = target.value
            row.updated_at = at
            session.add(
                StatusEventRow(
                    application_pk=row.pk,
                    status=target.value,
                    at=at,
                    reason=reason,
                    fix_hint=fix_hint,
                    source=source,
                    operator=operator,
                )
            )
