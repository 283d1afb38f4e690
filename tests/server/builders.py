"""Test data and client-side steps for the server tests: documents, manifests, uploads.

These do what the kiosk's sync engine will do, in the simplest possible way, so the tests
read as the protocol sequence in sync.protocol.sequence.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx

from sync import protocol as P

OFFICE = "51.08.01.2001"
OTHER_OFFICE = "51.08.02.2002"
NIK = "5108014107920001"  # a syntactically plausible NIK that must never reach a log


@dataclass(frozen=True)
class Document:
    code: str
    data: bytes
    content_type: str = "image/jpeg"

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def size(self) -> int:
        return len(self.data)

    def ref(self) -> dict[str, Any]:
        return {
            "document_code": self.code,
            "sha256": self.sha256,
            "size": self.size,
            "content_type": self.content_type,
        }


def documents(*sizes: int, codes: tuple[str, ...] = ("kk", "ktp-el", "f-1.02")) -> list[Document]:
    return [
        Document(codes[i % len(codes)] + ("" if i < len(codes) else f"-{i}"), os.urandom(n))
        for i, n in enumerate(sizes)
    ]


@dataclass(frozen=True)
class Kiosk:
    """An enrolled device as a test sees it: its id and the headers of every request."""

    device_id: uuid.UUID
    credential: str
    office_code: str
    operator: str = "petugas-1"

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.credential}", P.HEADER_OPERATOR: self.operator}


_NUMBERS = itertools.count(1)


@dataclass
class Application:
    docs: list[Document]
    application_id: uuid.UUID = field(default_factory=uuid.uuid4)
    version: int = 1
    number: str = field(default_factory=lambda: f"3171-{next(_NUMBERS):06d}")
    """Unique per application unless a test names one (the server refuses a reused number)."""
    fields: dict[str, Any] = field(default_factory=lambda: {"nik": NIK, "nama": "Ni Luh Putu Ayu"})
    seal_key_id: str | None = None
    """Set for a sealed application: `docs` then hold sealed bytes (sync.protocol, 3e)."""

    def manifest(self, **overrides: Any) -> dict[str, Any]:
        body: dict[str, Any] = {
            "application_id": str(self.application_id),
            "version": self.version,
            "parent_version": self.version - 1 if self.version > 1 else None,
            "number": self.number,
            "service_code": "ktp-el-hilang",
            "submitted_by": "petugas-1",
            "created_at": "2025-03-04T09:15:00+08:00",
            "fields": self.fields,
            "attachments": [d.ref() for d in self.docs],
        }
        if self.seal_key_id is not None:
            body["seal_key_id"] = self.seal_key_id
        body.update(overrides)
        return body

    @property
    def path(self) -> str:
        return P.manifest_path(self.application_id, self.version)

    def attachment_path(self, doc: Document) -> str:
        return P.attachment_path(self.application_id, self.version, doc.sha256)


def put_manifest(
    client: httpx.Client, kiosk: Kiosk, app: Application, **overrides: Any
) -> httpx.Response:
    return client.put(app.path, json=app.manifest(**overrides), headers=kiosk.headers)


def put_chunk(
    client: httpx.Client,
    kiosk: Kiosk,
    app: Application,
    doc: Document,
    start: int,
    end: int,
    data: bytes | None = None,
) -> httpx.Response:
    """Sends bytes start..end (inclusive) of `doc` (or `data` instead, for lying clients)."""
    body = doc.data[start : end + 1] if data is None else data
    headers = {
        **kiosk.headers,
        "Content-Type": P.CHUNK_CONTENT_TYPE,
        P.HEADER_CONTENT_RANGE: P.format_content_range(start, end, doc.size),
    }
    return client.put(app.attachment_path(doc), content=body, headers=headers)


def upload(
    client: httpx.Client,
    kiosk: Kiosk,
    app: Application,
    doc: Document,
    chunk: int = P.MAX_CHUNK_BYTES,
    start: int = 0,
) -> httpx.Response:
    """Uploads `doc` from `start` in chunks; returns the last answer."""
    response: httpx.Response | None = None
    offset = start
    while offset < doc.size:
        end = min(offset + chunk, doc.size) - 1
        response = put_chunk(client, kiosk, app, doc, offset, end)
        assert response.status_code == 200, response.text
        offset = response.json()["offset"]
    assert response is not None
    return response


def submit(client: httpx.Client, kiosk: Kiosk, app: Application) -> dict[str, Any]:
    """Manifest plus every missing attachment; returns the final UploadStatus JSON."""
    response = put_manifest(client, kiosk, app)
    assert response.status_code in (200, 201), response.text
    by_sha = {d.sha256: d for d in app.docs}
    for missing in response.json()["missing"]:
        upload(client, kiosk, app, by_sha[missing["sha256"]], start=missing["offset"])
    final = client.get(app.path, headers=kiosk.headers)
    assert final.status_code == 200
    return final.json()
