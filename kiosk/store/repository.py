"""The Store: the one door to applications, attachments, status history and the outbox.

Writes go through one lock (one writer at a time, ARCHITECTURE.md "Threads"); callers on the Qt
main thread must call the Store from a worker. Submitting writes the application, its
attachment rows, its first status event and its outbox row in ONE SQLite transaction, after the
encrypted attachment files are durably in the vault: a crash at any point leaves the
application either complete or absent.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import uuid as uuidlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, selectinload

from kiosk.accounts import Accounts
from kiosk.applications import Status, check_transition
from kiosk.applications.intake import AttachmentInput, NewApplication, check_application
from kiosk.applications.numbering import format_number, new_device_code
from kiosk.audit import AuditLog
from kiosk.catalog import CatalogView, load_catalog
from kiosk.errors import ApplicationInvalid, IllegalTransition, KioskError, StorageError
from kiosk.forms import FormContext, form_document_code, render_form
from kiosk.masking import mask_nik
from kiosk.sealing import SEALED_FIELDS_DOCUMENT, SealKey
from kiosk.store.clock import as_utc, utcnow
from kiosk.store.crypto import DeviceKeys
from kiosk.store.db import create_sqlite_engine, migrate
from kiosk.store.drafts import Drafts
from kiosk.store.models import (
    ApplicationRow,
    AttachmentRow,
    DeviceStateRow,
    NumberSequenceRow,
    OutboxRow,
    StatusEventRow,
)
from kiosk.store.outbox import Outbox
from kiosk.store.sealed import attachment_rows, stored_files
from kiosk.store.vault import Vault
from kiosk.validation import ValidationResult

log = logging.getLogger("kiosk.db")
SEAL_KEY_STATE = "server_seal_key"


@dataclass(frozen=True)
class Submitted:
    id: str
    version: int
    number: str
    check: ValidationResult


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


class Store:
    def __init__(self, data_dir: Path, catalog: CatalogView | None = None) -> None:
        self.data_dir = data_dir
        self.catalog = catalog or load_catalog()
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
            os.chmod(data_dir, 0o700)
            self.engine = create_sqlite_engine(data_dir / "kiosk.sqlite3")
            migrate(self.engine)
        except (OSError, SQLAlchemyError) as exc:
            raise StorageError(
                f"Basis data di {data_dir} tidak bisa dibuka atau rusak. Hubungi petugas TI; "
                "jangan hapus folder ini.",
                f"The database in {data_dir} cannot be opened or is damaged. Call IT support; "
                "do not delete this folder.",
                code="database_unavailable",
            ) from exc
        self.keys = DeviceKeys.load_or_create(data_dir)
        self.vault = Vault(data_dir / "vault", self.keys)
        self._write_lock = threading.Lock()
        self.device_code = self._ensure_device_code()
        self.outbox = Outbox(self)
        self.audit = AuditLog(self)
        self.accounts = Accounts(self)
        self.drafts = Drafts(self)

    @classmethod
    def open(cls, data_dir: Path, catalog: CatalogView | None = None) -> Store:
        """Opens (creating and migrating as needed) and tidies what a crash may have left."""
        store = cls(data_dir, catalog)
        store.collect_orphans()
        return store

    def collect_orphans(self) -> int:
        """Deletes every vault file no live attachment row and no draft needs any more."""
        return self.vault.collect_orphans(
            self.live_attachment_hashes() | self.drafts.referenced_hashes()
        )

    def live_attachment_hashes(self) -> set[str]:
        """Hashes of attachments whose files must stay (not purged)."""
        with Session(self.engine) as session:
            return set(
                session.scalars(
                    select(AttachmentRow.sha256).where(AttachmentRow.purged_at.is_(None))
                )
            )

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def write_session(self) -> Iterator[Session]:
        """A session in one transaction under the single-writer lock."""
        with self._write_lock, Session(self.engine) as session, session.begin():
            yield session

    # --- device state -------------------------------------------------------------------
    def get_state(self, key: str) -> str | None:
        with Session(self.engine) as session:
            row = session.get(DeviceStateRow, key)
            return row.value if row else None

    def set_state(self, key: str, value: str) -> None:
        with self._write_lock, Session(self.engine) as session, session.begin():
            session.merge(DeviceStateRow(key=key, value=value))

    def _ensure_device_code(self) -> str:
        code = self.get_state("device_code")
        if code is None:
            code = new_device_code()
            self.set_state("device_code", code)
        return code

    # --- submit -------------------------------------------------------------------------
    def submit(
        self, new: NewApplication, *, now: datetime | None = None, today: date | None = None
    ) -> Submitted:
        """Validates and durably queues one application; raises ApplicationInvalid."""
        check = check_application(self.catalog, new, today=today)
        if not check.valid:
            raise ApplicationInvalid([i.as_dict() for i in check.errors])
        # SQLite keeps no time zone: everything stored is UTC.
        now = (now or utcnow()).astimezone(UTC)
        app_uuid, version, parent, number = self._identity_for(new, now)
        attachments = new.attachments + self._generated_forms(new, app_uuid, number, now)
        seal_key = self.seal_key()
        # Files first (each durable on its own), then one transaction referencing them.
        files = stored_files(self, new, app_uuid, attachments, seal_key)
        payload = json.dumps(new.applicant.as_payload(), ensure_ascii=False).encode("utf-8")
        with self._write_lock, Session(self.engine) as session, session.begin():
            if new.revision_of is not None:
                self._check_revisable(session, *new.revision_of)
            app = ApplicationRow(
                uuid=app_uuid,
                version=version,
                parent_version=parent,
                number=number,
                service_code=new.service,
                status=Status.SUBMITTED.value,
                nik_masked=mask_nik(new.applicant.nik),
                nik_digest=self.keys.digest(new.applicant.nik),
                payload=self.keys.encrypt(payload, f"{app_uuid}/{version}".encode()),
                operator=new.operator,
                created_at=now,
                updated_at=now,
                seal_key_id=seal_key.key_id if seal_key else None,
            )
            app.attachments = attachment_rows(files, sealed=seal_key is not None)
            app.events = [
                StatusEventRow(
                    status=Status.SUBMITTED.value, at=now, source="local", operator=new.operator
                )
            ]
            session.add(app)
            session.flush()
            if new.draft_id is not None:
                self.drafts.delete_in(session, new.draft_id)
            self.audit.record_in(
                session,
                "create",
                operator=new.operator,
                application_id=app_uuid,
                number=number,
                detail=f"{new.service} v{version}",
            )
            session.add(
                OutboxRow(
                    application_pk=app.pk,
                    state="pending",
                    attempts=0,
                    next_attempt_at=now,
                    created_at=now,
                    updated_at=now,
                )
            )
        if seal_key is not None:
            # The clear copies (put there when captured, for the draft) are no longer needed.
            self.drop_unreferenced(f.plain_sha256 for f in files if f.data)
        log.info("application %s v%d queued (%s)", number, version, new.service)
        return Submitted(app_uuid, version, number, check)

    def drop_unreferenced(self, hashes: Iterable[str]) -> int:
        """Deletes these vault files unless a live attachment row or a draft still uses them."""
        candidates = set(hashes)
        if not candidates:
            return 0
        with Session(self.engine) as session:
            used = set(
                session.scalars(
                    select(AttachmentRow.sha256).where(
                        AttachmentRow.sha256.in_(candidates), AttachmentRow.purged_at.is_(None)
                    )
                )
            )
        used |= self.drafts.referenced_hashes()
        removed = 0
        for sha256 in candidates - used:
            path = self.vault.path_for(sha256)
            if path.exists():
                path.unlink()
                removed += 1
        return removed

    # --- the server's sealing key -------------------------------------------------------
    def seal_key(self) -> SealKey | None:
        """The district server's public key finalised applications are sealed to."""
        stored = self.get_state(SEAL_KEY_STATE)
        if stored is None:
            return None
        entry = json.loads(stored)
        return SealKey.from_b64(entry["key_id"], entry["public_key"])

    def set_seal_key(self, key_id: str, public_key_b64: str) -> bool:
        """Keeps the server's current public key (validated); True when it changed.

        Never cleared: a key once known stays until the server publishes a newer one.
        """
        key = SealKey.from_b64(key_id, public_key_b64)
        current = self.seal_key()
        if current == key:
            return False
        self.set_state(
            SEAL_KEY_STATE, json.dumps({"key_id": key.key_id, "public_key": public_key_b64})
        )
        log.info("server sealing key is now %s (fingerprint %s)", key.key_id, key.fingerprint)
        return True

    def _identity_for(self, new: NewApplication, now: datetime) -> tuple[str, int, int | None, str]:
        """UUID, version, parent version and number; a new number is reserved on its own.

        Reserving the number in a short transaction of its own lets the generated forms carry
        it; a crash after the reservation only leaves a gap in the day's sequence.
        """
        if new.revision_of is None:
            with self._write_lock, Session(self.engine) as session, session.begin():
                number = self._next_number(session, now)
            return str(uuidlib.uuid4()), 1, None, number
        parent_uuid, parent_version = new.revision_of
        with Session(self.engine) as session:
            parent = self._check_revisable(session, parent_uuid, parent_version)
            return parent_uuid, parent_version + 1, parent_version, parent.number

    def _next_number(self, session: Session, now: datetime) -> str:
        local_day = now.astimezone().date()
        key = f"{local_day:%Y%m%d}"
        row = session.get(NumberSequenceRow, key)
        if row is None:
            row = NumberSequenceRow(day=key, last=0)
            session.add(row)
        row.last += 1
        return format_number(local_day, self.device_code, row.last)

    def _check_revisable(self, session: Session, app_uuid: str, version: int) -> ApplicationRow:
        parent = self._row(session, app_uuid, version)
        latest = session.scalar(
            select(func.max(ApplicationRow.version)).where(ApplicationRow.uuid == app_uuid)
        )
        if Status(parent.status) is not Status.REJECTED or latest != version:
            raise IllegalTransition(
                "Hanya permohonan yang ditolak (versi terakhir) yang bisa diperbaiki",
                "Only the latest version of a rejected application can be corrected",
            )
        return parent

    def _generated_forms(
        self, new: NewApplication, app_uuid: str, number: str, now: datetime
    ) -> list[AttachmentInput]:
        service = self.catalog.service(new.service)
        signature = next((a.data for a in new.attachments if a.document == "tanda-tangan"), None)
        documents = [a.document for a in new.attachments]
        forms = []
        for code in service.forms:
            if not self.catalog.form(code).generated:
                continue
            context = FormContext(
                form_code=code,
                service_code=new.service,
                application_id=app_uuid,
                number=number,
                applicant=new.applicant.as_payload(),
                documents=documents,
                signed_on=now.astimezone().date(),
                signature_image=signature,
            )
            pdf = render_form(self.catalog, context)
            forms.append(AttachmentInput(form_document_code(code), pdf, "application/pdf"))
        return forms

    # --- status -------------------------------------------------------------------------
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
        with self._write_lock, Session(self.engine) as session, session.begin():
            row = self._row(session, app_uuid, version)
            check_transition(Status(row.status), target)
            self.audit.record_in(
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

    def history(self, app_uuid: str, version: int) -> list[dict[str, Any]]:
        with Session(self.engine) as session:
            row = self._row(session, app_uuid, version)
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

    # --- reads --------------------------------------------------------------------------
    @staticmethod
    def _row(session: Session, app_uuid: str, version: int) -> ApplicationRow:
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

    def _summaries(self, query: Select) -> list[ApplicationSummary]:
        """Runs a column-only query: lists never load the encrypted payload or ORM objects."""
        with self.engine.connect() as conn:
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
        query = select(*self._SUMMARY_COLUMNS).order_by(ApplicationRow.pk.desc()).offset(offset)
        if status is not None:
            query = query.where(ApplicationRow.status == status.value)
        if limit is not None:
            query = query.limit(limit)
        return self._summaries(query)

    def count(self, *, status: Status | None = None) -> int:
        query = select(func.count()).select_from(ApplicationRow)
        if status is not None:
            query = query.where(ApplicationRow.status == status.value)
        with self.engine.connect() as conn:
            return int(conn.scalar(query) or 0)

    def find_by_nik(self, nik: str) -> list[ApplicationSummary]:
        digits = "".join(ch for ch in nik if ch.isdigit())
        return self._summaries(
            select(*self._SUMMARY_COLUMNS)
            .where(ApplicationRow.nik_digest == self.keys.digest(digits))
            .order_by(ApplicationRow.pk)
        )

    def find_by_id(self, app_uuid: str) -> list[ApplicationSummary]:
        """Every version of one application, oldest first."""
        return self._summaries(
            select(*self._SUMMARY_COLUMNS)
            .where(ApplicationRow.uuid == app_uuid)
            .order_by(ApplicationRow.version)
        )

    def find_by_number(self, number: str) -> list[ApplicationSummary]:
        return self._summaries(
            select(*self._SUMMARY_COLUMNS)
            .where(ApplicationRow.number == number.strip().upper())
            .order_by(ApplicationRow.pk)
        )

    def applicant(
        self, app_uuid: str, version: int, *, operator: str, action: str = "view"
    ) -> dict[str, Any]:
        """The decrypted applicant data; every call is an audited read by `operator`."""
        with self.write_session() as session:
            row = self._row(session, app_uuid, version)
            data = self.keys.decrypt(row.payload, f"{app_uuid}/{version}".encode())
            self.audit.record_in(
                session,
                action,
                operator=operator,
                application_id=app_uuid,
                number=row.number,
                detail=f"v{version}",
            )
        result: dict[str, Any] = json.loads(data)
        return result

    def attachments(self, app_uuid: str, version: int) -> list[AttachmentInfo]:
        with Session(self.engine) as session:
            row = session.scalar(
                select(ApplicationRow)
                .options(selectinload(ApplicationRow.attachments))
                .where(ApplicationRow.uuid == app_uuid, ApplicationRow.version == version)
            )
            if row is None:
                self._row(session, app_uuid, version)  # raises the not-found error
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
        return self.vault.get(sha256)
