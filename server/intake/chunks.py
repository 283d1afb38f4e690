"""Phase two: resumable, verified attachment chunks at the server's offset.

Bytes are appended to a partial file (fsynced before the offset is recorded), the finished
file is hashed against the manifest and, for a sealed application, checked for its seal
header, and only then renamed into the blob store. The application and its attachments are
plain rows here (server.upload_rows), not ORM objects: this runs for every chunk of a herd.
"""

from __future__ import annotations

import logging
import uuid

from sqlalchemy.orm import Session

from sync.protocol import (
    HEADER_UPLOAD_OFFSET,
    MAX_CHUNK_BYTES,
    AttachmentProgress,
)

from ..clear_sealing import record_document_sealed, seal_document_bytes
from ..db import Database
from ..enrollment import DeviceContext
from ..errors import (
    HashMismatch,
    InvalidRequest,
    NotFound,
    OffsetMismatch,
    SealInvalid,
    ServerError,
)
from ..models import Application, Attachment, utc_now
from ..storage import PartialLost, partial_key
from ..upload_rows import ApplicationRow, AttachmentRow, lock_upload
from .upload import (
    SEAL_HEADER_BYTES,
    Intake,
    attachment_progress,
    blob_is_sealed,
    complete_attachment,
    is_sealed_header,
    not_found,
    office_holds_blob,
    record_event,
    visible_application,
)

log = logging.getLogger("kiosk.server.intake")


def get_progress(
    database: Database, device: DeviceContext, application_id: uuid.UUID, version: int, sha: str
) -> AttachmentProgress:
    with database.read() as session:
        app = visible_application(session, device, application_id, version, lock=False)
        return attachment_progress(app, _attachment(app, sha))


def _attachment(app: Application, sha: str) -> Attachment:
    for attachment in app.attachments:
        if attachment.sha256 == sha:
            return attachment
    raise _not_in_manifest()


def _row_attachment(app: ApplicationRow, sha: str) -> AttachmentRow:
    for attachment in app.attachments:
        if attachment.sha256 == sha:
            return attachment
    raise _not_in_manifest()


def _not_in_manifest() -> NotFound:
    return NotFound("Lampiran tidak ada di manifest / attachment is not in the manifest")


def append_chunk(
    intake: Intake,
    application_id: uuid.UUID,
    version: int,
    sha: str,
    content_range: tuple[int, int, int],
    body: bytes,
) -> AttachmentProgress:
    """Appends one chunk at the server's offset; verifies and stores the finished file.

    Bytes before the server's offset (a chunk re-sent after a lost answer) are skipped.
    A sealed application's files must be sealed to one of `intake.seal_key_ids`.

    Raises:
        OffsetMismatch: the chunk starts beyond the server's offset (Upload-Offset header).
        HashMismatch: the finished file does not match; the partial data is discarded.
        SealInvalid: a sealed application's file lacks the header of its key; discarded too.
    """
    start, end, total = content_range
    if end - start + 1 != len(body) or len(body) > MAX_CHUNK_BYTES:
        raise InvalidRequest(
            "Content-Range tidak cocok dengan panjang data / Content-Range does not match the body"
        )
    failure: ServerError | None = None
    with intake.database.write() as session:
        locked = lock_upload(session, application_id, version)
        if locked is None or locked.app.office_code != intake.device.office_code:
            raise not_found()
        app = locked.app
        attachment = _row_attachment(app, sha)
        if total != attachment.size:
            raise InvalidRequest(
                "Ukuran di Content-Range berbeda dengan manifest / "
                "the Content-Range total differs from the manifest size"
            )
        if attachment.completed_at is None:
            failure = _store_chunk(session, intake, app, attachment, start, body)
            locked.write(session)
        progress = attachment_progress(app, attachment)
    if failure is not None:
        raise failure
    return progress


