"""Two-phase intake over HTTP: upsert by (id, version), resumable verified attachments.

The assertions follow INVARIANT 2: `received` exactly when every attachment is stored and
hash-identical, never before, and never two copies of one application version.
"""

from __future__ import annotations

import hashlib

import pytest

from sync import protocol as P

from .builders import (
    OTHER_OFFICE,
    Application,
    Kiosk,
    documents,
    put_chunk,
    put_manifest,
    submit,
    upload,
)
from .conftest import Harness


@pytest.fixture(params=["local", "s3"])
def storage_backend(request: pytest.FixtureRequest) -> str:
    """Every intake test runs on the local disk and on S3 (a real SeaweedFS)."""
    return str(request.param)


def stored_sha256(server: Harness, sha: str) -> str:
    with server.storage.open_blob(sha) as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def feed(server: Harness, kiosk: Kiosk) -> list[dict[str, object]]:
    response = server.client.get(P.CHANGES_PATH, headers=kiosk.headers)
    assert response.status_code == 200
    return response.json()["entries"]


def test_a_complete_upload_is_received_with_identical_files(server: Harness, kiosk: Kiosk) -> None:
    app = Application(documents(2_500_000, 30_000, 1))
    response = put_manifest(server.client, kiosk, app)
    assert response.status_code == 201
    status = P.UploadStatus.model_validate(response.json())
    assert status.application_id == app.application_id
    assert status.status == "incomplete"
    assert [(m.sha256, m.offset) for m in status.missing] == [(d.sha256, 0) for d in app.docs]

    for doc in app.docs:
        last = upload(server.client, kiosk, app, doc)
    assert last.json()["application_status"] == "received"
    final = server.client.get(app.path, headers=kiosk.headers).json()
    assert final["status"] == "received"
    assert final["missing"] == []
    assert final["received_at"] is not None
    for doc in app.docs:
        assert stored_sha256(server, doc.sha256) == doc.sha256
    assert [e["status"] for e in feed(server, kiosk)] == ["received"]
    assert server.scalar("SELECT count(*) FROM applications") == 1


def test_an_application_is_not_received_while_any_attachment_is_missing(
    server: Harness, kiosk: Kiosk
) -> None:
    app = Application(documents(1000, 2000, 3000))
    put_manifest(server.client, kiosk, app)
    upload(server.client, kiosk, app, app.docs[0])
    upload(server.client, kiosk, app, app.docs[2])
    put_chunk(server.client, kiosk, app, app.docs[1], 0, 1998)  # all but the last byte
    status = server.client.get(app.path, headers=kiosk.headers).json()
    assert status["status"] == "incomplete"
    assert status["missing"] == [
        {"document_code": "ktp-el", "sha256": app.docs[1].sha256, "size": 2000, "offset": 1999}
    ]
    assert feed(server, kiosk) == []
    assert server.scalar("SELECT count(*) FROM applications WHERE status = 'received'") == 0
    put_chunk(server.client, kiosk, app, app.docs[1], 1999, 1999)
    assert server.scalar("SELECT count(*) FROM applications WHERE status = 'received'") == 1


def test_the_same_manifest_again_is_a_no_op_with_the_same_body(
    server: Harness, kiosk: Kiosk
) -> None:
    app = Application(documents(100))
    first = put_manifest(server.client, kiosk, app)
    before = server.snapshot()
    second = put_manifest(server.client, kiosk, app)
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json() == first.json()
    assert server.snapshot() == before


def test_different_content_under_the_same_id_and_version_is_a_conflict(
    server: Harness, kiosk: Kiosk
) -> None:
    app = Application(documents(100))
    put_manifest(server.client, kiosk, app)
    before = server.snapshot()
    response = put_manifest(server.client, kiosk, app, fields={"nama": "lain"})
    assert response.status_code == 409
    assert response.json()["code"] == "manifest_conflict"
    assert server.snapshot() == before


def test_the_url_and_the_manifest_must_name_the_same_application(
    server: Harness, kiosk: Kiosk
) -> None:
    app = Application(documents(100))
    other = Application(documents(100))
    response = server.client.put(app.path, json=other.manifest(), headers=kiosk.headers)
    assert response.status_code == 400
    assert server.scalar("SELECT count(*) FROM applications") == 0


def test_an_interrupted_upload_resumes_from_the_servers_offset(
    server: Harness, kiosk: Kiosk
) -> None:
    doc = documents(3_000_000)[0]
    app = Application([doc])
    put_manifest(server.client, kiosk, app)
    assert put_chunk(server.client, kiosk, app, doc, 0, 999_999).status_code == 200
    # ...the link drops; the kiosk restarts and asks where to go on.
    head = server.client.head(app.attachment_path(doc), headers=kiosk.headers)
    assert head.status_code == 200
    assert head.headers[P.HEADER_UPLOAD_OFFSET] == "1000000"
    assert head.headers[P.HEADER_UPLOAD_LENGTH] == "3000000"
    got = server.client.get(app.attachment_path(doc), headers=kiosk.headers).json()
    assert (got["offset"], got["complete"]) == (1_000_000, False)
    resumed = server.client.get(app.path, headers=kiosk.headers).json()["missing"][0]["offset"]
    last = upload(server.client, kiosk, app, doc, start=resumed)
    assert last.json()["complete"] is True
    assert stored_sha256(server, doc.sha256) == doc.sha256


