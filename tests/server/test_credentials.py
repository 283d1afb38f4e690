"""Per-device credentials: rotation by the device, forced re-enrollment by an admin."""

from __future__ import annotations

import dataclasses
import uuid

import pytest

from server.enrollment import create_code, revoke_device
from sync import protocol as P

from .builders import OTHER_OFFICE, Application, Kiosk, documents, submit
from .conftest import Harness
from .security_helpers import cli


def rotate(server: Harness, kiosk: Kiosk) -> Kiosk:
    response = server.client.post(P.CREDENTIAL_ROTATE_PATH, headers=kiosk.headers)
    assert response.status_code == 200, response.text
    body = P.CredentialRotation.model_validate(response.json())
    assert body.device_id == kiosk.device_id
    assert body.credential != kiosk.credential
    return dataclasses.replace(kiosk, credential=body.credential)


def status(server: Harness, kiosk: Kiosk) -> int:
    return server.client.get(P.AUDIT_HEAD_PATH, headers=kiosk.headers).status_code


def test_a_rotated_credential_replaces_the_old_one_at_its_first_use(
    server: Harness, kiosk: Kiosk
) -> None:
    new = rotate(server, kiosk)
    assert status(server, kiosk) == 200  # the answer may have been lost: old still works
    assert status(server, new) == 200  # first use of the new one...
    assert status(server, kiosk) == 401  # ...ends the old one
    assert status(server, new) == 200
    actions = server.scalar(
        "SELECT COUNT(*) FROM audit_events "
        "WHERE action IN ('credential_rotation_issued', 'credential_rotated')"
    )
    assert actions == 2


def test_a_lost_rotation_answer_is_healed_by_rotating_again(server: Harness, kiosk: Kiosk) -> None:
    lost = rotate(server, kiosk)
    kept = rotate(server, kiosk)
    assert status(server, lost) == 401  # replaced before it was ever used
    assert status(server, kept) == 200
    assert status(server, kiosk) == 401


def test_the_original_enrollment_code_cannot_resurrect_a_rotated_credential(
    server: Harness,
) -> None:
    code = create_code(server.database, "51.08.01.2001", 72, "test")
    body = {"device_id": str(uuid.uuid4()), "code": code, "device_name": "loket"}
    first = server.client.post(P.ENROLL_PATH, json=body)
    kiosk = Kiosk(uuid.UUID(body["device_id"]), first.json()["credential"], "51.08.01.2001")
    assert server.client.post(P.ENROLL_PATH, json=body).status_code == 200  # replay, same
    new = rotate(server, kiosk)
    assert status(server, new) == 200
    replay = server.client.post(P.ENROLL_PATH, json=body)
    assert (replay.status_code, replay.json()["code"]) == (403, "enrollment_refused")


def test_rotate_device_forces_reenrollment_with_a_code_for_that_device_only(
    server: Harness, kiosk: Kiosk, capsys: pytest.CaptureFixture[str]
) -> None:
    app = Application(documents(10))
    submit(server.client, kiosk, app)
    code, out, err = cli(server, capsys, "rotate-device", str(kiosk.device_id))
    assert code == 0, err
    new_code = out.strip()
    assert status(server, kiosk) == 401
    stranger = {"device_id": str(uuid.uuid4()), "code": new_code, "device_name": "pencuri"}
    refused = server.client.post(P.ENROLL_PATH, json=stranger)
    assert (refused.status_code, refused.json()["code"]) == (403, "enrollment_refused")
    mine = {"device_id": str(kiosk.device_id), "code": new_code, "device_name": "loket 1"}
    again = server.client.post(P.ENROLL_PATH, json=mine)
    assert again.status_code == 201, again.text
    assert again.json()["office_code"] == kiosk.office_code
    renewed = dataclasses.replace(kiosk, credential=again.json()["credential"])
    assert server.client.post(P.ENROLL_PATH, json=mine).json() == again.json()  # replay
    # Same device id: its applications are still its own.
    assert server.client.get(app.path, headers=renewed.headers).status_code == 200
    listed = cli(server, capsys, "devices", "--json")[1]
    assert '"must_reenroll": false' in listed


def test_rotate_device_refuses_unknown_revoked_and_malformed_ids(
    server: Harness, kiosk: Kiosk, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(server, capsys, "rotate-device", "bukan-uuid")[0] == 2
    assert cli(server, capsys, "rotate-device", str(uuid.uuid4()))[0] == 1
    revoke_device(server.database, kiosk.device_id, "admin")
    assert cli(server, capsys, "rotate-device", str(kiosk.device_id))[0] == 1
    assert server.client.post(P.CREDENTIAL_ROTATE_PATH, headers=kiosk.headers).status_code == 403


def test_an_ordinary_code_cannot_take_over_an_enrolled_device_id(
    server: Harness, kiosk: Kiosk
) -> None:
    code = create_code(server.database, OTHER_OFFICE, 72, "test")
    body = {"device_id": str(kiosk.device_id), "code": code, "device_name": "x"}
    response = server.client.post(P.ENROLL_PATH, json=body)
    assert (response.status_code, response.json()["code"]) == (409, "device_exists")
    assert status(server, kiosk) == 200
