"""Two-phase intake: manifest upsert by (id, version), then resumable, verified attachments.

INVARIANT 2 lives here: an application turns `received` in the same transaction in which
its last attachment is verified and stored, never earlier; the unique (id, version)
constraint turns a racing duplicate into a replay of the winner, never a second copy.

Locks are taken in one order everywhere (application row, attachment row, feed counter) so
concurrent retries wait for each other instead of deadlocking.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Collection
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sync.protocol import (
    HEADER_UPLOAD_OFFSET,
    MAX_CHUNK_BYTES,
    SEAL_MAGIC,
    SEALED_FIELDS_DOCUMENT,
    ApplicationManifest,
    ApplicationStatus,
    AttachmentProgress,
    MissingAttachment,
    UploadStatus,
    manifest_digest,
)

from . import audit, feed
from .db import Database
from .enrollment import DeviceContext
from .errors import (
    HashMismatch,
    InvalidRequest,
    ManifestConflict,
    NotFound,
    OffsetMismatch,
    ParentInvalid,
    SealInvalid,
    ServerError,
)
from .models import Application, Attachment, utc_now
from .storage import AttachmentStorage, PartialLost, partial_key

log = logging.getLogger("kiosk.server.intake")


def _not_found() -> NotFound:
    return NotFound("Permohonan tidak ditemukan / application not found")


def find_application(
    session: Session, application_id: uuid.UUID, version: int, *, lock: bool = False
) -> Application | None:
    query = sa.select(Application).where(
        Application.application_id == application_id, Application.version == version
    )
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return session.scalars(query).one_or_none()


def _visible(
    session: Session, device: DeviceContext, application_id: uuid.UUID, version: int, lock: bool
) -> Application:
    """The application, if it belongs to the caller's office (others are "not found")."""
    app = find_application(session, application_id, version, lock=lock)
    if app is None or app.office_code != device.office_code:
        raise _not_found()
    return app


def upload_status(app: Application) -> UploadStatus:
    return UploadStatus(
        application_id=app.application_id,
        version=app.version,
        number=app.number,
        status=ApplicationStatus(app.status),
        missing=[
            MissingAttachment(
                document_code=a.document_code, sha256=a.sha256, size=a.size, offset=a.received_bytes
            )
            for a in app.attachments
            if a.completed_at is None
        ],
        received_at=app.received_at,
        reason=app.reason,
        fix=app.fix,
    )


def _progress(app: Application, attachment: Attachment) -> AttachmentProgress:
    return AttachmentProgress(
        application_id=app.application_id,
        version=app.version,
        sha256=attachment.sha256,
        size=attachment.size,
        offset=attachment.received_bytes,
        complete=attachment.completed_at is not None,
        application_status=ApplicationStatus(app.status),
    )


def put_manifest(
    database: Database,
    storage: AttachmentStorage,
    device: DeviceContext,
    application_id: uuid.UUID,
    version: int,
    manifest: ApplicationManifest,
    *,
    seal_key_ids: Collection[str] = (),
) -> tuple[UploadStatus, bool]:
    """Stores a manifest, or recognises a replay; returns (status, created).

    Args:
        seal_key_ids: the key ids a sealed manifest may name (server.sealing.KeyRing.key_ids:
            the current key and the older ones, whose payloads may still be on their way).

    Raises:
        InvalidRequest: the path and the body name different applications.
        SealInvalid: a sealed manifest that breaks the sealing rules (sync.protocol, 3e).
        ManifestConflict: this (id, version) already holds different content.
        ParentInvalid: a correction whose parent is missing or not rejected.
    """
    if manifest.application_id != application_id or manifest.version != version:
        raise InvalidRequest(
            "ID atau versi di alamat berbeda dengan isi manifest / "
            "the URL and the manifest name different applications"
        )
    if manifest.sealed:
        check_sealed_manifest(manifest, seal_key_ids)
    digest = manifest_digest(manifest)
    try:
        return _put_manifest_once(database, storage, device, manifest, digest, seal_key_ids)
    except IntegrityError:
        # Another request inserted the same (id, version) first: answer as a replay of it.
        return _put_manifest_once(database, storage, device, manifest, digest, seal_key_ids)


def check_sealed_manifest(manifest: ApplicationManifest, seal_key_ids: Collection[str]) -> None:
    """The rules of a sealed manifest that need no stored bytes (sync.protocol, step 3e).

    Raises:
        SealInvalid: an unknown key, fields in clear, or not exactly one fields attachment.
    """
    if manifest.seal_key_id not in seal_key_ids:
        raise SealInvalid(
            f"Kunci segel {manifest.seal_key_id} tidak dikenal server; ambil kunci publik "
            f"terbaru lalu segel ulang / the server does not know sealing key "
            f"{manifest.seal_key_id}; fetch the current public key and seal again"
        )
    if manifest.fields:
        raise SealInvalid(
            "Permohonan tersegel tidak boleh membawa data pemohon terbuka (fields harus "
            "kosong) / a sealed application must not carry applicant fields in clear "
            "(fields must be empty)"
        )
    carriers = [a for a in manifest.attachments if a.document_code == SEALED_FIELDS_DOCUMENT]
    if len(carriers) != 1:
        raise SealInvalid(
            f"Permohonan tersegel harus memuat tepat satu lampiran {SEALED_FIELDS_DOCUMENT} "
            f"(ada {len(carriers)}) / a sealed application must carry exactly one "
            f"{SEALED_FIELDS_DOCUMENT} attachment (found {len(carriers)})"
        )


