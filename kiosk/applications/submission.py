"""Submitting one application: validate, number, render its forms, seal, write, queue, audit.

The GUI wizard and `kiosk apply` both submit through `Submission.submit`. The encrypted files
go to the vault first (each durable on its own); then ONE transaction writes the application,
its attachment rows, its first status event, its outbox row, the "create" audit entry and an
"override" entry for every image accepted although it failed a quality check. A crash at any
point leaves the application either complete and audited, or absent (invariants 1 and 4 of
docs/architecture.md's design; tests/kiosk/store/test_crash.py kills a submitting process).
"""

from __future__ import annotations

import json
import logging
import uuid as uuidlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.applications.intake import (
    AttachmentInput,
    NewApplication,
    QualityOverride,
    check_application,
)
from kiosk.applications.numbering import format_number
from kiosk.applications.records import application_row, payload_aad
from kiosk.applications.sealed_files import attachment_rows, write_attachment_files
from kiosk.applications.status import Status
from kiosk.audit import AuditLog
from kiosk.catalog import CatalogView
from kiosk.contract import MAX_AUDIT_DETAIL_CHARS as AUDIT_DETAIL_LIMIT
from kiosk.errors import ApplicationInvalid, IllegalTransition
from kiosk.forms import FormContext, form_document_code, render_form
from kiosk.masking import mask_nik
from kiosk.store.clock import utcnow
from kiosk.store.core import StoreCore
from kiosk.store.drafts import Drafts
from kiosk.store.machine_state import MachineState
from kiosk.store.models import ApplicationRow, NumberSequenceRow, StatusEventRow
from kiosk.store.orphans import drop_unreferenced
from kiosk.store.outbox import Outbox
from kiosk.validation import ValidationResult

log = logging.getLogger("kiosk.db")
"""What the audit log keeps of an entry's detail (kiosk/audit.py cuts the rest)."""


@dataclass(frozen=True)
class Submitted:
    id: str
    version: int
    number: str
    check: ValidationResult


def override_detail(override: QualityOverride) -> str:
    """The override's audit detail, e.g. `kk: blurry; <reason>; approved by siti`.

    A long reason is shortened, never the approver: the audit log keeps only
    AUDIT_DETAIL_LIMIT characters of detail.
    """
    head = f"{override.document}: {','.join(override.failed_checks)}; "
    tail = f"; approved by {override.approved_by}" if override.approved_by else ""
    reason = override.reason
    room = AUDIT_DETAIL_LIMIT - len(head) - len(tail)
    if len(reason) > room:
        reason = reason[: max(room - 1, 0)] + "…"
    return head + reason + tail


def duplicate_detail(new: NewApplication) -> str:
    """`beside 20261202-K01-0001: <reason>`, the reason cut to fit the audit's detail."""
    head = f"beside {', '.join(new.duplicate_of)}: "
    reason = (new.duplicate_reason or "").strip()
    room = AUDIT_DETAIL_LIMIT - len(head)
    if len(reason) > room:
        reason = reason[: max(room - 1, 0)] + "…"
    return head + reason


