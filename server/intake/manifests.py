"""Phase one: the manifest upsert by (application id, version), sealed or clear.

The unique (id, version) constraint turns a racing duplicate into a replay of the winner,
never a second copy; a different manifest under the same (id, version) is a conflict.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Collection, Mapping
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sync.protocol import (
    SEALED_FIELDS_DOCUMENT,
    ApplicationManifest,
    ApplicationStatus,
    UploadStatus,
    manifest_digest,
)

from ..clear_sealing import sealed_fields
from ..db import BLOB_REUSE_LOCK, Database, lock_blob_reuse
from ..enrollment import DeviceContext
from ..errors import (
    InvalidRequest,
    ManifestConflict,
    ParentInvalid,
    SealInvalid,
)
from ..models import Application, Base, utc_now
from ..storage import partial_key
from ..upload_rows import ApplicationRow, AttachmentRow, NewUpload, insert_upload
from .rules import check_manifest_content
from .upload import (
    Intake,
    blob_is_sealed,
    complete_attachment,
    find_application,
    office_holds_blob,
    receive_if_complete,
    record_event,
    upload_status,
    visible_application,
)

log = logging.getLogger("kiosk.server.intake")


def put_manifest(
    intake: Intake,
    application_id: uuid.UUID,
    version: int,
    manifest: ApplicationManifest,
    provided: Mapping[str, bytes | memoryview] | None = None,
) -> tuple[UploadStatus, bool]:
    """Stores a manifest, or recognises a replay; returns (status, created).

    A sealed manifest may only name one of `intake.seal_key_ids`. `provided`: verified
    attachment bytes by SHA-256 (the one-request upload, server.intake.whole); they are
    written to the storage inside the manifest's transaction, after its writes and under the
    blob-reuse lock, so retention cannot delete a blob between its write and the commit that
    names it; they are complete in that same transaction.

    Raises:
        InvalidRequest: the path and the body name different applications.
        SealInvalid: a sealed manifest that breaks the sealing rules (sync.protocol, 3e).
        ManifestConflict: this (id, version) already holds different content.
        ParentInvalid: a correction whose parent is missing or not rejected.
    """
    check_manifest(intake, application_id, version, manifest)
    return store_manifest(intake, manifest, provided)


def store_manifest(
    intake: Intake,
    manifest: ApplicationManifest,
    provided: Mapping[str, bytes | memoryview] | None = None,
) -> tuple[UploadStatus, bool]:
    """`put_manifest` for a manifest `check_manifest` has already passed."""
    digest = manifest_digest(manifest)
    parts = provided or {}
    try:
        return _put_manifest_once(intake, manifest, digest, parts)
    except IntegrityError:
        # Another request inserted the same (id, version) first: answer as a replay of it.
        return _put_manifest_once(intake, manifest, digest, parts)


def check_same_content(existing: Application, device: DeviceContext, digest: str) -> None:
    """A version already held must be this office's and this very manifest (409 otherwise)."""
    if existing.office_code != device.office_code or existing.manifest_sha256 != digest:
        raise ManifestConflict(
            "Permohonan ini sudah ada di server dengan isi berbeda; perbaikan harus "
            "dikirim sebagai versi baru / this application version already exists with "
            "different content; send a correction as a new version"
        )


def check_manifest(
    intake: Intake, application_id: uuid.UUID, version: int, manifest: ApplicationManifest
) -> None:
    """What a manifest must be, checked without the database (400, 422, 409 refused)."""
    if manifest.application_id != application_id or manifest.version != version:
        raise InvalidRequest(
            "ID atau versi di alamat berbeda dengan isi manifest / "
            "the URL and the manifest name different applications"
        )
    if manifest.sealed:
        check_sealed_manifest(manifest, intake.seal_key_ids)
    check_manifest_content(manifest, intake.service_codes)


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


_APPLICATIONS = Base.metadata.tables[Application.__tablename__]
_PROBE = sa.select(
    sa.select(_APPLICATIONS.c.pk)
    .where(
        _APPLICATIONS.c.application_id == sa.bindparam("application_id"),
        _APPLICATIONS.c.version == sa.bindparam("version"),
    )
    .scalar_subquery()
    .label("existing"),
    sa.select(_APPLICATIONS.c.pk)
    .where(
        _APPLICATIONS.c.number == sa.bindparam("number"),
        _APPLICATIONS.c.application_id != sa.bindparam("application_id"),
    )
    .limit(1)
    .scalar_subquery()
    .label("number_taken"),
)
"""One round trip, built once: is this (id, version) held already, and does another
application hold its number (an application number belongs to one application, all its
versions, never two)."""


