"""Import of a field laptop's USB bundle through the same intake as network sync.

Everything in the bundle is checked before anything is written: the archive's shape, the
manifest's signature (Ed25519, by the device's signing key whose public half the server holds;
sync.protocol.bundles), then every member's size and SHA-256. A device with no key registered
yet (enrolled before signing keys) may still send the transitional format 1, MAC'd with its
credential hash; once it has a key, format 1 is refused, so a reader of this database, who
knows every credential hash, cannot forge a bundle for it (docs/adr/0008). A truncated,
corrupt, tampered or other-device bundle is refused whole. Only then does each application go
through server.intake's put_manifest and append_chunk, exactly as if the device had sent it
(same Intake, same checks, same locks), so a bundle imported twice, a bundle and a network
sync of the same applications in either order, and overlapping bundles all leave one copy of
each application (INVARIANT 2). The audit entries go through server.device_audit.upload,
idempotent by (device, seq).
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from kiosk.contract import canonical_json
from kiosk.store.files import write_atomic
from sync.protocol import (
    MAX_AUDIT_BATCH,
    MAX_CHUNK_BYTES,
    ApplicationManifest,
    ApplicationStatus,
    DeviceAuditBatch,
    DeviceAuditEntry,
)
from sync.protocol import bundles as b

from . import audit, device_audit, intake
from .db import Database
from .enrollment import DeviceContext
from .errors import InvalidRequest, ServerError
from .intake import Intake
from .models import Device, utc_now

log = logging.getLogger("kiosk.server.bundles")
IMPORT_ACTION = "bundle_imported"


class BundleRefused(InvalidRequest):
    """The bundle as a whole is not accepted; nothing of it was imported."""


@dataclass
class ImportReport:
    bundle_id: uuid.UUID
    device_id: uuid.UUID
    received: list[b.ReceiptEntry] = field(default_factory=list)
    refused: list[b.RefusedEntry] = field(default_factory=list)
    created: int = 0
    replayed: int = 0
    audit_stored: int = 0
    audit_problem: str | None = None
    receipt_path: Path | None = None


@dataclass(frozen=True)
class VerifiedBundle:
    manifest: b.BundleManifest
    receipt_keys: tuple[str, ...]
    """The credential hashes the receipt is MAC'd with: the laptop checks it with its own."""


def _refused(message_id: str, message_en: str) -> BundleRefused:
    return BundleRefused(
        f"Bundel ditolak: {message_id}. Tidak ada yang diimpor. / Bundle refused: {message_en}. "
        "Nothing was imported."
    )


def _damaged() -> BundleRefused:
    return _refused(
        "berkas rusak atau terpotong (salin ulang dari laptop, atau ekspor lagi)",
        "the file is damaged or truncated (copy it again from the laptop, or export again)",
    )


