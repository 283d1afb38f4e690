"""Sealing applications that were queued before the device knew the server's sealing key.

Only rows never offered to the server (pending, no attempt yet): one already sent in clear
must keep the content the server has, or its retry would be a conflict. Each application is
sealed in its own transaction, audited in it; its clear files are deleted afterwards.
"""

from __future__ import annotations

import json
import logging
import threading

from sqlalchemy import select

from kiosk.applications.records import payload_aad
from kiosk.applications.sealed_files import PlainFile, attachment_rows, seal_application
from kiosk.audit import AuditLog
from kiosk.errors import KioskError
from kiosk.sealing import SealKey
from kiosk.store.core import StoreCore
from kiosk.store.machine_state import MachineState
from kiosk.store.models import ApplicationRow, OutboxRow
from kiosk.store.orphans import drop_unreferenced
from kiosk.store.outbox import PENDING

log = logging.getLogger("kiosk.db")


def seal_pending(
    core: StoreCore,
    audit: AuditLog,
    *,
    operator: str = "system:sync",
    cancel: threading.Event | None = None,
) -> int:
    """Seals what was submitted before the server's key was known; returns how many.

    Stops between two applications when `cancel` is set (the app shutting down).
    """
    key = MachineState(core).seal_key()
    if key is None:
        return 0
    with core.read_session() as session:
        candidates = list(
            session.scalars(
                select(ApplicationRow.pk)
                .join(OutboxRow, OutboxRow.application_pk == ApplicationRow.pk)
                .where(
                    ApplicationRow.seal_key_id.is_(None),
                    OutboxRow.state == PENDING,
                    OutboxRow.attempts == 0,
                )
                .order_by(ApplicationRow.pk)
            )
        )
    sealed = 0
    for pk in candidates:
        if cancel is not None and cancel.is_set():
            break
        try:
            sealed += _seal_one(core, audit, key, pk, operator)
        except KioskError as exc:
            # A missing or damaged file: leave this one as it is; sending it will say so.
            log.error("application pk=%d could not be sealed: %s", pk, exc.message_en)
    if sealed:
        log.info("sealed %d applications queued before the server key was known", sealed)
    return sealed


def _seal_one(core: StoreCore, audit: AuditLog, key: SealKey, pk: int, operator: str) -> bool:
    with core.read_session() as session:
        app = session.get(ApplicationRow, pk)
        if app is None:
            return False
        app_uuid, version = app.uuid, app.version
        applicant = json.loads(core.keys.decrypt(app.payload, payload_aad(app_uuid, version)))
        clear_hashes = [a.sha256 for a in app.attachments]
        plain = [
            PlainFile(a.document_code, core.vault.get(a.sha256), a.content_type, a.override_reason)
            for a in app.attachments
        ]
    files = seal_application(key, app_uuid, applicant, plain, [])
    for f in files:
        core.vault.put(f.data)
    with core.write_session() as session:
        app = session.get(ApplicationRow, pk)
        outbox = session.scalar(select(OutboxRow).where(OutboxRow.application_pk == pk))
        if app is None or app.seal_key_id is not None or outbox is None:
            return False
        if outbox.state != PENDING or outbox.attempts != 0:
            return False  # the sync engine took it meanwhile: leave it as it is
        for row in list(app.attachments):
            session.delete(row)
        session.flush()
        app.attachments = attachment_rows(files, sealed=True)
        app.seal_key_id = key.key_id
        audit.record_in(
            session,
            "seal",
            operator=operator,
            application_id=app_uuid,
            number=app.number,
            detail=f"v{version} sealed to server key {key.key_id}",
        )
    drop_unreferenced(core, clear_hashes)
    return True