def _store_chunk(
    session: Session,
    intake: Intake,
    app: ApplicationRow,
    attachment: AttachmentRow,
    start: int,
    body: bytes,
) -> ServerError | None:
    """Writes inside the caller's transaction; a returned error is raised after the commit."""
    now, storage, device = utc_now(), intake.storage, intake.device
    key = partial_key(str(app.application_id), app.version, attachment.sha256)
    seal_on_arrival = app.seal_key_id is None and intake.seal_key is not None
    if (
        not seal_on_arrival
        and storage.blob_size(attachment.sha256) == attachment.size
        and office_holds_blob(session, device.office_code, attachment.sha256, attachment.size)
    ):
        # Stored by another application of this office. (Bytes promoted just before a crash
        # lost the commit are not counted: the upload restarts at 0, see office_holds_blob.)
        storage.discard_partial(key)
        if app.seal_key_id is not None and not blob_is_sealed(intake, attachment.sha256):
            return _refuse_unsealed(session, device, app, attachment)
        complete_attachment(session, app, attachment, device, now)
        return None
    offset = attachment.received_bytes
    if start > offset:
        return _offset_mismatch(offset)
    data = body[offset - start :]
    try:
        if data:
            attachment.received_bytes = storage.append_partial(key, offset, data)
            attachment.last_chunk_at = now
        if attachment.received_bytes < attachment.size:
            return None
        digest = storage.partial_sha256(key)
    except (PartialLost, FileNotFoundError):
        log.warning("partial upload of %s lost; restarting it from 0", attachment.sha256[:12])
        attachment.received_bytes = 0
        return _offset_mismatch(0)
    if digest != attachment.sha256:
        storage.discard_partial(key)
        attachment.received_bytes = 0
        record_event(session, device, app, "attachment_hash_mismatch", attachment.document_code)
        log.info("attachment %s failed verification; discarded", attachment.sha256[:12])
        return HashMismatch(
            "Lampiran rusak: SHA-256 tidak cocok dengan manifest; data dibuang, kirim ulang "
            "dari awal / attachment damaged: SHA-256 differs from the manifest; partial data "
            "discarded, upload again from the start"
        )
    if app.seal_key_id is not None and not is_sealed_header(
        storage.partial_head(key, SEAL_HEADER_BYTES), intake.seal_key_ids
    ):
        storage.discard_partial(key)
        return _refuse_unsealed(session, device, app, attachment)
    if seal_on_arrival and intake.seal_key is not None:
        # A clear document while a key exists (a kiosk not upgraded yet): sealed before it
        # is stored, so no clear blob is ever written (server.clear_sealing).
        data = storage.partial_head(key, attachment.size)
        sealed = seal_document_bytes(storage, intake.seal_key, app, attachment, data)
        storage.discard_partial(key)
        record_document_sealed(
            session, app, attachment, sealed, intake.seal_key, device.operator_id[:80]
        )
    else:
        storage.promote_partial(key, attachment.sha256)
    complete_attachment(session, app, attachment, device, now)
    return None


def _refuse_unsealed(
    session: Session, device: DeviceContext, app: ApplicationRow, attachment: AttachmentRow
) -> SealInvalid:
    """A sealed application's attachment that is not sealed to its key: back to offset 0.

    Checked after the SHA-256 (a damaged transfer stays a retryable hash_mismatch): bytes that
    match the manifest yet lack the header were never sealed to that key, and sending them
    again cannot help.
    """
    attachment.received_bytes = 0
    record_event(session, device, app, "attachment_seal_invalid", attachment.document_code)
    log.info("attachment %s is not sealed to a server key; discarded", attachment.sha256[:12])
    code = attachment.document_code
    return SealInvalid(
        f"Lampiran {code} tidak tersegel dengan kunci server; data dibuang, segel ulang lalu "
        f"kirim dari awal / attachment {code} is not sealed to a server key; its data was "
        "discarded: seal it again and upload from the start"
    )


def _offset_mismatch(offset: int) -> OffsetMismatch:
    return OffsetMismatch(
        f"Lanjutkan unggahan dari byte {offset} / resume the upload at byte {offset}",
        headers={HEADER_UPLOAD_OFFSET: str(offset)},
    )