def _read_member(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    info = archive.getinfo(name)
    if info.compress_type != zipfile.ZIP_STORED or info.file_size > limit:
        raise _damaged()
    return archive.read(name)


def verify_bundle(database: Database, path: Path) -> VerifiedBundle:
    """Checks the whole bundle (shape, MAC, every member) and returns its manifest.

    Raises:
        BundleRefused: anything wrong; the message says what and what to do.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            return _verify(database, archive)
    except FileNotFoundError as exc:
        raise _refused(f"berkas {path} tidak ada", f"no file {path}") from exc
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError) as exc:
        if isinstance(exc, BundleRefused):
            raise
        raise _damaged() from exc


def _verify(database: Database, archive: zipfile.ZipFile) -> VerifiedBundle:
    manifest_bytes = _read_member(archive, b.MANIFEST_MEMBER, b.MAX_MANIFEST_BYTES)
    signature = _read_member(archive, b.SIGNATURE_MEMBER, 200).decode("ascii", "replace")
    try:
        raw = json.loads(manifest_bytes)
        claimed = uuid.UUID(str(raw["device_id"]))
    except (ValueError, KeyError, TypeError) as exc:
        raise _damaged() from exc
    keys = _check_signature(database, claimed, raw.get("format"), manifest_bytes, signature)
    try:
        manifest = b.BundleManifest.model_validate(raw)
    except ValidationError as exc:
        raise _refused("isi manifest tidak dikenal", "unknown manifest content") from exc
    if canonical_json(raw).encode("utf-8") != manifest_bytes:
        raise _damaged()
    expected = {b.MANIFEST_MEMBER, b.SIGNATURE_MEMBER}
    expected |= {b.file_member(f.sha256) for f in manifest.files}
    if manifest.audit is not None:
        expected.add(b.AUDIT_MEMBER)
    if set(archive.namelist()) != expected or len(archive.namelist()) != len(expected):
        raise _damaged()
    sizes = {f.sha256: f.size for f in manifest.files}
    for app in manifest.applications:
        if any(sizes.get(a.sha256) != a.size for a in app.attachments):
            raise _damaged()
        if app.seal_key_id is None:
            raise _refused(
                "bundel memuat permohonan yang tidak tersegel", "an application is not sealed"
            )
    for sha256, size in sizes.items():
        _check_member(archive, b.file_member(sha256), sha256, size)
    if manifest.audit is not None:
        _check_member(archive, b.AUDIT_MEMBER, manifest.audit.sha256, manifest.audit.size)
    return VerifiedBundle(manifest, keys)


def _check_member(archive: zipfile.ZipFile, name: str, sha256: str, size: int) -> None:
    info = archive.getinfo(name)
    if info.compress_type != zipfile.ZIP_STORED or info.file_size != size:
        raise _damaged()
    digest = hashlib.sha256()
    with archive.open(name) as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    if digest.hexdigest() != sha256:
        raise _damaged()


def _check_signature(
    database: Database, device_id: uuid.UUID, bundle_format: object, data: bytes, signature: str
) -> tuple[str, ...]:
    """The receipt's MAC keys once the manifest's signature verifies; refuses anything else."""
    with database.read() as session:
        device = session.get(Device, device_id)
    if device is None:
        raise _refused(
            "perangkat pengirim tidak terdaftar di server ini",
            "the sending device is not enrolled with this server",
        )
    if device.revoked_at is not None or device.suspended_at is not None:
        raise _refused(
            "perangkat pengirim dicabut atau ditangguhkan; hubungi admin Disdukcapil",
            "the sending device is revoked or suspended; contact the district administrator",
        )
    credentials = tuple(c for c in (device.credential_sha256, device.next_credential_sha256) if c)
    if bundle_format == b.BUNDLE_FORMAT and device.signing_key is not None:
        if b.signature_matches(device.signing_key, data, signature):
            return credentials
    elif bundle_format == b.MAC_BUNDLE_FORMAT and device.signing_key is None:
        for candidate in credentials:
            if b.mac_matches(candidate, b.BUNDLE_LABEL, data, signature):
                return (candidate,)
    elif bundle_format == b.MAC_BUNDLE_FORMAT:
        raise _refused(
            "bundel format lama (tanpa tanda tangan perangkat) tidak diterima lagi dari "
            "perangkat ini; sinkronkan laptop lewat jaringan atau ekspor ulang",
            "an old-format bundle (without the device's signature) is no longer accepted from "
            "this device; sync the laptop over the network or export again",
        )
    elif bundle_format == b.BUNDLE_FORMAT:
        raise _refused(
            "server belum menyimpan kunci tanda tangan perangkat ini; sinkronkan laptop lewat "
            "jaringan sekali, lalu impor lagi",
            "this server does not hold the device's signing key yet; sync the laptop over the "
            "network once, then import again",
        )
    raise _refused(
        "tanda tangan tidak cocok: isinya diubah, atau bundel dibuat perangkat lain (atau "
        "sebelum kredensial perangkat diganti; ekspor ulang dari laptop)",
        "the signature does not match: the content was altered, or another device made it "
        "(or it predates a credential rotation; export again from the laptop)",
    )


def import_bundle(
    database: Database,
    make_intake: Any,
    path: Path,
    *,
    operator_id: str,
    receipt_path: Path | None = None,
) -> ImportReport:
    """Verifies, then imports every application and the audit entries; writes the receipt.

    `make_intake(device)` gives the Intake network sync would use for that device
    (server.api.deps.ServerContext.intake).
    """
    verified = verify_bundle(database, path)
    manifest = verified.manifest
    report = ImportReport(manifest.bundle_id, manifest.device_id)
    office = manifest.office_code
    with database.read() as session:
        device_row = session.get(Device, manifest.device_id)
        if device_row is not None:
            office = device_row.office_code
    with zipfile.ZipFile(path) as archive:
        for app in manifest.applications:
            device = DeviceContext(manifest.device_id, office, app.submitted_by)
            _import_application(make_intake(device), archive, app, report)
        if manifest.audit is not None:
            _import_audit(
                database, archive, DeviceContext(manifest.device_id, office, "system"), report
            )
    with database.write() as session:
        audit.record(
            session,
            IMPORT_ACTION,
            operator_id[:80],
            device_id=manifest.device_id,
            detail=f"bundle {manifest.bundle_id}: {len(report.received)} received, "
            f"{len(report.refused)} refused",
        )
    report.receipt_path = receipt_path or path.with_name(path.name + b.RECEIPT_SUFFIX)
    write_receipt(database, verified, report, report.receipt_path)
    log.info(
        "bundle %s: %d new, %d already held, %d refused",
        manifest.bundle_id,
        report.created,
        report.replayed,
        len(report.refused),
    )
    return report


def _import_application(
    upload: Intake, archive: zipfile.ZipFile, app: ApplicationManifest, report: ImportReport
) -> None:
    entry = b.ReceiptEntry(
        application_id=app.application_id, version=app.version, number=app.number
    )
    try:
        status, created = intake.put_manifest(upload, app.application_id, app.version, app)
        for missing in status.missing:
            offset = missing.offset
            with archive.open(b.file_member(missing.sha256)) as handle:
                _skip(handle, offset)
                while offset < missing.size:
                    chunk = handle.read(min(MAX_CHUNK_BYTES, missing.size - offset))
                    progress = intake.append_chunk(
                        upload,
                        app.application_id,
                        app.version,
                        missing.sha256,
                        (offset, offset + len(chunk) - 1, missing.size),
                        chunk,
                    )
                    offset = progress.offset
        final = intake.get_upload_status(
            upload.database, upload.device, app.application_id, app.version
        )
    except ServerError as error:
        report.refused.append(
            b.RefusedEntry(**entry.model_dump(), code=error.code.value, message=error.detail[:1000])
        )
        return
    if final.status is ApplicationStatus.INCOMPLETE:
        report.refused.append(
            b.RefusedEntry(
                **entry.model_dump(),
                code="incomplete",
                message="Lampiran belum lengkap / attachments incomplete",
            )
        )
        return
    report.received.append(entry)
    if created:
        report.created += 1
    else:
        report.replayed += 1


def _skip(handle: IO[bytes], offset: int) -> None:
    while offset > 0:
        block = handle.read(min(offset, MAX_CHUNK_BYTES))
        if not block:
            return
        offset -= len(block)


def _import_audit(
    database: Database, archive: zipfile.ZipFile, device: DeviceContext, report: ImportReport
) -> None:
    raw = _read_member(archive, b.AUDIT_MEMBER, b.MAX_AUDIT_BYTES)
    try:
        entries = [DeviceAuditEntry.model_validate(e) for e in json.loads(raw)]
    except (ValueError, TypeError):  # pydantic's ValidationError is a ValueError
        report.audit_problem = "audit_unreadable"
        return
    head = device_audit.head(database, device)
    fresh = [e for e in entries if e.seq > head.last_seq]
    if entries and entries[0].seq > head.last_seq + 1:
        # Entries between the server's head and the bundle's first one are on the laptop only
        # (exported before a sync the server never saw): the next sync or bundle brings them.
        report.audit_problem = "audit_gap"
        return
    try:
        for start in range(0, len(fresh), MAX_AUDIT_BATCH):
            batch = DeviceAuditBatch(entries=fresh[start : start + MAX_AUDIT_BATCH])
            report.audit_stored += device_audit.upload(database, device, batch).stored
    except ServerError as error:
        report.audit_problem = error.code.value


def write_receipt(
    database: Database, verified: VerifiedBundle, report: ImportReport, path: Path
) -> None:
    head = device_audit.head(
        database,
        DeviceContext(verified.manifest.device_id, verified.manifest.office_code, "system"),
    )
    receipt = b.BundleReceipt(
        bundle_id=report.bundle_id,
        device_id=report.device_id,
        imported_at=utc_now(),
        received=report.received,
        refused=report.refused,
        audit_last_seq=head.last_seq,
        audit_last_hash=head.last_hash if head.last_seq else "",
    )
    body = receipt.model_dump(mode="json")
    data = canonical_json(body).encode("utf-8")
    macs = [b.bundle_mac(key, b.RECEIPT_LABEL, data) for key in verified.receipt_keys]
    # "mac_next": the laptop may already hold a rotated credential not used yet.
    wrapper: dict[str, Any] = {"receipt": body, "mac": macs[0]}
    if len(macs) > 1:
        wrapper["mac_next"] = macs[1]
    write_atomic(path, json.dumps(wrapper, indent=1).encode("utf-8"))
