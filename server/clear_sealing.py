"""Sealing, on the server, the applicant fields of applications that arrived in clear.

Before the district created a sealing key, kiosks sent applications in clear: the NIK, name
and phone sit in `applications.fields`. When a key is created or rotated, every such
application gets its fields sealed to that key (the kiosk's format, kiosk.sealing, with the
context ``seal_context(application_id, SEALED_FIELDS_DOCUMENT)``) into
`applications.sealed_fields`, and `fields` is emptied IN THE SAME TRANSACTION, with one
audit entry per application: there is no moment with neither copy, nor one with both.
Running it again changes nothing (an application already sealed is skipped). Only the
public key is needed, so no passphrase is asked. A clear application arriving while a key
exists (a kiosk not upgraded yet) is sealed the same way at intake
(server.intake.manifests), in the transaction that records it.

The DOCUMENTS of those applications are sealed too (`seal_clear_documents`), each with
``seal_context(application_id, document_code)`` like a kiosk seals them. Their clear blobs are
content-addressed and may be shared by several attachments, so one document at a time:
1. the clear blob is read and checked against its SHA-256, sealed, and the sealed bytes are
   stored as a new blob, re-read and verified (LocalDiskStorage.put_blob);
2. one transaction points the attachment at the sealed blob
   (`attachments.server_sealed_sha256`) and records an audit entry;
3. the clear blob is removed once no clear attachment names it any more.
A crash before 2 leaves an unused sealed blob and the clear one in use; a crash between 2
and 3 leaves a clear blob nobody uses, which the next run removes (its last step sweeps
them). Nothing is ever without a readable copy. A clear document uploaded while a key
exists is sealed before it is stored (server.intake.chunks): no clear blob is written.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections.abc import Callable, Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kiosk.sealing import seal_context
from sync.protocol import SEALED_FIELDS_DOCUMENT

from . import audit
from .db import Database
from .models import Application, Attachment
from .seal_keys import SealKey, seal
from .storage import AttachmentStorage
from .upload_rows import ApplicationRow, AttachmentRow

log = logging.getLogger("kiosk.server.clear_sealing")

BATCH = 200


def seal_fields(session: Session, app: Application, key: SealKey, operator_id: str) -> None:
    """Seals one clear application's fields to `key` and empties them, in `session`."""
    app.sealed_fields = sealed_fields(
        session, app.application_id, app.version, app.fields, key, operator_id
    )
    app.fields = {}


def sealed_fields(
    session: Session,
    application_id: uuid.UUID,
    version: int,
    fields: Mapping[str, Any],
    key: SealKey,
    operator_id: str,
) -> bytes:
    """An application's clear fields sealed to `key`, audited in `session`; the caller
    stores them in `applications.sealed_fields` and empties `fields` in that transaction."""
    document = json.dumps({"fields": dict(fields)}, ensure_ascii=False)
    sealed = seal(
        key.public_raw, document.encode(), seal_context(str(application_id), SEALED_FIELDS_DOCUMENT)
    )
    audit.record(
        session,
        "application_fields_sealed",
        operator_id,
        application_id=application_id,
        version=version,
        detail=key.key_id,
    )
    return sealed


def seal_clear_applications(database: Database, key: SealKey, operator_id: str) -> int:
    """Seals every clear application's fields to `key`; returns how many were sealed."""
    sealed, last_pk = 0, 0
    while True:
        with database.write() as session:
            apps = list(
                session.scalars(
                    sa.select(Application)
                    .where(Application.seal_key_id.is_(None))
                    .where(Application.sealed_fields.is_(None))
                    .where(Application.pk > last_pk)
                    .order_by(Application.pk)
                    .limit(BATCH)
                    .with_for_update()
                )
            )
            if not apps:
                break
            last_pk = apps[-1].pk
            for app in (app for app in apps if app.fields):
                seal_fields(session, app, key, operator_id)
                sealed += 1
    log.info("sealed the fields of %d clear applications to key %s", sealed, key.key_id)
    return sealed


Progress = Callable[[int, int], None]
"""Called with (documents done, documents in total) after each document."""


