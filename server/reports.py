"""Read-only listings for the CLI (`kiosk-server applications --json`) and the back office.

The listing reports attachments "as stored": `stored_size` comes from the blob on disk and,
with `verify`, `stored_sha256` is recomputed from its bytes, so an end-to-end test can prove
the server holds hash-identical files rather than trusting the manifest's claims.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from . import audit
from .db import Database
from .errors import InvalidRequest
from .models import Application
from .storage import AttachmentStorage
from .unsealing import Opener, find_version

_BLOCK = 1024 * 1024


def _blob_sha256(storage: AttachmentStorage, sha256: str) -> str | None:
    if not storage.has_blob(sha256):
        return None
    digest = hashlib.sha256()
    with storage.open_blob(sha256) as handle:
        while block := handle.read(_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def list_applications(
    database: Database,
    storage: AttachmentStorage,
    *,
    verify: bool = False,
    operator_id: str = "cli",
) -> list[dict[str, Any]]:
    """Every application version, oldest upload first, without the applicant's fields.

    The listing names applications (numbers, offices, statuses), so the read is audited.
    """
    with database.read() as session:
        apps = session.scalars(
            sa.select(Application).order_by(Application.uploaded_at, Application.pk)
        ).all()
        listing: list[dict[str, Any]] = []
        for app in apps:
            attachments = []
            for attachment in app.attachments:
                complete = attachment.completed_at is not None
                entry: dict[str, Any] = {
                    "document_code": attachment.document_code,
                    "sha256": attachment.sha256,
                    "size": attachment.size,
                    "content_type": attachment.content_type,
                    "complete": complete,
                    "received_bytes": attachment.received_bytes,
                    "stored_size": storage.blob_size(attachment.blob_sha256) if complete else None,
                    "sealed_on_server": attachment.server_sealed_sha256 is not None,
                }
                if verify:
                    entry["stored_sha256"] = (
                        _blob_sha256(storage, attachment.blob_sha256) if complete else None
                    )
                attachments.append(entry)
            listing.append(
                {
                    "id": str(app.application_id),
                    "number": app.number,
                    "version": app.version,
                    "parent_version": app.parent_version,
                    "status": app.status,
                    "reason": app.reason,
                    "fix": app.fix,
                    "service_code": app.service_code,
                    "office_code": app.office_code,
                    "device_id": str(app.device_id),
                    "created_at": app.created_at.isoformat(),
                    "received_at": app.received_at.isoformat() if app.received_at else None,
                    "erased_at": app.erased_at.isoformat() if app.erased_at else None,
                    "attachments": attachments,
                }
            )
    with database.write() as session:
        audit.record(session, "applications_listed", operator_id, detail=f"{len(listing)} rows")
    return listing


def show_application(
    database: Database,
    application_id: uuid.UUID,
    version: int | None,
    operator_id: str,
    opener: Opener | None = None,
) -> dict[str, Any]:
    """One application version WITH the applicant's fields, for a verifier; audited.

    The read is recorded in the same transaction that reads, so there is no way to see the
    fields without leaving a trace. A sealed application's fields are opened from its
    SEALED_FIELDS_DOCUMENT with `opener` (None until that attachment is received), and the
    answer adds ``"sealed": true`` and ``"seal_key_id"``; a clear one is shown as stored.

    Raises:
        NotFound: no such application (version).
        InvalidRequest, SealInvalid, HashMismatch: the sealed fields cannot be opened (no
            opener, a wrong or missing passphrase, damaged data); nothing is recorded.
    """
    with database.write() as session:
        return show_loaded(
            session, find_version(session, application_id, version), operator_id, opener
        )


def show_loaded(
    session: Session, app: Application, operator_id: str, opener: Opener | None = None
) -> dict[str, Any]:
    """`show_application` for a version already loaded, inside the caller's write transaction
    (the back office's review opens every version and its audit entries in one)."""
    shown: dict[str, Any] = {
        "id": str(app.application_id),
        "version": app.version,
        "number": app.number,
        "status": app.status,
        "service_code": app.service_code,
        "office_code": app.office_code,
        "submitted_by": app.submitted_by,
        "fields": dict(app.fields),
        "attachments": [
            {"document_code": a.document_code, "sha256": a.sha256, "size": a.size}
            for a in app.attachments
        ],
    }
    if app.seal_key_id is not None:
        if opener is None:
            raise InvalidRequest(
                "Permohonan tersegel hanya dapat dibuka dengan kunci server / "
                "a sealed application opens only with the server's keys"
            )
        summary = opener.summary(app)
        shown["fields"] = None if summary is None else summary.fields
        shown["quality"] = {
            code: document.quality.model_dump()
            for code, document in (summary.documents.items() if summary else ())
            if document.quality is not None
        }
        shown["capture"] = {
            code: document.capture.model_dump()
            for code, document in (summary.documents.items() if summary else ())
            if document.capture is not None
        }
        shown["sealed"] = True
        shown["seal_key_id"] = app.seal_key_id
    elif app.sealed_fields is not None:
        if opener is None:
            raise InvalidRequest(
                "Data pemohon ini disegel server; hanya dapat dibuka dengan kunci server / "
                "these applicant fields were sealed by the server; they open only with "
                "the server's keys"
            )
        shown["fields"] = opener.server_sealed_fields(app)
        shown["sealed_on_server"] = True
    audit.record(
        session,
        "application_viewed",
        operator_id,
        application_id=app.application_id,
        version=app.version,
    )
    return shown
