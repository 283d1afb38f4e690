"""The applications the ingest benches send, built once for all of them (issue 17).

bench/sync_ingest.py (the herd), bench/ingest_raw.py (its raw baseline, through
bench/ingest_matrix.py) and bench/ingest_roundtrips.py (one after the other) all send
applications of the service ktp-el-perubahan with its three documents, and the bytes of the
one-request upload exactly as the kiosk frames them (sync.client.SyncClient.put_whole:
the manifest's `model_dump_json`, then every attachment).
"""

from __future__ import annotations

import hashlib
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sync import protocol as p  # noqa: E402
from tests.helpers.applications import make_nik  # noqa: E402

DOCUMENTS = ("kk", "ktp-el", "bukti-perubahan")  # the three of ktp-el-perubahan
SERVICE = "ktp-el-perubahan"


def bench_manifest(
    number: str,
    nik_index: int,
    documents: list[tuple[str, bytes]],
    application_id: uuid.UUID | None = None,
) -> p.ApplicationManifest:
    """Version 1 of one clear application naming `documents` (code, bytes)."""
    return p.ApplicationManifest(
        application_id=application_id or uuid.uuid4(),
        version=1,
        number=number,
        service_code=SERVICE,
        submitted_by="petugas1",
        created_at=datetime.now(UTC),
        fields={"nik": make_nik(nik_index), "name": "WARGA UJI", "phone": "081234567890"},
        attachments=[
            p.AttachmentRef(
                document_code=code,
                sha256=hashlib.sha256(data).hexdigest(),
                size=len(data),
                content_type="image/jpeg",
            )
            for code, data in documents
        ],
    )


def manifest_json(manifest: p.ApplicationManifest) -> dict[str, Any]:
    """The manifest as the JSON body of the two-phase path's PUT."""
    return manifest.model_dump(mode="json")


def whole_body(manifest: p.ApplicationManifest, documents: list[tuple[str, bytes]]) -> bytes:
    """The one-request body, byte for byte what the kiosk sends for this application."""
    parts = [
        (ref.sha256, data) for ref, (_, data) in zip(manifest.attachments, documents, strict=True)
    ]
    return b"".join(p.encode_whole(manifest.model_dump_json().encode(), parts))
