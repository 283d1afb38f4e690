"""USB bundles on the laptop: export what the server lacks, take the server's receipt back.

The file format is the wire contract in sync.protocol.bundles. Exporting changes nothing in
the outbox (network sync still sends every row, and the server recognises the second arrival
as the same upload); only a genuine receipt acknowledges rows, exactly as a sync pass would.

The manifest is signed with the device's Ed25519 key once the server holds its public half
(sync.signing_key); until then (a laptop enrolled before signing keys, not synced since) it
is MAC'd in the transitional format 1, which the server accepts only while it holds no key
for the device (docs/adr/0008-signed-field-bundles.md).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import uuid
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kiosk.applications import Status, can_transition
from kiosk.applications.late_sealing import seal_pending
from kiosk.contract import canonical_json
from kiosk.errors import IllegalTransition, KioskError
from kiosk.local_store import Store
from kiosk.store import machine_state as ms
from kiosk.store.clock import utcnow
from sync.enrollment import load_enrollment
from sync.manifests import application_manifest
from sync.protocol import bundles as b
from sync.signing_key import is_registered, signing_key

log = logging.getLogger("kiosk.sync")
BUNDLE_OPERATOR = "system:bundle"


class BundleError(KioskError):
    code = "bundle_error"


@dataclass(frozen=True)
class ExportReport:
    path: Path
    applications: int
    files: int
    audit_entries: int
    not_sealed: int
    bytes: int
    signed: bool
    """False: the transitional MAC (the server does not hold this device's signing key yet)."""


@dataclass(frozen=True)
class AckReport:
    acknowledged: int
    already: int
    refused: list[dict[str, Any]]


def _credential_key(store: Store) -> str:
    return b.credential_hash(b.secret_of(load_enrollment(store).credential))


def export_bundle(store: Store, out: Path, *, operator: str = BUNDLE_OPERATOR) -> ExportReport:
    """Writes every unacknowledged, sealed application and the audit chain the server lacks.

    Applications still in clear (queued before the server's key was known and not sealable
    yet) never go on a stick: they are counted in `not_sealed` and wait for a network sync.

    Raises:
        NotEnrolled: without a credential nothing can be signed for the server.
        StorageError / BundleError: the file could not be written (full stick, read-only).
    """
    enrollment = load_enrollment(store)
    signed = is_registered(store)
    if store.state.seal_key() is not None:
        seal_pending(store.core, store.audit)
    items = store.outbox.unacknowledged()
    sealed = [item for item in items if item.seal_key_id is not None]
    store.audit.record(
        "bundle_export", operator=operator, detail=f"{len(sealed)} applications to {out.name}"
    )
    server_head = store.state.get(ms.AUDIT_SERVER_HEAD)
    after = int(server_head.partition(":")[0]) if server_head else 0
    audit_entries: list[dict[str, Any]] = []
    while True:
        batch = store.audit.after(after, 5000)
        if not batch:
            break
        audit_entries.extend(batch)
        after = int(batch[-1]["seq"])
    manifests = [application_manifest(store, item) for item in sealed]
    files: dict[str, int] = {}
    for item in sealed:
        for attachment in item.attachments:
            files[attachment.sha256] = attachment.size
    audit_bytes = canonical_json(audit_entries).encode("utf-8") if audit_entries else b""
    manifest = b.BundleManifest(
        format=b.BUNDLE_FORMAT if signed else b.MAC_BUNDLE_FORMAT,
        bundle_id=uuid.uuid4(),
        device_id=uuid.UUID(enrollment.device_id),
        office_code=enrollment.office_code,
        created_at=utcnow(),
        applications=manifests,
        files=[b.BundleFile(sha256=sha, size=size) for sha, size in files.items()],
        audit=(
            b.BundleAudit(
                first_seq=int(audit_entries[0]["seq"]),
                last_seq=int(audit_entries[-1]["seq"]),
                sha256=hashlib.sha256(audit_bytes).hexdigest(),
                size=len(audit_bytes),
            )
            if audit_entries
            else None
        ),
    )
    manifest_bytes = canonical_json(manifest.model_dump(mode="json")).encode("utf-8")
    if signed:
        signature = b.sign_manifest(signing_key(store), manifest_bytes)
    else:
        signature = b.bundle_mac(_credential_key(store), b.BUNDLE_LABEL, manifest_bytes)
    _write_zip(store, out, manifest_bytes, signature, files, audit_bytes)
    log.info("bundle %s: %d applications, %d files", manifest.bundle_id, len(sealed), len(files))
    return ExportReport(
        out,
        len(sealed),
        len(files),
        len(audit_entries),
        len(items) - len(sealed),
        _size(out),
        signed,
    )


def _size(path: Path) -> int:
    return path.stat().st_size


def _write_zip(
    store: Store,
    out: Path,
    manifest_bytes: bytes,
    signature: str,
    files: dict[str, int],
    audit_bytes: bytes,
) -> None:
    """Temp file beside `out`, fsynced, then renamed: a pulled stick leaves no half bundle."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".bundle-", suffix=".tmp", dir=out.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_STORED) as archive:
                archive.writestr(b.MANIFEST_MEMBER, manifest_bytes)
                archive.writestr(b.SIGNATURE_MEMBER, signature)
                for sha256 in files:
                    archive.writestr(b.file_member(sha256), store.records.read_attachment(sha256))
                if audit_bytes:
                    archive.writestr(b.AUDIT_MEMBER, audit_bytes)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise BundleError(
            f"Bundel tidak dapat ditulis ke {out}: {exc.strerror}; periksa flashdisk "
            "(penuh? terkunci?) lalu ulangi. Tidak ada data yang hilang.",
            f"The bundle could not be written to {out}: {exc.strerror}; check the USB stick "
            "(full? write-protected?) and try again. No data was lost.",
            code="bundle_write_failed",
        ) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _refuse(message_id: str, message_en: str, code: str = "receipt_invalid") -> BundleError:
    return BundleError(
        message_id + " Tidak ada yang berubah.", message_en + " Nothing changed.", code=code
    )


def read_receipt(store: Store, path: Path) -> b.BundleReceipt:
    """The receipt in `path` if the server wrote it for this device; BundleError otherwise."""
    try:
        raw = json.loads(path.read_bytes())
        receipt_raw = raw["receipt"]
        macs = [str(raw["mac"]), str(raw.get("mac_next", ""))]
    except FileNotFoundError as exc:
        raise _refuse(f"Berkas tanda terima {path} tidak ada.", f"No receipt file {path}.") from exc
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise _refuse(
            "Berkas tanda terima rusak atau bukan tanda terima bundel.",
            "The receipt file is damaged or not a bundle receipt.",
        ) from exc
    data = canonical_json(receipt_raw).encode("utf-8")
    key = _credential_key(store)
    if not any(mac and b.mac_matches(key, b.RECEIPT_LABEL, data, mac) for mac in macs):
        raise _refuse(
            "Tanda terima tidak sah: diubah, atau dibuat untuk perangkat lain (atau sebelum "
            "kredensial perangkat ini diganti; kirim lewat jaringan saja).",
            "The receipt is not genuine: altered, or made for another device (or before this "
            "device's credential was replaced; sync over the network instead).",
        )
    try:
        receipt = b.BundleReceipt.model_validate(receipt_raw)
    except ValidationError as exc:
        raise _refuse("Isi tanda terima tidak dikenal.", "Unknown receipt content.") from exc
    if str(receipt.device_id) != load_enrollment(store).device_id:
        raise _refuse(
            "Tanda terima ini untuk perangkat lain.", "This receipt is for another device."
        )
    return receipt


def acknowledge_receipt(store: Store, path: Path, *, now: datetime | None = None) -> AckReport:
    """Acknowledges what the receipt says the server holds complete, as a sync would."""
    receipt = read_receipt(store, path)
    acknowledged = already = 0
    for entry in receipt.received:
        app_id = str(entry.application_id)
        delivery = store.outbox.delivery(app_id, entry.version)
        if delivery is None:
            continue
        if delivery.acknowledged_at is not None:
            already += 1
            continue
        store.outbox.acknowledge_application(app_id, entry.version)
        _mark_received(store, app_id, entry.version)
        acknowledged += 1
    if receipt.audit_last_seq:
        local = store.audit.after(receipt.audit_last_seq - 1, 1)
        if local and local[0]["hash"] == receipt.audit_last_hash:
            store.state.set(
                ms.AUDIT_SERVER_HEAD, f"{receipt.audit_last_seq}:{receipt.audit_last_hash}"
            )
    store.audit.record(
        "bundle_ack",
        operator=BUNDLE_OPERATOR,
        detail=f"bundle {receipt.bundle_id}: {acknowledged} acknowledged",
    )
    store.state.set(ms.LAST_BUNDLE_ACK, now or utcnow())
    return AckReport(acknowledged, already, [r.model_dump(mode="json") for r in receipt.refused])


def _mark_received(store: Store, app_id: str, version: int) -> None:
    summary = next((s for s in store.records.find_by_id(app_id) if s.version == version), None)
    if summary is None:
        return
    current = Status(summary.status)
    if current is Status.RECEIVED or not can_transition(current, Status.RECEIVED):
        return
    try:
        store.records.transition(app_id, version, Status.RECEIVED, source="server")
    except IllegalTransition:
        return  # another writer moved it meanwhile