class Submission:
    def __init__(
        self,
        core: StoreCore,
        catalog: CatalogView,
        audit: AuditLog,
        device_code: str,
        offline_gate: Callable[[datetime], None] | None = None,
    ) -> None:
        self._core = core
        self._catalog = catalog
        self._audit = audit
        self._device_code = device_code
        self._offline_gate = offline_gate
        """Refuses a NEW application past the offline budget (kiosk.offline_budget); a
        correction of a rejected one is not new work and always goes."""

    def use_catalog(self, catalog: CatalogView) -> None:
        """A district configuration changed the catalog: the next submission checks with it."""
        self._catalog = catalog

    def submit(
        self, new: NewApplication, *, now: datetime | None = None, today: date | None = None
    ) -> Submitted:
        """Validates and durably queues one application.

        Raises ApplicationInvalid, or OfflineBudgetExhausted for a new application past the
        offline budget's block limit.
        """
        # SQLite keeps no time zone: everything stored is UTC.
        now = (now or utcnow()).astimezone(UTC)
        if new.revision_of is None and self._offline_gate is not None:
            self._offline_gate(now)
        check = check_application(self._catalog, new, today=today)
        if not check.valid:
            raise ApplicationInvalid([i.as_dict() for i in check.errors])
        app_uuid, version, parent, number = self._identity_for(new, now)
        attachments = new.attachments + self._generated_forms(new, app_uuid, number, now)
        seal_key = MachineState(self._core).seal_key()
        files = write_attachment_files(self._core, new, app_uuid, attachments, seal_key)
        payload = json.dumps(new.applicant.as_payload(), ensure_ascii=False).encode("utf-8")
        with self._core.write_session() as session:
            if new.revision_of is not None:
                _check_revisable(session, *new.revision_of)
            app = ApplicationRow(
                uuid=app_uuid,
                version=version,
                parent_version=parent,
                number=number,
                service_code=new.service,
                status=Status.SUBMITTED.value,
                nik_masked=mask_nik(new.applicant.nik),
                nik_digest=self._core.keys.digest(new.applicant.nik),
                payload=self._core.keys.encrypt(payload, payload_aad(app_uuid, version)),
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
                Drafts.delete_in(session, new.draft_id)
            audited = [("create", f"{new.service} v{version}")]
            audited += [("override", override_detail(o)) for o in new.overrides]
            if new.duplicate_of:
                audited.append(("duplicate", duplicate_detail(new)))
            for action, detail in audited:
                self._audit.record_in(
                    session,
                    action,
                    operator=new.operator,
                    application_id=app_uuid,
                    number=number,
                    detail=detail,
                )
            Outbox.enqueue_in(session, app.pk, now)
        if seal_key is not None:
            # The clear copies (put there when captured, for the draft) are no longer needed.
            drop_unreferenced(self._core, (f.plain_sha256 for f in files if f.data))
        log.info("application %s v%d queued (%s)", number, version, new.service)
        return Submitted(app_uuid, version, number, check)

    def _identity_for(self, new: NewApplication, now: datetime) -> tuple[str, int, int | None, str]:
        """UUID, version, parent version and number; a new number is reserved on its own.

        Reserving the number in a short transaction of its own lets the generated forms carry
        it; a crash after the reservation only leaves a gap in the day's sequence.
        """
        if new.revision_of is None:
            with self._core.write_session() as session:
                number = self._next_number(session, now)
            return str(uuidlib.uuid4()), 1, None, number
        parent_uuid, parent_version = new.revision_of
        with self._core.read_session() as session:
            parent = _check_revisable(session, parent_uuid, parent_version)
            return parent_uuid, parent_version + 1, parent_version, parent.number

    def _next_number(self, session: Session, now: datetime) -> str:
        local_day = now.astimezone().date()
        key = f"{local_day:%Y%m%d}"
        row = session.get(NumberSequenceRow, key)
        if row is None:
            row = NumberSequenceRow(day=key, last=0)
            session.add(row)
        row.last += 1
        return format_number(local_day, self._device_code, row.last)

    def _generated_forms(
        self, new: NewApplication, app_uuid: str, number: str, now: datetime
    ) -> list[AttachmentInput]:
        service = self._catalog.service(new.service)
        signature = next((a.data for a in new.attachments if a.document == "tanda-tangan"), None)
        documents = [a.document for a in new.attachments]
        forms = []
        for code in service.forms:
            if not self._catalog.form(code).generated:
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
            pdf = render_form(self._catalog, context)
            forms.append(AttachmentInput(form_document_code(code), pdf, "application/pdf"))
        return forms


def _check_revisable(session: Session, app_uuid: str, version: int) -> ApplicationRow:
    parent = application_row(session, app_uuid, version)
    latest = session.scalar(
        select(func.max(ApplicationRow.version)).where(ApplicationRow.uuid == app_uuid)
    )
    if Status(parent.status) is not Status.REJECTED or latest != version:
        raise IllegalTransition(
            "Hanya permohonan yang ditolak (versi terakhir) yang bisa diperbaiki",
            "Only the latest version of a rejected application can be corrected",
        )
    return parent
