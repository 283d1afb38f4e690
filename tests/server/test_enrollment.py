"""Enrollment: one-time codes, idempotent retries, per-device credentials, revocation."""

from __future__ import annotations

import re
import stat
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from server.api.app import create_app
from server.device_admin import revoke_device
from server.enrollment import create_code, load_enrollment_key, new_code
from server.models import EnrollmentCode, utc_now
from sync import protocol as P

from .builders import OFFICE, Kiosk
from .conftest import Harness, TestClient


def enroll_body(code: str, device_id: uuid.UUID | None = None) -> dict[str, str]:
    return {"device_id": str(device_id or uuid.uuid4()), "code": code, "device_name": "loket 2"}


def test_new_codes_are_well_formed_and_distinct() -> None:
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(re.match(P.ENROLLMENT_CODE_PATTERN, code) for code in codes)


def test_an_enrolled_device_gets_a_working_credential_for_its_office(server: Harness) -> None:
    code = create_code(server.database, OFFICE, 72, "test")
    device_id = uuid.uuid4()
    response = server.client.post(P.ENROLL_PATH, json=enroll_body(code, device_id))
    assert response.status_code == 201
    body = P.EnrollResponse.model_validate(response.json())
    assert body.device_id == device_id
    assert body.office_code == OFFICE
    assert body.credential.startswith(f"{device_id}.")
    kiosk = Kiosk(device_id, body.credential, OFFICE)
    assert server.client.get(P.CHANGES_PATH, headers=kiosk.headers).status_code == 200


def test_retrying_after_a_lost_answer_returns_the_same_credential(server: Harness) -> None:
    code = create_code(server.database, OFFICE, 72, "test")
    device_id = uuid.uuid4()
    first = server.client.post(P.ENROLL_PATH, json=enroll_body(code, device_id))
    second = server.client.post(P.ENROLL_PATH, json=enroll_body(code, device_id))
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json() == first.json()
    assert server.scalar("SELECT count(*) FROM devices") == 1


def test_a_restarted_server_still_answers_the_replay_identically(server: Harness) -> None:
    code = create_code(server.database, OFFICE, 72, "test")
    device_id = uuid.uuid4()
    first = server.client.post(P.ENROLL_PATH, json=enroll_body(code, device_id))
    with TestClient(create_app(server.settings, server.database)) as restarted:
        again = restarted.post(P.ENROLL_PATH, json=enroll_body(code, device_id))
    assert again.status_code == 200
    assert again.json() == first.json()


def test_a_used_code_is_refused_to_another_device(server: Harness) -> None:
    code = create_code(server.database, OFFICE, 72, "test")
    assert server.client.post(P.ENROLL_PATH, json=enroll_body(code)).status_code == 201
    before = server.snapshot()
    response = server.client.post(P.ENROLL_PATH, json=enroll_body(code))
    assert response.status_code == 403
    assert response.json()["code"] == "enrollment_refused"
    assert server.snapshot() == before


def test_unknown_and_expired_codes_are_refused(server: Harness) -> None:
    assert server.client.post(P.ENROLL_PATH, json=enroll_body(new_code())).status_code == 403
    code = create_code(server.database, OFFICE, 1, "test")
    with server.database.write() as session:
        for row in session.scalars(sa.select(EnrollmentCode)):
            row.expires_at = utc_now() - timedelta(seconds=1)
    response = server.client.post(P.ENROLL_PATH, json=enroll_body(code))
    assert response.status_code == 403
    assert "kedaluwarsa" in response.json()["detail"]


def test_a_device_id_cannot_enroll_twice_with_two_codes(server: Harness, kiosk: Kiosk) -> None:
    code = create_code(server.database, OFFICE, 72, "test")
    response = server.client.post(P.ENROLL_PATH, json=enroll_body(code, kiosk.device_id))
    assert response.status_code == 409
    assert response.json()["code"] == "device_exists"


def test_only_hashes_of_codes_and_secrets_are_stored(server: Harness) -> None:
    code = create_code(server.database, OFFICE, 72, "test")
    response = server.client.post(P.ENROLL_PATH, json=enroll_body(code))
    secret = response.json()["credential"].split(".", 1)[1]
    dump = repr(server.snapshot())
    assert code not in dump
    assert secret not in dump


def test_the_enrollment_key_is_private_and_stable(tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    first = load_enrollment_key(keys)
    assert load_enrollment_key(keys) == first
    mode = (keys / "enrollment.key").stat().st_mode
    assert stat.S_IMODE(mode) == 0o600
    assert list(keys.iterdir()) == [keys / "enrollment.key"]  # no temp files left behind


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "",
        "Bearer",
        "Basic dXNlcjpwYXNz",
        "Bearer not-a-uuid.secret",
        f"Bearer {uuid.uuid4()}.{'x' * 43}",
        f"Bearer {uuid.uuid4()}",
    ],
)
def test_requests_without_a_valid_credential_get_401(
    server: Harness, kiosk: Kiosk, authorization: str | None
) -> None:
    headers = {P.HEADER_OPERATOR: "petugas-1"}
    if authorization is not None:
        headers["Authorization"] = authorization
    response = server.client.get(P.CHANGES_PATH, headers=headers)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_a_wrong_secret_for_a_real_device_gets_401(server: Harness, kiosk: Kiosk) -> None:
    forged = Kiosk(kiosk.device_id, f"{kiosk.device_id}.{'A' * 43}", OFFICE)
    assert server.client.get(P.CHANGES_PATH, headers=forged.headers).status_code == 401


@pytest.mark.parametrize("operator", [None, "", "a b", "../x", "x" * 65, "nik:5108014107920001\n"])
def test_the_operator_header_is_required_and_strict(
    server: Harness, kiosk: Kiosk, operator: str | None
) -> None:
    headers = {"Authorization": kiosk.headers["Authorization"]}
    if operator is not None:
        headers[P.HEADER_OPERATOR] = operator
    response = server.client.get(P.CHANGES_PATH, headers=headers)
    assert response.status_code == 400
    assert P.HEADER_OPERATOR in response.json()["detail"]


def test_a_revoked_device_is_refused_everywhere(server: Harness) -> None:
    code = create_code(server.database, OFFICE, 72, "test")
    device_id = uuid.uuid4()
    body = enroll_body(code, device_id)
    kiosk = Kiosk(
        device_id, server.client.post(P.ENROLL_PATH, json=body).json()["credential"], OFFICE
    )
    revoke_device(server.database, device_id, "admin")
    response = server.client.get(P.CHANGES_PATH, headers=kiosk.headers)
    assert response.status_code == 403
    assert response.json()["code"] == "device_revoked"
    assert server.client.post(P.ENROLL_PATH, json=body).status_code == 403
    assert revoke_device(server.database, device_id, "admin") is not None  # idempotent