SEAL_HEADER_BYTES = len(SEAL_MAGIC) + 8


def is_sealed_header(head: bytes, seal_key_ids: Collection[str]) -> bool:
    """Whether a file begins like SEAL_FORMAT with one of the server's keys.

    Any of its keys, not only the manifest's: a correction made after a key rotation
    re-uses documents of the rejected version, sealed to the older key.
    """
    return (
        len(head) == SEAL_HEADER_BYTES
        and head.startswith(SEAL_MAGIC)
        and head[len(SEAL_MAGIC) :].hex() in seal_key_ids
    )


def _blob_is_sealed(storage: AttachmentStorage, sha256: str, seal_key_ids: Collection[str]) -> bool:
    with storage.open_blob(sha256) as handle:
        return is_sealed_header(handle.read(SEAL_HEADER_BYTES), seal_key_ids)


def _put_manifest_once(
    database: Database,
    storage: AttachmentStorage,
    device: DeviceContext,
    manifest: ApplicationManifest,
    digest: str,
    seal_key_ids: Collection[str],
) -> tuple[UploadStatus, bool]:
    now = utc_now()
    with database.write() as session:
        existing = find_application(session, manifest.application_id, manifest.version)
        if existing is not None:
            if existing.office_code != device.office_code or existing.manifest_sha256 != digest:
                raise ManifestConflict(
                    "Permohonan ini sudah ada di server dengan isi berbeda; perbaikan harus "
                    "dikirim sebagai versi baru / this application version already exists with "
                    "different content; send a correction as a new version"
                )
            return upload_status(existing), False
        if manifest.parent_version is not None:
            _check_parent(session, device, manifest.application_id, manifest.parent_version)
        app = Application(
            application_id=manifest.application_id,
            version=manifest.version,
            parent_version=manifest.parent_version,
            number=manifest.number,
            service_code=manifest.service_code,
            office_code=device.office_code,
            device_id=device.device_id,
            submitted_by=manifest.submitted_by,
            fields=dict(manifest.fields),
            manifest_sha256=digest,
            seal_key_id=manifest.seal_key_id,
            status=ApplicationStatus.INCOMPLETE.value,
            created_at=manifest.created_at,
            uploaded_at=now,
            updated_at=now,
        )
        for position, ref in enumerate(manifest.attachments):
            # A verified blob with this hash is already stored: nothing to upload again.
            known = storage.blob_size(ref.sha256) == ref.size
            if (
                known
                and manifest.seal_key_id is not None
                and not _blob_is_sealed(storage, ref.sha256, seal_key_ids)
            ):
                raise SealInvalid(
                    f"Lampiran {ref.document_code} yang sudah ada di server tidak tersegel "
                    f"dengan kunci {manifest.seal_key_id} / attachment {ref.document_code}, "
                    f"already on the server, is not sealed to key {manifest.seal_key_id}"
                )
            app.attachments.append(
                Attachment(
                    position=position,
                    document_code=ref.document_code,
                    sha256=ref.sha256,
                    size=ref.size,
                    content_type=ref.content_type,
                    received_bytes=ref.size if known else 0,
                    completed_at=now if known else None,
                )
            )
        session.add(app)
        session.flush()
        _record(session, device, app, "manifest_accepted", f"{len(app.attachments)} attachments")
        log.info(
            "manifest %s v%d accepted (%d attachments)",
            app.application_id,
            app.version,
            len(app.attachments),
        )
        _receive_if_complete(session, app, device, now)
        return upload_status(app), True


def _check_parent(
    session: Session, device: DeviceContext, application_id: uuid.UUID, parent_version: int
) -> None:
    parent = find_application(session, application_id, parent_version, lock=True)
    if parent is None or parent.office_code != device.office_code:
        raise ParentInvalid(
            "Versi sebelumnya tidak ada di server / the parent version is not on the server"
        )
    if parent.status != ApplicationStatus.REJECTED:
        raise ParentInvalid(
            "Hanya permohonan yang ditolak dapat diperbaiki / "
            "only a rejected application can be corrected"
        )


def _receive_if_complete(
    session: Session, app: Application, device: DeviceContext, now: datetime
) -> None:
    if app.status != ApplicationStatus.INCOMPLETE:
        return
    if any(a.completed_at is None for a in app.attachments):
        return
    app.status = ApplicationStatus.RECEIVED.value
    app.received_at = now
    app.updated_at = now
    feed.append_change(session, app, device.operator_id)
    _record(session, device, app, "application_received")
    log.info("application %s v%d received", app.application_id, app.version)


