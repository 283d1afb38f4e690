"""The whole application in one request (sync.protocol.whole): every answer of the route.

Each case runs on SQLite and PostgreSQL, on the local disk and on S3 (a real SeaweedFS).
"Nothing kept" is checked with the harness's snapshot: every row and every stored file.
"""

from __future__ import annotations

import json
import struct
import threading
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from sync import protocol as P

from .builders import Application, Document, Kiosk, documents, submit, upload
from .conftest import Harness
from .test_sealed_applications import count, make_key, plain_documents, sealed_application


@pytest.fixture(params=["local", "s3"])
def storage_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def frame(app: Application, docs: list[Document] | None = None, **overrides: Any) -> bytes:
    manifest = json.dumps(app.manifest(**overrides)).encode()
    sent = app.docs if docs is None else docs
    return b"".join(P.encode_whole(manifest, [(d.sha256, d.data) for d in sent]))


def put_whole(
    client: httpx.Client, kiosk: Kiosk, app: Application, body: bytes, **headers: str
) -> httpx.Response:
    return client.put(
        P.whole_path(app.application_id, app.version),
        content=body,
        headers={**kiosk.headers, "Content-Type": P.WHOLE_CONTENT_TYPE, **headers},
    )


def test_one_request_makes_the_application_received(server: Harness, kiosk: Kiosk) -> None:
    app = Application(documents(200_000, 150_000, 300_000))
    response = put_whole(server.client, kiosk, app, frame(app))
    assert response.status_code == 201, response.text
    status = P.UploadStatus.model_validate(response.json())
    assert (status.application_id, status.status, status.missing) == (
        app.application_id,
        "received",
        [],
    )
    for doc in app.docs:
        with server.storage.open_blob(doc.sha256) as handle:
            assert handle.read() == doc.data
    entries = server.client.get(P.CHANGES_PATH, headers=kiosk.headers).json()["entries"]
    assert [(e["application_id"], e["status"]) for e in entries] == [
        (str(app.application_id), "received")
    ]
    assert count(server, "attachment_stored") == 3
    assert count(server, "application_received") == 1


def test_a_retry_after_a_lost_answer_is_a_no_op(server: Harness, kiosk: Kiosk) -> None:
    app = Application(documents(20_000, 30_000))
    assert put_whole(server.client, kiosk, app, frame(app)).status_code == 201
    before = server.snapshot()
    again = put_whole(server.client, kiosk, app, frame(app))
    assert again.status_code == 200, again.text
    assert again.json()["status"] == "received"
    assert server.snapshot() == before