def _put_manifest_once(
    intake: Intake,
    manifest: ApplicationManifest,
    digest: str,
    provided: Mapping[str, bytes | memoryview],
) -> tuple[UploadStatus, bool]:
    now, device = utc_now(), intake.device
    with intake.database.write() as session:
        existing_pk, number_taken = session.execute(
            _PROBE,
            {
                "application_id": manifest.application_id,
                "version": manifest.version,
                "number": manifest.number,
            },
        ).one()
        existing = (
            None
            if existing_pk is None
            else find_application(session, manifest.application_id, manifest.version)
        )
        if existing is not None:
            check_same_content(existing, device, digest)
            if provided and existing.status == ApplicationStatus.INCOMPLETE.value:
                # The row first, then the blob-reuse lock: the order of every path
                # (server.db.lock_blob_reuse; a chunk of this application takes them so).
                existing = visible_application(
                    session, device, manifest.application_id, manifest.version, lock=True
                )
                lock_blob_reuse(session)
                _complete_provided(session, intake, existing, provided)
                session.flush()
                _store_provided(intake, provided)
            return upload_status(existing), False
        if manifest.parent_version is not None:
            # Locks the parent row: before the blob-reuse lock (server.db.lock_blob_reuse).
            check_parent(session, device, manifest.application_id, manifest.parent_version)
        if number_taken is not None:
            raise _number_taken(manifest.number)
        app = _new_application(session, intake, manifest, digest, provided, now)
        _store_provided(intake, provided)
        return upload_status(app), True


def _new_application(
    session: Session,
    intake: Intake,
    manifest: ApplicationManifest,
    digest: str,
    provided: Mapping[str, bytes | memoryview],
    now: datetime,
) -> ApplicationRow:
    """Decides the new version's rows (its status included), audits, then inserts them.

    Plain rows, not ORM objects (server.upload_rows): two INSERTs, no UPDATE after. The
    audit entries are recorded in the order they always were (fields sealed, manifest
    accepted, each attachment stored, application received) and chained at commit.
    """
    device = intake.device
    # A clear document while a key exists is uploaded again, to be sealed on arrival.
    seal_on_arrival = manifest.seal_key_id is None and intake.seal_key is not None
    attachments: list[AttachmentRow] = []
    for ref in manifest.attachments:
        # A verified blob this office already sent: nothing to upload again. Another
        # office's blob does not count (see office_holds_blob).
        known = ref.sha256 in provided or (
            not seal_on_arrival
            and intake.storage.blob_size(ref.sha256) == ref.size
            and office_holds_blob(session, device.office_code, ref.sha256, ref.size)
        )
        if (
            known
            and ref.sha256 not in provided  # their headers were checked on arrival
            and manifest.seal_key_id is not None
            and not blob_is_sealed(intake, ref.sha256)
        ):
            raise SealInvalid(
                f"Lampiran {ref.document_code} yang sudah ada di server tidak tersegel "
                f"dengan kunci {manifest.seal_key_id} / attachment {ref.document_code}, "
                f"already on the server, is not sealed to key {manifest.seal_key_id}"
            )
        attachments.append(
            AttachmentRow(
                pk=0,
                document_code=ref.document_code,
                sha256=ref.sha256,
                size=ref.size,
                received_bytes=ref.size if known else 0,
                completed_at=now if known else None,
                server_sealed_sha256=None,
                last_chunk_at=None,
            )
        )
    app = ApplicationRow(
        pk=0,  # set by insert_upload, before the commit that numbers the feed change
        application_id=manifest.application_id,
        version=manifest.version,
        number=manifest.number,
        office_code=device.office_code,
        status=ApplicationStatus.INCOMPLETE.value,
        reason=None,
        fix=None,
        seal_key_id=manifest.seal_key_id,
        received_at=None,
        updated_at=now,
        attachments=attachments,
    )
    fields, sealed = dict(manifest.fields), None
    if manifest.seal_key_id is None and fields and intake.seal_key is not None:
        sealed = sealed_fields(
            session,
            app.application_id,
            app.version,
            fields,
            intake.seal_key,
            device.operator_id[:80],
        )
        fields = {}
    record_event(session, device, app, "manifest_accepted", f"{len(attachments)} attachments")
    for ref in manifest.attachments:
        if ref.sha256 in provided:
            record_event(session, device, app, "attachment_stored", ref.document_code)
    log.info(
        "manifest %s v%d accepted (%d attachments)",
        app.application_id,
        app.version,
        len(attachments),
    )
    receive_if_complete(session, app, device, now)
    # Provided blobs are written after this, under the shared blob-reuse lock the INSERT
    # takes (ordered against retention, as office_holds_blob is; after the parent's row).
    insert_upload(
        session,
        app,
        NewUpload(
            parent_version=manifest.parent_version,
            service_code=manifest.service_code,
            device_id=device.device_id,
            submitted_by=manifest.submitted_by,
            fields=fields,
            sealed_fields=sealed,
            manifest_sha256=digest,
            created_at=manifest.created_at,
            uploaded_at=now,
            content_types=tuple(ref.content_type for ref in manifest.attachments),
        ),
        blob_reuse_lock=BLOB_REUSE_LOCK if provided else None,
    )
    return app


