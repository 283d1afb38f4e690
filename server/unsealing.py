"""Opening sealed applications for verifiers: the applicant's fields and single documents.

Only the back office process and the CLI open anything: the internet-facing API holds no
private key and never reads citizen data back.
Every opening is recorded in the server's audit chain in the same transaction as the read
(INVARIANT 4), so there is no way to see a document without leaving a trace; a failed
opening (wrong passphrase, damaged data) rolls back and records nothing, as nothing was read.

What a sealed application holds (sync.protocol, step 3e): every attachment is sealed with
``seal_context(application_id, document_code)``; the one named SEALED_FIELDS_DOCUMENT is JSON
``{"fields": {...}, "documents": {code: {"sha256", "size"?, "content_type"?}}}``, whose
"documents" map lets the opener check each document it opens against what the kiosk sealed.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidatorFunctionWrapHandler,
    field_validator,
)
from sqlalchemy.orm import Session

from kiosk.sealing import seal_context
from kiosk.store.files import fsync_dir
from sync.protocol import SEALED_FIELDS_DOCUMENT, SEALED_QUALITY_KEY, SHA256_PATTERN

from . import audit
from .db import Database
from .errors import Conflict, HashMismatch, InvalidRequest, NotFound, SealInvalid
from .models import Application, Attachment
from .seal_keys import KeyRing, open_sealed, sealed_key_id
from .storage import AttachmentStorage

_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.EMLINK}


class SealedQuality(BaseModel):
    """The kiosk's quality findings for one image (kiosk.contract.quality_entry)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    failed_checks: list[str] = Field(default_factory=list, max_length=32)
    override_reason: str | None = Field(default=None, max_length=2000)
    approved_by: str | None = Field(default=None, max_length=80)


