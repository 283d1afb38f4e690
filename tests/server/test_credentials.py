"""Per-device credentials: rotation by the device, forced re-enrollment by an admin."""

from __future__ import annotations

import dataclasses
import json
import uuid
from datetime import timedelta

import pytest

from server.device_admin import revoke_device
from server.enrollment import create_code
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


def forks(server: Harness) -> int:
    return int(
        server.scalar(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'device_suspended_credential_fork'"
        )
    )


def test_a_copied_credential_that_rotates_first_gets_the_device_suspended_not_taken(
    server: Harness,
    kiosk: Kiosk,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    expected_warnings: set[str],
) -> None:
    """Issue 11, point 10: the thief rotates the copy; the real device's next use reveals it."""
    expected_warnings.add("kiosk.server.enrollment")
    thief = rotate(server, kiosk)  # a copy of the secret, rotated before the device does
    assert status(server, thief) == 200
    # Within the grace window a request with the old secret may be the device's own, still
    # in flight from before it switched: refused, nothing suspended.
    assert status(server, kiosk) == 401
    assert forks(server) == 0
    monkeypatch.setattr("server.enrollment.FORK_GRACE", timedelta(0))
    refused = server.client.get(P.AUDIT_HEAD_PATH, headers=kiosk.headers)
    assert (refused.status_code, refused.json()["code"]) == (403, "device_suspended")
    assert refused.json()["detail"].startswith("Perangkat ditangguhkan")
    assert forks(server) == 1
    # Neither party wins: the thief's rotated secret is suspended too, and so is rotating.
    assert status(server, thief) == 403
    assert server.client.post(P.CREDENTIAL_ROTATE_PATH, headers=thief.headers).status_code == 403
    assert status(server, kiosk) == 403
    assert forks(server) == 1  # recorded once
    [listed] = json.loads(cli(server, capsys, "devices", "--json")[1])
    assert listed["suspended_at"] is not None
    # A supervisor clears it by enrolling the device again with a code bound to it.
    code, out, err = cli(server, capsys, "rotate-device", str(kiosk.device_id))
    assert code == 0, err
    mine = {"device_id": str(kiosk.device_id), "code": out.strip(), "device_name": "loket 1"}
    again = server.client.post(P.ENROLL_PATH, json=mine)
    assert again.status_code == 201, again.text
    renewed = dataclasses.replace(kiosk, credential=again.json()["credential"])
    assert status(server, renewed) == 200
    assert (status(server, thief), status(server, kiosk)) == (401, 401)
    assert forks(server) == 1


def test_a_copy_used_after_the_real_device_rotated_suspends_the_device(
    server: Harness,
    kiosk: Kiosk,
    monkeypatch: pytest.MonkeyPatch,
    expected_warnings: set[str],
) -> None:
    expected_warnings.add("kiosk.server.enrollment")
    monkeypatch.setattr("server.enrollment.FORK_GRACE", timedelta(0))
    real = rotate(server, kiosk)
    assert status(server, real) == 200  # the device switched to its new secret
    copy = kiosk  # the secret copied before the rotation
    assert status(server, copy) == 403
    assert forks(server) == 1
    assert status(server, real) == 403
