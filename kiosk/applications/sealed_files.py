"""An application's files as the vault keeps them: sealed to the server when its key is known.

After sealing, the device holds each document only as bytes sealed to the district server's
key: a copied data folder, even together with the device key, shows no KK, KTP or selfie.
The applicant's fields travel as one more sealed file (SEALED_FIELDS_DOCUMENT) listing each
document's plaintext SHA-256, so the server can check what it opens.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from kiosk.applications.intake import AttachmentInput, NewApplication, QualityOverride
from kiosk.contract import SEALED_QUALITY_KEY, quality_entry
from kiosk.errors import ApplicationInvalid, StorageError
from kiosk.sealing import (
    SEALED_FIELDS_CONTENT_TYPE,
    SEALED_FIELDS_DOCUMENT,
    CaptureNote,
    SealKey,
    seal,
    seal_context,
)
from kiosk.store.core import StoreCore
from kiosk.store.models import ApplicationRow, AttachmentRow


@dataclass(frozen=True)
class PlainFile:
    """A document in clear, about to be sealed."""

    document: str
    data: bytes
    content_type: str
    override_reason: str | None = None
    capture: CaptureNote | None = None


@dataclass(frozen=True)
class SealedFile:
    """What one attachment row holds: for a sealed file, sha256/size are of the sealed bytes.

    `data` is empty for a file re-used from the version being corrected (already sealed,
    maybe already purged here: the server has it).
    """

    document: str
    sha256: str
    size: int
    content_type: str
    plain_sha256: str
    override_reason: str | None
    data: bytes = b""
    capture: CaptureNote | None = None


def attachment_rows(files: list[SealedFile], *, sealed: bool) -> list[AttachmentRow]:
    """The attachment rows of these files (sealed ones keep their plaintext hash)."""
    return [
        AttachmentRow(
            document_code=f.document,
            sha256=f.sha256,
            size=f.size,
            content_type=f.content_type,
            override_reason=f.override_reason,
            sealed=sealed,
            plain_sha256=f.plain_sha256 if sealed else None,
        )
        for f in files
    ]


def applicant_fields(applicant: Mapping[str, Any]) -> dict[str, str | None]:
    """The applicant as flat protocol fields (nik, no_kk, name, ..., extra_<key>)."""
    fields: dict[str, str | None] = {
        key: (str(applicant[key]) if applicant.get(key) is not None else None)
        for key in ("nik", "no_kk", "name", "birth_date", "sex", "phone")
    }
    for key, value in (applicant.get("extra") or {}).items():
        fields[f"extra_{key}"] = str(value)
    for key, value in (applicant.get("address") or {}).items():
        fields[f"address_{key}"] = str(value)
    return fields


def document_quality(
    files: list[PlainFile] | list[SealedFile], overrides: list[QualityOverride]
) -> dict[str, dict[str, Any]]:
    """Document code -> its quality findings (kiosk.contract.quality_entry), for the reviewer.

    An override audited with this submit gives the failed checks and the approver; a file
    that only has an override reason (a kept document, or one sealed after its submit) gives
    that reason alone.
    """
    found = {o.document: quality_entry(o.failed_checks, o.reason, o.approved_by) for o in overrides}
    for f in files:
        if f.document not in found and f.override_reason:
            found[f.document] = quality_entry((), f.override_reason, None)
    return found


def seal_application(
    key: SealKey,
    application_id: str,
    applicant: Mapping[str, Any],
    new_files: list[PlainFile],
    kept: list[SealedFile],
    overrides: list[QualityOverride] | None = None,
) -> list[SealedFile]:
    """Seals every new file and the applicant's fields; `kept` files pass through unchanged.

    The fields document also carries each document's quality findings and override
    (document_quality), so the verifier sees them beside the document.
    """
    sealed: list[SealedFile] = []
    for plain in new_files:
        blob = seal(key.public_raw, plain.data, seal_context(application_id, plain.document))
        sealed.append(
            SealedFile(
                document=plain.document,
                sha256=hashlib.sha256(blob).hexdigest(),
                size=len(blob),
                content_type=plain.content_type,
                plain_sha256=hashlib.sha256(plain.data).hexdigest(),
                override_reason=plain.override_reason,
                data=blob,
                capture=plain.capture,
            )
        )
    files = kept + sealed
    quality = document_quality(files, overrides or [])
    documents: dict[str, dict[str, Any]] = {}
    for f in files:
        documents[f.document] = _described(f, quality.get(f.document))
    summary = {"fields": applicant_fields(applicant), "documents": documents}
    body = json.dumps(summary, ensure_ascii=False, sort_keys=True).encode("utf-8")
    blob = seal(key.public_raw, body, seal_context(application_id, SEALED_FIELDS_DOCUMENT))
    fields_file = SealedFile(
        document=SEALED_FIELDS_DOCUMENT,
        sha256=hashlib.sha256(blob).hexdigest(),
        size=len(blob),
        content_type=SEALED_FIELDS_CONTENT_TYPE,
        plain_sha256=hashlib.sha256(body).hexdigest(),
        override_reason=None,
        data=blob,
    )
    return [*files, fields_file]


def _described(file: SealedFile, quality: dict[str, Any] | None) -> dict[str, Any]:
    """One document as the sealed fields describe it to the server: its hash, its quality
    findings, and how its corners were set with the checks it failed (the same findings)."""
    entry: dict[str, Any] = {"sha256": file.plain_sha256, "content_type": file.content_type}
    if quality is not None:
        entry[SEALED_QUALITY_KEY] = quality
    if file.capture is not None:
        failed = quality["failed_checks"] if quality is not None else ()
        entry["capture"] = file.capture.to_json(failed)
    return entry


def write_attachment_files(
    core: StoreCore,
    new: NewApplication,
    app_uuid: str,
    attachments: list[AttachmentInput],
    seal_key: SealKey | None,
) -> list[SealedFile]:
    """Writes the files into the vault (each durable on its own), sealed to the server when
    its key is known; returns what the attachment rows must say about them."""
    kept = _kept_sealed(core, new, [a for a in attachments if a.sealed_ref is not None])
    fresh = [a for a in attachments if a.sealed_ref is None]
    if seal_key is None:
        if kept:
            raise StorageError(
                "Dokumen lama tersegel tetapi kunci server tidak ada; hubungi petugas TI",
                "Kept documents are sealed but the server key is missing; call IT support",
                code="seal_key_missing",
            )
        return [
            SealedFile(
                a.document,
                core.vault.put(a.data),
                len(a.data),
                a.content_type,
                "",
                a.override_reason,
            )
            for a in fresh
        ]
    files = seal_application(
        seal_key,
        app_uuid,
        new.applicant.as_payload(),
        [
            PlainFile(a.document, a.data, a.content_type, a.override_reason, a.capture)
            for a in fresh
        ],
        kept,
        new.overrides,
    )
    for f in files:
        if f.data:
            core.vault.put(f.data)
    return files


def _kept_sealed(
    core: StoreCore, new: NewApplication, refs: list[AttachmentInput]
) -> list[SealedFile]:
    """The rejected version's sealed files a correction re-uses, as that version has them."""
    if not refs:
        return []
    if new.revision_of is None:
        raise ApplicationInvalid(
            [
                {
                    "code": "sealed_ref_without_revision",
                    "message": "Dokumen tersegel hanya bisa dipakai lagi untuk perbaikan",
                    "message_en": "A sealed document can only be re-used by a correction",
                }
            ]
        )
    parent_uuid, parent_version = new.revision_of
    with core.read_session() as session:
        rows = {
            row.sha256: row
            for row in session.scalars(
                select(AttachmentRow)
                .join(ApplicationRow)
                .where(
                    ApplicationRow.uuid == parent_uuid,
                    ApplicationRow.version == parent_version,
                    AttachmentRow.sealed.is_(True),
                )
            )
        }
    kept = []
    for ref in refs:
        row = rows.get(ref.sealed_ref or "")
        if row is None or row.document_code != ref.document:
            raise ApplicationInvalid(
                [
                    {
                        "code": "sealed_ref_unknown",
                        "message": f"Dokumen lama '{ref.document}' tidak ditemukan",
                        "message_en": f"The kept document '{ref.document}' was not found",
                    }
                ]
            )
        kept.append(
            SealedFile(
                row.document_code,
                row.sha256,
                row.size,
                row.content_type,
                row.plain_sha256 or "",
                row.override_reason,
            )
        )
    return kept