def test_a_chunk_resent_after_a_lost_answer_is_harmless(server: Harness, kiosk: Kiosk) -> None:
    doc = documents(5000)[0]
    app = Application([doc])
    put_manifest(server.client, kiosk, app)
    put_chunk(server.client, kiosk, app, doc, 0, 2999)
    again = put_chunk(server.client, kiosk, app, doc, 0, 2999)
    assert again.status_code == 200
    assert again.json()["offset"] == 3000
    overlapping = put_chunk(server.client, kiosk, app, doc, 2000, 4999)
    assert overlapping.json() == {**overlapping.json(), "offset": 5000, "complete": True}
    final = put_chunk(server.client, kiosk, app, doc, 4000, 4999)
    assert final.json()["complete"] is True
    assert stored_sha256(server, doc.sha256) == doc.sha256


def test_a_chunk_beyond_the_offset_is_refused_with_the_offset(
    server: Harness, kiosk: Kiosk
) -> None:
    doc = documents(5000)[0]
    app = Application([doc])
    put_manifest(server.client, kiosk, app)
    put_chunk(server.client, kiosk, app, doc, 0, 999)
    before = server.snapshot()
    response = put_chunk(server.client, kiosk, app, doc, 2000, 2999)
    assert response.status_code == 416
    assert response.json()["code"] == "offset_mismatch"
    assert response.headers[P.HEADER_UPLOAD_OFFSET] == "1000"
    assert server.snapshot() == before


def test_a_file_that_does_not_match_its_hash_is_discarded(server: Harness, kiosk: Kiosk) -> None:
    doc = documents(3000)[0]
    app = Application([doc])
    put_manifest(server.client, kiosk, app)
    put_chunk(server.client, kiosk, app, doc, 0, 1999)
    response = put_chunk(server.client, kiosk, app, doc, 2000, 2999, data=b"\0" * 1000)
    assert response.status_code == 422
    assert response.json()["code"] == "hash_mismatch"
    status = server.client.get(app.path, headers=kiosk.headers).json()
    assert (status["status"], status["missing"][0]["offset"]) == ("incomplete", 0)
    assert server.snapshot()["files"] == []  # no partial left, nothing stored
    assert upload(server.client, kiosk, app, doc).json()["application_status"] == "received"


def test_an_application_whose_documents_the_office_holds_is_received_at_once(
    server: Harness, kiosk: Kiosk
) -> None:
    kk = documents(100)[0]
    submit(server.client, kiosk, Application([kk]))
    response = put_manifest(server.client, kiosk, Application([kk]))
    assert response.status_code == 201
    assert response.json()["status"] == "received"


def test_chunks_after_completion_change_nothing(server: Harness, kiosk: Kiosk) -> None:
    doc = documents(100)[0]
    app = Application([doc])
    submit(server.client, kiosk, app)
    before = server.snapshot()
    response = put_chunk(server.client, kiosk, app, doc, 0, 99, data=b"x" * 100)
    assert response.status_code == 200
    assert response.json()["complete"] is True
    assert server.snapshot() == before


def test_a_correction_is_a_new_version_of_a_rejected_application(
    server: Harness, kiosk: Kiosk
) -> None:
    from server.feed import decide

    kk, selfie = documents(4000, 5000)
    first = Application([kk, selfie], number="3171-0002")
    submit(server.client, kiosk, first)
    early = Application([kk], application_id=first.application_id, version=2, number="3171-0002")
    response = put_manifest(server.client, kiosk, early)
    assert response.status_code == 409
    assert response.json()["code"] == "parent_invalid"

    decide(
        server.database,
        first.application_id,
        P.ApplicationStatus.REJECTED,
        reason="Swafoto memakai masker",
        fix="Ulangi swafoto tanpa masker",
        operator_id="verifikator-1",
    )
    new_selfie = documents(6000)[0]
    second = Application(
        [kk, new_selfie], application_id=first.application_id, version=2, number="3171-0002"
    )
    response = put_manifest(server.client, kiosk, second)
    assert response.status_code == 201
    # The unchanged KK is already stored (content-addressed): only the new selfie is missing.
    assert [m["sha256"] for m in response.json()["missing"]] == [new_selfie.sha256]
    assert submit(server.client, kiosk, second)["status"] == "received"
    third = Application([kk], application_id=first.application_id, version=3, number="3171-0002")
    assert put_manifest(server.client, kiosk, third).status_code == 409
    statuses = server.scalar("SELECT count(*) FROM applications")
    assert statuses == 2


def test_other_offices_cannot_see_or_take_over_an_application(
    server: Harness, kiosk: Kiosk
) -> None:
    doc = documents(100)[0]
    app = Application([doc])
    put_manifest(server.client, kiosk, app)
    stranger = server.enroll(office=OTHER_OFFICE)
    before = server.snapshot()
    assert server.client.get(app.path, headers=stranger.headers).status_code == 404
    assert put_chunk(server.client, stranger, app, doc, 0, 99).status_code == 404
    assert server.client.head(app.attachment_path(doc), headers=stranger.headers).status_code == 404
    assert put_manifest(server.client, stranger, app).status_code == 409
    assert server.snapshot() == before


def test_another_device_of_the_same_office_may_finish_an_upload(
    server: Harness, kiosk: Kiosk
) -> None:
    doc = documents(2000)[0]
    app = Application([doc])
    put_manifest(server.client, kiosk, app)
    put_chunk(server.client, kiosk, app, doc, 0, 999)
    replacement = server.enroll(name="loket 1 (dipasang ulang)")
    assert upload(server.client, replacement, app, doc, start=1000).json()["complete"] is True