def count_transactions(server: Harness, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The read sessions and write transactions the server opens from now on, in order."""
    opened: list[str] = []

    def counted(kind: str) -> Callable[[], Any]:
        real = getattr(server.database, kind)

        def opening() -> Any:
            opened.append(kind)
            return real()

        return opening

    for kind in ("read", "write"):
        monkeypatch.setattr(server.database, kind, counted(kind))
    return opened


def test_a_new_application_takes_one_transaction(
    server: Harness, kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its checks (conflict, parent, number) run inside the one write, before the blobs are
    written: no read beforehand to make them twice."""
    app = Application(documents(20_000, 30_000))
    opened = count_transactions(server, monkeypatch)
    assert put_whole(server.client, kiosk, app, frame(app)).status_code == 201
    assert opened == ["write"]


def test_an_exact_replay_is_answered_from_one_read(
    server: Harness, kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One transaction, whose first read finds the received version: no second read or
    transaction, and no blob written again."""
    app = Application(documents(20_000, 30_000))
    first = put_whole(server.client, kiosk, app, frame(app))
    assert first.status_code == 201
    opened = count_transactions(server, monkeypatch)
    stored: list[str] = []
    storage_class = type(server.storage)
    real_store = storage_class.store_blob

    def store_blob(self: Any, sha256: str, data: Any) -> None:
        stored.append(sha256)
        real_store(self, sha256, data)

    monkeypatch.setattr(storage_class, "store_blob", store_blob)
    again = put_whole(server.client, kiosk, app, frame(app))
    assert again.status_code == 200, again.text
    assert again.json() == first.json()
    assert len(opened) == 1
    assert stored == []


def test_the_same_content_by_the_chunked_path_first_is_completed(
    server: Harness, kiosk: Kiosk
) -> None:
    app = Application(documents(20_000, 30_000))
    manifest = server.client.put(app.path, json=app.manifest(), headers=kiosk.headers)
    assert manifest.status_code == 201
    upload(server.client, kiosk, app, app.docs[0])
    response = put_whole(server.client, kiosk, app, frame(app, [app.docs[1]]))
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "received"
    assert count(server, "application_received") == 1


def test_attachments_left_out_are_listed_and_go_by_chunks(server: Harness, kiosk: Kiosk) -> None:
    app = Application(documents(20_000, 30_000, 40_000))
    response = put_whole(server.client, kiosk, app, frame(app, app.docs[:2]))
    assert response.status_code == 201, response.text
    status = P.UploadStatus.model_validate(response.json())
    assert status.status == "incomplete"
    assert [(m.sha256, m.offset) for m in status.missing] == [(app.docs[2].sha256, 0)]
    assert upload(server.client, kiosk, app, app.docs[2]).json()["application_status"] == (
        "received"
    )


def test_different_content_under_the_same_version_is_a_conflict(
    server: Harness, kiosk: Kiosk
) -> None:
    app = Application(documents(20_000))
    submit(server.client, kiosk, app)
    before = server.snapshot()
    other = Application(documents(25_000), application_id=app.application_id, number=app.number)
    response = put_whole(server.client, kiosk, other, frame(other))
    assert (response.status_code, response.json()["code"]) == (409, "manifest_conflict")
    assert server.snapshot() == before


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"service_code": "no-such-service"}, "manifest_refused"),
        ({"version": 2, "parent_version": 1}, "parent_invalid"),
    ],
)
def test_a_refused_manifest_keeps_nothing(
    server: Harness, kiosk: Kiosk, overrides: dict[str, Any], code: str
) -> None:
    app = Application(documents(20_000), version=overrides.get("version", 1))
    before = server.snapshot()
    response = put_whole(server.client, kiosk, app, frame(app, **overrides))
    assert (response.status_code, response.json()["code"]) == (409, code)
    assert server.snapshot() == before


def test_a_damaged_attachment_keeps_nothing(server: Harness, kiosk: Kiosk) -> None:
    app = Application(documents(20_000, 30_000))
    damaged = Document(app.docs[1].code, b"x" + app.docs[1].data[1:])
    manifest = json.dumps(app.manifest()).encode()
    body = b"".join(
        P.encode_whole(
            manifest, [(app.docs[0].sha256, app.docs[0].data), (app.docs[1].sha256, damaged.data)]
        )
    )
    before = server.snapshot()
    response = put_whole(server.client, kiosk, app, body)
    assert (response.status_code, response.json()["code"]) == (422, "hash_mismatch")
    assert server.snapshot() == before


def test_a_sealed_application_goes_in_one_request(server: Harness, kiosk: Kiosk) -> None:
    app = sealed_application(make_key(server), plain_documents())
    response = put_whole(server.client, kiosk, app, frame(app))
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "received"


def test_a_part_not_sealed_to_the_key_keeps_nothing(server: Harness, kiosk: Kiosk) -> None:
    sealed = sealed_application(make_key(server), plain_documents())
    clear = Document("kk", b"not sealed at all" * 100)
    app = Application(
        [clear, *sealed.docs[1:]],
        application_id=sealed.application_id,
        number=sealed.number,
        fields={},
        seal_key_id=sealed.seal_key_id,
    )
    before = server.snapshot()
    response = put_whole(server.client, kiosk, app, frame(app))
    assert (response.status_code, response.json()["code"]) == (422, "seal_invalid")
    assert server.snapshot() == before


def test_a_body_over_the_limit_is_413(server: Harness, kiosk: Kiosk) -> None:
    app = Application(documents(P.MAX_WHOLE_BODY_BYTES))
    response = put_whole(server.client, kiosk, app, frame(app))
    assert (response.status_code, response.json()["code"]) == (413, "body_too_large")


def _lying_bodies(app: Application) -> dict[str, bytes]:
    manifest = json.dumps(app.manifest()).encode()
    good = frame(app)
    doc = app.docs[0]
    head = struct.pack(">I", len(manifest)) + manifest
    return {
        "empty": b"",
        "garbage": b"\xff" * 3,
        "manifest length beyond the body": struct.pack(">I", 10_000_000) + manifest,
        "manifest length zero": struct.pack(">I", 0) + manifest,
        "truncated part": good[:-10],
        "part length beyond the body": head + bytes.fromhex(doc.sha256) + struct.pack(">I", 2**31),
        "truncated part header": head + bytes.fromhex(doc.sha256)[:20],
        "part named twice": head
        + 2 * (bytes.fromhex(doc.sha256) + struct.pack(">I", doc.size))
        + doc.data,
        "unknown sha": head + b"\x01" * 32 + struct.pack(">I", 5) + b"hello",
        "manifest not json": struct.pack(">I", 5) + b"{{{{{",
        "manifest of another application": b"".join(
            P.encode_whole(
                json.dumps(app.manifest(application_id=str(uuid.uuid4()))).encode(),
                [(doc.sha256, doc.data)],
            )
        ),
    }


@pytest.mark.parametrize(
    "case",
    [
        "empty",
        "garbage",
        "manifest length beyond the body",
        "manifest length zero",
        "truncated part",
        "part length beyond the body",
        "truncated part header",
        "part named twice",
        "unknown sha",
        "manifest not json",
        "manifest of another application",
    ],
)
def test_a_hostile_body_is_a_4xx_and_keeps_nothing(
    server: Harness, kiosk: Kiosk, case: str
) -> None:
    app = Application(documents(20_000))
    before = server.snapshot()
    response = put_whole(server.client, kiosk, app, _lying_bodies(app)[case])
    assert 400 <= response.status_code < 500, response.text
    assert response.json()["code"] in ("invalid_request", "hash_mismatch")
    assert server.snapshot() == before


def test_the_wrong_content_type_is_refused(server: Harness, kiosk: Kiosk) -> None:
    app = Application(documents(20_000))
    response = put_whole(
        server.client, kiosk, app, frame(app), **{"Content-Type": "multipart/form-data"}
    )
    assert (response.status_code, response.json()["code"]) == (400, "invalid_request")


def test_another_office_cannot_complete_with_a_hash_it_does_not_send(
    server: Harness, kiosk: Kiosk
) -> None:
    app = Application(documents(20_000))
    submit(server.client, kiosk, app)
    stranger = server.enroll("51.08.02.2002", "other")
    theirs = Application(list(app.docs))
    response = put_whole(server.client, stranger, theirs, frame(theirs, []))
    assert response.status_code == 201, response.text
    assert [m["sha256"] for m in response.json()["missing"]] == [app.docs[0].sha256]


@pytest.mark.parametrize(
    "database_url", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_a_retention_run_during_the_upload_cannot_delete_its_blob(
    server: Harness, kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    from .test_retention import TO_COLLECTED, advance, retention

    kk = documents(2500)[0]
    old = Application([kk])
    submit(server.client, kiosk, old)
    advance(server, old, *TO_COLLECTED)  # due: retention would delete its blob
    storage_class = type(server.storage)
    real_store = storage_class.store_blob
    runs: list[Any] = []

    def store_then_let_retention_run(self: Any, sha256: str, data: bytes) -> None:
        real_store(self, sha256, data)
        if not runs:  # between the blob's write and the commit that names it
            runner = threading.Thread(target=lambda: runs.append(retention(server, 400)))
            runs.append(runner)
            runner.start()
            runner.join(3.0)

    monkeypatch.setattr(storage_class, "store_blob", store_then_let_retention_run)
    new = Application([kk])
    response = put_whole(server.client, kiosk, new, frame(new))
    assert response.status_code == 201, response.text
    runs[0].join(30)
    report = runs[1]
    assert len(report.erased) == 1
    assert report.kept_shared_blobs == [kk.sha256]
    with server.storage.open_blob(kk.sha256) as handle:
        assert handle.read() == kk.data  # the new application's document is still there