def _store_provided(intake: Intake, provided: Mapping[str, bytes | memoryview]) -> None:
    """Writes the one-request upload's verified parts, inside the transaction naming them.

    After the transaction's writes (SQLite: its write lock is held, so a retention run is
    either committed already or waits) and under the shared blob-reuse lock (PostgreSQL): a
    blob retention deleted before is written again, and none can be deleted before the
    commit. On S3 written even when a blob of that hash exists (the same bytes again,
    content-addressed): no existence probe per attachment (a HEAD each); local disk looks
    with one stat and skips a blob it holds. A failed write rolls the whole application
    back; nothing names a blob that is not stored.
    """
    for sha256, data in provided.items():
        intake.storage.store_blob(sha256, data)


def _complete_provided(
    session: Session, intake: Intake, app: Application, provided: Mapping[str, bytes | memoryview]
) -> None:
    """A one-request retry of a manifest already held: its stored attachments complete now."""
    now = utc_now()
    for attachment in app.attachments:
        if attachment.completed_at is None and attachment.sha256 in provided:
            intake.storage.discard_partial(
                partial_key(str(app.application_id), app.version, attachment.sha256)
            )
            complete_attachment(session, app, attachment, intake.device, now)


def _number_taken(number: str) -> ManifestConflict:
    return ManifestConflict(
        f"Nomor permohonan {number} sudah dipakai permohonan lain / application "
        f"number {number} already belongs to another application"
    )


def check_parent(
    session: Session,
    device: DeviceContext,
    application_id: uuid.UUID,
    parent_version: int,
    *,
    lock: bool = True,
) -> None:
    parent = find_application(session, application_id, parent_version, lock=lock)
    if parent is None or parent.office_code != device.office_code:
        raise ParentInvalid(
            "Versi sebelumnya tidak ada di server / the parent version is not on the server"
        )
    if parent.device_id != device.device_id:
        # Another device of the office would take the slot of the real correction; only the
        # device that holds the application (and its sealed documents) corrects it.
        raise ParentInvalid(
            "Perbaikan hanya dapat dikirim dari perangkat yang mengirim permohonan ini / "
            "a correction can only come from the device that sent this application"
        )
    if parent.status != ApplicationStatus.REJECTED:
        raise ParentInvalid(
            "Hanya permohonan yang ditolak dapat diperbaiki / "
            "only a rejected application can be corrected"
        )
    if parent.erased_at is not None:
        # Retention erased it (server.retention): its scans and data are gone, so a
        # correction would build on a tombstone; the citizen applies again instead.
        raise ParentInvalid(
            "Permohonan ini sudah dihapus karena masa simpannya habis; ajukan permohonan baru / "
            "this application was erased when its retention period ended; submit a new one"
        )


def get_upload_status(
    database: Database, device: DeviceContext, application_id: uuid.UUID, version: int
) -> UploadStatus:
    with database.read() as session:
        return upload_status(
            visible_application(session, device, application_id, version, lock=False)
        )