def get_upload_status(
    database: Database, device: DeviceContext, application_id: uuid.UUID, version: int
) -> UploadStatus:
    with database.read() as session:
        return upload_status(_visible(session, device, application_id, version, lock=False))


def get_progress(
    database: Database, device: DeviceContext, application_id: uuid.UUID, version: int, sha: str
) -> AttachmentProgress:
    with database.read() as session:
        app = _visible(session, device, application_id, version, lock=False)
        return _progress(app, _attachment(app, sha))


def _attachment(app: Application, sha: str) -> Attachment:
    for attachment in app.attachments:
        if attachment.sha256 == sha:
            return attachment
    raise NotFound("Lampiran tidak ada di manifest / attachment is not in the manifest")


def append_chunk(
    database: Database,
    storage: AttachmentStorage,
    device: DeviceContext,
    application_id: uuid.UUID,
    version: int,
    sha: str,
    content_range: tuple[int, int, int],
    body: bytes,
    *,
    seal_key_ids: Collection[str] = (),
) -> AttachmentProgress:
    """Appends one chunk at the server's offset; verifies and stores the finished file.

    Bytes before the server's offset (a chunk re-sent after a lost answer) are skipped.
    `seal_key_ids`: the server's keys (current and older); a sealed application's files must
    be sealed to one of them.

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
    with database.write() as session:
        app = _visible(session, device, application_id, version, lock=True)
        attachment = _attachment(app, sha)
        if total != attachment.size:
            raise InvalidRequest(
                "Ukuran di Content-Range berbeda dengan manifest / "
                "the Content-Range total differs from the manifest size"
            )
        if attachment.completed_at is None:
            failure = _store_chunk(
                session, storage, device, app, attachment, start, body, seal_key_ids
            )
        progress = _progress(app, attachment)
    if failure is not None:
        raise failure
    return progress


def _store_chunk(
    session: Session,
    storage: AttachmentStorage,
    device: DeviceContext,
    app: Application,
    attachment: Attachment,
    start: int,
    body: bytes,
    seal_key_ids: Collection[str],
) -> ServerError | None:
    """Writes inside the caller's transaction; a returned error is raised after the commit."""
    now = utc_now()
    key = partial_key(str(app.application_id), app.version, attachment.sha256)
    if storage.blob_size(attachment.sha256) == attachment.size:
        # Stored by another application, or by us just before a crash lost the commit.
        storage.discard_partial(key)
        if app.seal_key_id is not None and not _blob_is_sealed(
            storage, attachment.sha256, seal_key_ids
        ):
            return _refuse_unsealed(session, device, app, attachment)
        _complete(session, app, attachment, device, now)
        return None
    offset = attachment.received_bytes
    if start > offset:
        return _offset_mismatch(offset)
    data = body[offset - start :]
    try:
        if data:
            attachment.received_bytes = storage.append_partial(key, offset, data)
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
        _record(session, device, app, "attachment_hash_mismatch", attachment.document_code)
        log.info("attachment %s failed verification; discarded", attachment.sha256[:12])
        return HashMismatch(
            "Lampiran rusak: SHA-256 tidak cocok dengan manifest; data dibuang, kirim ulang "
            "dari awal / attachment damaged: SHA-256 differs from the manifest; partial data "
            "discarded, upload again from the start"
        )
    if app.seal_key_id is not None and not is_sealed_header(
        storage.partial_head(key, SEAL_HEADER_BYTES), seal_key_ids
    ):
        storage.discard_partial(key)
        return _refuse_unsealed(session, device, app, attachment)
    storage.promote_partial(key, attachment.sha256)
    _complete(session, app, attachment, device, now)
    return None


def _record(
    session: Session,
    device: DeviceContext,
    app: Application,
    action: str,
    detail: str | None = None,
) -> None:
    """An audit entry about one application version, attributed to the calling device."""
    audit.record(
        session,
        action,
        device.operator_id,
        device_id=device.device_id,
        application_id=app.application_id,
        version=app.version,
        detail=detail,
    )


def _refuse_unsealed(
    session: Session, device: DeviceContext, app: Application, attachment: Attachment
) -> SealInvalid:
    """A sealed application's attachment that is not sealed to its key: back to offset 0.

    Checked after the SHA-256 (a damaged transfer stays a retryable hash_mismatch): bytes that
    match the manifest yet lack the header were never sealed to that key, and sending them
    again cannot help.
    """
    attachment.received_bytes = 0
    _record(session, device, app, "attachment_seal_invalid", attachment.document_code)
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


def _complete(
    session: Session,
    app: Application,
    attachment: Attachment,
    device: DeviceContext,
    now: datetime,
) -> None:
    attachment.received_bytes = attachment.size
    attachment.completed_at = now
    _record(session, device, app, "attachment_stored", attachment.document_code)
    _receive_if_complete(session, app, device, now)