def seal_document_bytes(
    storage: AttachmentStorage,
    key: SealKey,
    app: Application | ApplicationRow,
    attachment: Attachment | AttachmentRow,
    data: bytes,
) -> str:
    """Seals one clear document to `key` and stores it (verified); returns the blob's SHA-256."""
    context = seal_context(str(app.application_id), attachment.document_code)
    return storage.put_blob(seal(key.public_raw, data, context))


def record_document_sealed(
    session: Session,
    app: Application | ApplicationRow,
    attachment: Attachment | AttachmentRow,
    sealed_sha256: str,
    key: SealKey,
    operator_id: str,
) -> None:
    attachment.server_sealed_sha256 = sealed_sha256
    audit.record(
        session,
        "attachment_sealed",
        operator_id,
        application_id=app.application_id,
        version=app.version,
        detail=f"{attachment.document_code} {key.key_id}",
    )


def _clear_documents() -> sa.Select[Attachment]:
    return (
        sa.select(Attachment)
        .join(Application, Attachment.application_pk == Application.pk)
        .where(Application.seal_key_id.is_(None))
        .where(Attachment.server_sealed_sha256.is_(None))
        .where(Attachment.completed_at.is_not(None))
    )


def _clear_in_use(session: Session, sha256: str) -> bool:
    """Whether any attachment still reads these bytes in clear (sealed by nobody)."""
    query = _clear_documents().where(Attachment.sha256 == sha256).with_only_columns(Attachment.pk)
    return session.scalar(query.limit(1)) is not None


def _read_clear(storage: AttachmentStorage, sha256: str) -> bytes | None:
    if not storage.has_blob(sha256):
        return None
    with storage.open_blob(sha256) as handle:
        data = handle.read()
    return data if hashlib.sha256(data).hexdigest() == sha256 else None


def seal_clear_documents(
    database: Database,
    storage: AttachmentStorage,
    key: SealKey,
    operator_id: str,
    progress: Progress,
) -> int:
    """Seals every clear document to `key` (see the module docstring); returns how many.

    A document whose clear blob is missing or damaged is left as it is and logged (it could
    not be opened before either); the others go on.
    """
    with database.read() as session:
        total = (
            session.scalar(_clear_documents().with_only_columns(sa.func.count(Attachment.pk))) or 0
        )
    sealed, last_pk, done = 0, 0, 0
    while True:
        with database.read() as session:
            batch = [
                (a.pk, a.sha256)
                for a in session.scalars(
                    _clear_documents()
                    .where(Attachment.pk > last_pk)
                    .order_by(Attachment.pk)
                    .limit(BATCH)
                )
            ]
        if not batch:
            break
        last_pk = batch[-1][0]
        for pk, sha256 in batch:
            if _seal_one(database, storage, key, operator_id, pk, sha256):
                sealed += 1
            done += 1
            progress(min(done, max(total, done)), max(total, done))
    _sweep_unused_clear_blobs(database, storage)
    log.info("sealed %d clear documents to key %s", sealed, key.key_id)
    return sealed


def _seal_one(
    database: Database,
    storage: AttachmentStorage,
    key: SealKey,
    operator_id: str,
    pk: int,
    sha256: str,
) -> bool:
    data = _read_clear(storage, sha256)
    if data is None:
        log.warning("clear document %s is missing or damaged; left unsealed", sha256[:12])
        return False
    with database.write() as session:
        attachment = session.get(Attachment, pk, with_for_update=True)
        if attachment is None or attachment.server_sealed_sha256 is not None:
            return False
        app = attachment.application
        sealed_sha256 = seal_document_bytes(storage, key, app, attachment, data)
        record_document_sealed(session, app, attachment, sealed_sha256, key, operator_id)
    _remove_if_unused(database, storage, sha256)
    return True


def _remove_if_unused(database: Database, storage: AttachmentStorage, sha256: str) -> None:
    with database.read() as session:
        in_use = _clear_in_use(session, sha256)
    if not in_use:
        storage.remove_blob(sha256)


def _sweep_unused_clear_blobs(database: Database, storage: AttachmentStorage) -> None:
    """Clear blobs left by a run stopped between its commit and the removal."""
    with database.read() as session:
        hashes = list(
            session.scalars(
                sa.select(Attachment.sha256)
                .where(Attachment.server_sealed_sha256.is_not(None))
                .distinct()
            )
        )
    for sha256 in hashes:
        if storage.has_blob(sha256):
            _remove_if_unused(database, storage, sha256)
