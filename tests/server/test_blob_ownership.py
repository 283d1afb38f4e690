"""A stored blob counts toward an application only when its office uploaded those bytes.

The probe behind issue 11 (point 1): a device of office B named, in its own manifest, the
SHA-256 and size of a KK scan office A had uploaded. The server answered 201 with nothing
missing, the application became "received" without a single byte sent, and the verifier's
`open-attachment` then wrote office A's scan for office B's application. Hashes are not
secrets, so knowing one must never be enough: office B has to send the bytes, and the answer
must look exactly as it would for a hash the server has never seen.
"""

from __future__ import annotations

from .builders import (
    OTHER_OFFICE,
    Application,
    Document,
    Kiosk,
    documents,
    put_chunk,
    put_manifest,
    upload,
)
from .conftest import Harness


def office_a_has_stored(server: Harness, kiosk: Kiosk, doc: Document) -> None:
    """Office A's kiosk sends `doc` whole, for its application 3171-0001."""
    first = Application([doc], number="3171-0001")
    assert put_manifest(server.client, kiosk, first).status_code == 201
    upload(server.client, kiosk, first, doc)


def office_b(server: Harness) -> Kiosk:
    return server.enroll(office=OTHER_OFFICE, name="kantor lain")


def test_another_offices_hash_is_missing_until_its_bytes_are_sent(
    server: Harness, kiosk: Kiosk
) -> None:
    kk = documents(3000)[0]
    office_a_has_stored(server, kiosk, kk)
    stranger = office_b(server)
    theft = Application([kk], number="3172-0001")

    answer = put_manifest(server.client, stranger, theft)

    assert answer.status_code == 201, answer.text
    assert answer.json()["status"] == "incomplete"
    assert [m["offset"] for m in answer.json()["missing"]] == [0]
    progress = server.client.head(theft.attachment_path(kk), headers=stranger.headers)
    assert progress.headers["Upload-Offset"] == "0"


def test_the_answer_for_a_known_hash_matches_the_answer_for_an_unknown_one(
    server: Harness, kiosk: Kiosk
) -> None:
    known, unknown = documents(3000, 3000)
    office_a_has_stored(server, kiosk, known)
    stranger = office_b(server)

    def answer_for(doc_app: Application) -> dict[str, object]:
        body = put_manifest(server.client, stranger, doc_app).json()
        return {"status": body["status"], "offsets": [m["offset"] for m in body["missing"]]}

    assert answer_for(Application([known], number="3172-0001")) == answer_for(
        Application([unknown], number="3172-0002")
    )


def test_a_chunk_naming_another_offices_blob_is_not_taken_as_the_whole_file(
    server: Harness, kiosk: Kiosk
) -> None:
    kk = documents(3000)[0]
    office_a_has_stored(server, kiosk, kk)
    stranger = office_b(server)
    theft = Application([kk], number="3172-0001")
    put_manifest(server.client, stranger, theft)

    first_chunk = put_chunk(server.client, stranger, theft, kk, 0, 99)

    assert first_chunk.status_code == 200, first_chunk.text
    assert first_chunk.json()["complete"] is False
    assert first_chunk.json()["offset"] == 100
    assert server.client.get(theft.path, headers=stranger.headers).json()["status"] == (
        "incomplete"
    )


def test_another_office_that_sends_the_same_bytes_is_received(
    server: Harness, kiosk: Kiosk
) -> None:
    kk = documents(3000)[0]
    office_a_has_stored(server, kiosk, kk)
    stranger = office_b(server)
    same_bytes = Application([kk], number="3172-0001")
    put_manifest(server.client, stranger, same_bytes)

    assert upload(server.client, stranger, same_bytes, kk).json()["complete"] is True
    assert server.client.get(same_bytes.path, headers=stranger.headers).json()["status"] == (
        "received"
    )


def test_the_same_office_still_reuses_a_stored_scan_without_sending_it_again(
    server: Harness, kiosk: Kiosk
) -> None:
    kk = documents(3000)[0]
    office_a_has_stored(server, kiosk, kk)
    colleague = server.enroll(name="loket 2")

    answer = put_manifest(server.client, colleague, Application([kk], number="3171-0002"))

    assert answer.json()["missing"] == []
    assert answer.json()["status"] == "received"
