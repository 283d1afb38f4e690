"""Manifests no kiosk would send are refused, and change nothing (issue 11, point 12).

The probe: an unknown service with zero attachments became "received"; another
application's number was accepted again; `text/html` and `application/x-msdownload`
attachments were accepted; another device of the same office submitted version 2 of an
application it does not hold, taking the slot of the real correction.
"""

from __future__ import annotations

import pytest

from server.feed import decide
from sync import protocol as P

from .builders import Application, Document, Kiosk, documents, put_manifest, submit
from .conftest import Harness


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"service_code": "layanan-palsu"}, "manifest_refused"),
        ({"attachments": []}, "manifest_refused"),
        ({"service_code": "layanan-palsu", "attachments": []}, "manifest_refused"),
    ],
    ids=["unknown service", "no attachments", "both"],
)
def test_a_manifest_without_a_real_service_or_documents_is_refused(
    server: Harness, kiosk: Kiosk, overrides: dict[str, object], code: str
) -> None:
    before = server.snapshot()
    answer = put_manifest(server.client, kiosk, Application(documents(100)), **overrides)
    assert answer.status_code == 409, answer.text
    assert answer.json()["code"] == code
    assert server.snapshot() == before


@pytest.mark.parametrize(
    "content_type", ["text/html", "application/x-msdownload", "application/octet-stream"]
)
def test_attachments_of_types_a_kiosk_never_captures_are_refused(
    server: Harness, kiosk: Kiosk, content_type: str
) -> None:
    doc = Document("kk", b"<html>not a scan</html>", content_type=content_type)
    before = server.snapshot()
    answer = put_manifest(server.client, kiosk, Application([doc]))
    assert answer.status_code == 409, answer.text
    assert content_type in answer.json()["detail"]
    assert server.snapshot() == before


@pytest.mark.parametrize("content_type", ["image/jpeg", "image/png", "application/pdf"])
def test_what_a_kiosk_captures_is_accepted(
    server: Harness, kiosk: Kiosk, content_type: str
) -> None:
    doc = Document("kk", b"scan" * 100, content_type=content_type)
    assert put_manifest(server.client, kiosk, Application([doc])).status_code == 201


def test_another_applications_number_is_refused(server: Harness, kiosk: Kiosk) -> None:
    put_manifest(server.client, kiosk, Application(documents(100), number="3171-0007"))
    before = server.snapshot()
    answer = put_manifest(server.client, kiosk, Application(documents(100), number="3171-0007"))
    assert answer.status_code == 409, answer.text
    assert answer.json()["code"] == "manifest_conflict"
    assert server.snapshot() == before


def test_only_the_device_that_sent_an_application_may_correct_it(
    server: Harness, kiosk: Kiosk
) -> None:
    first = Application(documents(100))
    submit(server.client, kiosk, first)
    decide(
        server.database,
        first.application_id,
        P.ApplicationStatus.REJECTED,
        reason="Foto KK buram",
        fix="Foto ulang KK",
        operator_id="verifikator-1",
    )
    correction = Application(
        documents(120), application_id=first.application_id, version=2, number=first.number
    )
    colleague = server.enroll(name="loket 2")
    before = server.snapshot()

    taken = put_manifest(server.client, colleague, correction)

    assert taken.status_code == 409, taken.text
    assert taken.json()["code"] == "parent_invalid"
    assert server.snapshot() == before
    assert put_manifest(server.client, kiosk, correction).status_code == 201