class SealedCapture(BaseModel):
    """How the kiosk's capture set a photographed document's corners (kiosk.sealing.CaptureNote)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    corners: Literal["auto", "adjusted", "manual"]
    points: list[tuple[float, float]] = Field(default_factory=list, max_length=4)
    checks: list[Annotated[str, Field(max_length=40)]] = Field(default_factory=list, max_length=20)


class SealedDocument(BaseModel):
    """One document as the kiosk describes it inside the sealed fields: its PLAINTEXT."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    sha256: str = Field(pattern=SHA256_PATTERN)
    size: int | None = Field(default=None, ge=0)
    content_type: str | None = None
    quality: SealedQuality | None = Field(default=None, alias=SEALED_QUALITY_KEY)
    """Absent in older kiosks' payloads and for clean images."""
    capture: SealedCapture | None = None
    """How the corners were set; absent in older kiosks' payloads and for files not photographed."""

    @field_validator("quality", "capture", mode="wrap")
    @classmethod
    def _lenient_quality(cls, value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        # Findings are shown to the verifier, never trusted: malformed ones are dropped
        # rather than making the whole application unopenable.
        try:
            return handler(value)
        except ValidationError:
            return None


class SealedSummary(BaseModel):
    """The plaintext of the SEALED_FIELDS_DOCUMENT attachment."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    fields: dict[str, Any]
    documents: dict[str, SealedDocument] = Field(default_factory=dict)


@dataclass(frozen=True)
class OpenedDocument:
    application_id: uuid.UUID
    version: int
    document_code: str
    content_type: str
    data: bytes


@dataclass
class Opener:
    """Reads attachments as stored and opens sealed ones with the key ring.

    `passphrase` is only used for encrypted private keys. Private keys are loaded once per
    Opener (an encrypted PEM costs a key derivation each time).
    """

    storage: AttachmentStorage
    keyring: KeyRing
    passphrase: bytes | None = None
    _private: dict[str, X25519PrivateKey] = field(default_factory=dict, repr=False)

    def stored_bytes(self, attachment: Attachment) -> bytes:
        """The attachment as uploaded (sealed or clear), re-checked against its SHA-256."""
        blob = attachment.blob_sha256
        erased_at = attachment.application.erased_at
        if erased_at is not None:
            raise NotFound(
                f"Lampiran {attachment.document_code} sudah dihapus karena masa simpan berakhir "
                f"({erased_at.date()}) / attachment {attachment.document_code} was erased when "
                f"its retention period ended ({erased_at.date()})"
            )
        if attachment.completed_at is None or not self.storage.has_blob(blob):
            raise NotFound(
                f"Lampiran {attachment.document_code} belum diterima server / attachment "
                f"{attachment.document_code} has not been received yet"
            )
        with self.storage.open_blob(blob) as handle:
            data = handle.read()
        if hashlib.sha256(data).hexdigest() != blob:
            raise HashMismatch(
                f"Berkas tersimpan {attachment.document_code} rusak (SHA-256 berbeda) / the "
                f"stored file of {attachment.document_code} is damaged (SHA-256 differs)"
            )
        return data

    def plaintext(self, app: Application, attachment: Attachment) -> bytes:
        """The document itself: opened when the application is sealed, as stored otherwise."""
        data = self.stored_bytes(attachment)
        if attachment.server_sealed_sha256 is not None:
            # A clear upload the server sealed (server.clear_sealing): the document must be
            # the very bytes the kiosk declared.
            context = seal_context(str(app.application_id), attachment.document_code)
            plain = open_sealed(self._private_key(sealed_key_id(data)), data, context)
            if hashlib.sha256(plain).hexdigest() != attachment.sha256:
                raise HashMismatch(
                    f"Isi lampiran {attachment.document_code} yang disegel server tidak cocok "
                    f"dengan manifest / the server-sealed {attachment.document_code} does not "
                    "match its manifest"
                )
            return plain
        if app.seal_key_id is None:
            return data
        # Whichever key the file names: a correction made after a rotation re-uses files
        # of the rejected version, sealed to the older key.
        key_id = sealed_key_id(data)
        context = seal_context(str(app.application_id), attachment.document_code)
        return open_sealed(self._private_key(key_id), data, context)

    def load_keys(self) -> None:
        """Loads every private key now, so a wrong passphrase is told at start-up.

        Raises:
            InvalidRequest: a key is encrypted and the passphrase is wrong or missing.
        """
        for key in self.keyring.list_keys():
            self._private_key(key.key_id)

    def _private_key(self, key_id: str) -> X25519PrivateKey:
        if key_id not in self._private:
            self._private[key_id] = self.keyring.private_key(key_id, self.passphrase)
        return self._private[key_id]

    def server_sealed_fields(self, app: Application) -> dict[str, Any]:
        """The fields of a clear application that the server sealed (server.clear_sealing)."""
        data = app.sealed_fields or b""
        context = seal_context(str(app.application_id), SEALED_FIELDS_DOCUMENT)
        try:
            return SealedSummary.model_validate_json(
                open_sealed(self._private_key(sealed_key_id(data)), data, context)
            ).fields
        except ValidationError:
            raise SealInvalid(
                "Data pemohon yang disegel server rusak / the applicant fields the server "
                "sealed are damaged"
            ) from None

    def summary(self, app: Application) -> SealedSummary | None:
        """The opened fields document of a sealed application; None until it is received."""
        carrier = _one_attachment(app, SEALED_FIELDS_DOCUMENT)
        if carrier.completed_at is None:
            return None
        try:
            return SealedSummary.model_validate_json(self.plaintext(app, carrier))
        except ValidationError:
            raise SealInvalid(
                f"Isi {SEALED_FIELDS_DOCUMENT} bukan data pemohon yang sah / the "
                f"{SEALED_FIELDS_DOCUMENT} attachment does not hold valid applicant data"
            ) from None


def find_version(session: Session, application_id: uuid.UUID, version: int | None) -> Application:
    """The given version of an application, or its newest one."""
    query = sa.select(Application).where(Application.application_id == application_id)
    if version is not None:
        query = query.where(Application.version == version)
    app = session.scalars(query.order_by(Application.version.desc()).limit(1)).one_or_none()
    if app is None:
        raise NotFound(f"Permohonan {application_id} tidak ada / no application {application_id}")
    return app


def _one_attachment(app: Application, document_code: str) -> Attachment:
    matches = [a for a in app.attachments if a.document_code == document_code]
    if not matches:
        raise NotFound(
            f"Permohonan ini tidak punya lampiran {document_code} / this application has no "
            f"attachment {document_code}"
        )
    if len(matches) > 1:
        raise InvalidRequest(
            f"Lampiran {document_code} ada {len(matches)}; pilih lewat `applications` / "
            f"{len(matches)} attachments are named {document_code}; see `applications`"
        )
    return matches[0]


def _check_against_summary(
    summary: SealedSummary | None, document_code: str, plaintext: bytes
) -> None:
    """The opened document must be the one the kiosk described in the sealed fields."""
    if summary is None:
        raise NotFound(
            f"{SEALED_FIELDS_DOCUMENT} belum diterima; isi lampiran belum dapat diperiksa / "
            f"{SEALED_FIELDS_DOCUMENT} has not been received; the document cannot be checked yet"
        )
    expected = summary.documents.get(document_code)
    if expected is None:
        return
    size_differs = expected.size is not None and expected.size != len(plaintext)
    if size_differs or hashlib.sha256(plaintext).hexdigest() != expected.sha256:
        raise HashMismatch(
            f"Isi lampiran {document_code} tidak cocok dengan SHA-256 di "
            f"{SEALED_FIELDS_DOCUMENT}; jangan dipakai / the opened {document_code} does not "
            f"match the SHA-256 in {SEALED_FIELDS_DOCUMENT}; do not use it"
        )


def open_attachment(
    database: Database,
    opener: Opener,
    application_id: uuid.UUID,
    document_code: str,
    version: int | None,
    operator_id: str,
) -> OpenedDocument:
    """One document of the newest (or given) version in clear, for a verifier; audited.

    Raises:
        NotFound: no such application, document, or it has not been received yet.
        HashMismatch: the stored or opened bytes are not what the kiosk described.
        SealInvalid, InvalidRequest: damaged sealed data, a wrong or missing passphrase.
    """
    with database.write() as session:
        app = find_version(session, application_id, version)
        attachment = _one_attachment(app, document_code)
        data = opener.plaintext(app, attachment)
        if app.seal_key_id is not None and document_code != SEALED_FIELDS_DOCUMENT:
            _check_against_summary(opener.summary(app), document_code, data)
        audit.record(
            session,
            "attachment_opened",
            operator_id,
            application_id=app.application_id,
            version=app.version,
            detail=document_code,
        )
        return OpenedDocument(
            app.application_id, app.version, document_code, attachment.content_type, data
        )


def write_new_file(path: Path, data: bytes) -> None:
    """Writes `data` to a NEW file, mode 0600, complete or not at all; never overwrites.

    A hard link from a fsynced temp file publishes it atomically and fails when the name is
    taken. Where hard links are not supported (a FAT-formatted USB stick), the file is created
    exclusively and removed again if writing it fails.

    Raises:
        Conflict: `path` exists already.
    """
    directory = path.parent
    fd, tmp_name = tempfile.mkstemp(prefix=".kiosk-open-", dir=directory)  # mode 0600
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise _exists(path) from None
        except OSError as exc:
            if exc.errno not in _NO_HARD_LINKS:
                raise
            _write_exclusive(path, data)
        fsync_dir(directory)
    finally:
        tmp.unlink(missing_ok=True)


def _write_exclusive(path: Path, data: bytes) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise _exists(path) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise


def _exists(path: Path) -> Conflict:
    return Conflict(
        f"Berkas {path} sudah ada; tidak ditimpa / {path} exists already; not overwritten"
    )
