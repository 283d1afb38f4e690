"""Issue 12: an admin manages users, offices and devices in the browser.

The pages call the same service functions as the CLI; every change needs the CSRF token AND
the admin's own password again, lands in the audit chain under the admin's name, and a
non-admin gets 403. Runs on SQLite and on a real PostgreSQL (the `database_url` fixture).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from server import staff
from sync import protocol as P

from .backoffice_helpers import PASSWORD, Backoffice, csrf_of, make_backoffice
from .builders import OFFICE, OTHER_OFFICE, Kiosk
from .conftest import Harness
from .security_helpers import cli, verify
from .test_sealed_applications import count

NEW_PASSWORD = "sandi-baru-yang-panjang-1"


@pytest.fixture
def bo(server: Harness) -> Iterator[Backoffice]:
    yield from make_backoffice(server)


@pytest.fixture
def admin(bo: Backoffice) -> Backoffice:
    bo.add_user("admin1", role="admin", offices=())
    assert bo.sign_in("admin1").status_code == 303
    return bo


def post(bo: Backoffice, path: str, **data: str) -> Any:
    page = bo.client.get("/backoffice/admin/")
    assert page.status_code == 200
    form = {"csrf_token": csrf_of(page.text), "admin_password": PASSWORD, **data}
    return bo.client.post(path, data=form, follow_redirects=False)


def member(bo: Backoffice, username: str) -> staff.StaffMember:
    with bo.intake.database.read() as session:
        found = staff.get_member(session, username)
    assert found is not None
    return found


def test_an_admin_adds_a_user_who_can_then_sign_in(admin: Backoffice) -> None:
    answer = post(
        admin,
        "/backoffice/admin/users",
        username="wayan",
        name="I Wayan Sudarma",
        role="verifikator",
        offices=f"{OFFICE} {OTHER_OFFICE}",
        password=NEW_PASSWORD,
    )
    assert answer.status_code == 303
    added = member(admin, "wayan")
    assert (added.role, added.offices) == (staff.StaffRole.VERIFIKATOR, {OFFICE, OTHER_OFFICE})
    page = admin.client.get("/backoffice/admin/")
    assert 'data-user="wayan"' in page.text
    assert count(admin.intake, "staff_user_added") == 2  # admin1 (test) and wayan
    assert admin.sign_in("wayan", NEW_PASSWORD).status_code == 303


def test_role_offices_password_and_disable_each_end_the_users_sessions(
    admin: Backoffice, capsys: pytest.CaptureFixture[str]
) -> None:
    admin.add_user("siti")
    post(admin, "/backoffice/admin/users/siti/access", role="supervisor", offices="")
    assert member(admin, "siti").role is staff.StaffRole.SUPERVISOR
    post(admin, "/backoffice/admin/users/siti/password", password=NEW_PASSWORD)
    assert admin.sign_in("siti", PASSWORD).status_code == 401
    assert admin.sign_in("siti", NEW_PASSWORD).status_code == 303
    siti_cookies = dict(admin.client.cookies)
    assert admin.sign_in("admin1").status_code == 303
    post(admin, "/backoffice/admin/users/siti/disable")
    assert not member(admin, "siti").active
    admin.client.cookies.clear()
    admin.client.cookies.update(siti_cookies)
    assert admin.client.get("/backoffice/", follow_redirects=False).status_code == 303
    rows = admin.intake.scalar(
        "SELECT count(*) FROM audit_events WHERE operator_id = 'bo:admin1' AND action IN "
        "('staff_access_changed', 'staff_password_reset', 'staff_user_disabled')"
    )
    assert rows == 3
    assert verify(admin.intake, capsys)[0] == 0


def test_an_admin_lists_offices_and_suspends_revokes_and_enrolls_devices(
    admin: Backoffice, server: Harness
) -> None:
    kiosk = server.enroll(OFFICE, "loket suspend")
    other = server.enroll(OTHER_OFFICE, "loket revoke")
    page = admin.client.get("/backoffice/admin/").text
    assert f'data-office="{OFFICE}"' in page
    assert f'data-office="{OTHER_OFFICE}"' in page
    assert f'data-device="{kiosk.device_id}"' in page
    post(admin, f"/backoffice/admin/devices/{kiosk.device_id}/suspend")
    post(admin, f"/backoffice/admin/devices/{other.device_id}/revoke")
    for device in (kiosk, other):
        refused = server.client.get(P.OPERATORS_PATH, headers=device.headers)
        assert refused.status_code in (401, 403), refused.text
    answer = post(admin, "/backoffice/admin/enrollment-codes", office=OFFICE)
    assert answer.status_code == 200
    found = re.search(r'class="code">([^<]+)<', answer.text)
    assert found
    assert answer.headers["cache-control"] == "no-store"
    enrolled = server.client.post(
        P.ENROLL_PATH,
        json={
            "device_id": "6f1c3f0e-1111-4222-8333-444455556666",
            "code": found.group(1),
            "device_name": "loket baru",
        },
    )
    assert enrolled.status_code == 201, enrolled.text
    for action in ("device_suspended", "device_revoked", "enrollment_code_created"):
        assert (
            admin.intake.scalar(
                f"SELECT count(*) FROM audit_events WHERE action = '{action}' "
                "AND operator_id = 'bo:admin1'"
            )
            == 1
        ), action


def test_no_csrf_token_or_a_wrong_password_changes_nothing(admin: Backoffice) -> None:
    admin.add_user("siti")
    before = admin.intake.snapshot()
    no_csrf = admin.client.post(
        "/backoffice/admin/users/siti/disable", data={"admin_password": PASSWORD}
    )
    assert no_csrf.status_code == 403
    wrong = post(admin, "/backoffice/admin/users/siti/disable", admin_password="salah-sekali")
    assert wrong.status_code == 403
    assert '<a href="/backoffice/admin/">Kembali ke Pengelolaan' in wrong.text  # finding 12
    assert member(admin, "siti").active
    after = admin.intake.snapshot()
    assert {k: v for k, v in after.items() if k != "staff_sessions"} == {
        k: v for k, v in before.items() if k != "staff_sessions"
    }


def test_only_an_admin_reaches_the_admin_pages(bo: Backoffice) -> None:
    bo.add_user("super1", role="supervisor", offices=())
    bo.sign_in("super1")
    assert bo.client.get("/backoffice/admin/").status_code == 403
    assert "admin-link" not in bo.client.get("/backoffice/").text
    answer = post_as_non_admin(bo)
    assert answer.status_code == 403
    assert member(bo, "super1").active
    bo.client.cookies.clear()
    assert bo.client.get("/backoffice/admin/", follow_redirects=False).status_code == 303


def post_as_non_admin(bo: Backoffice) -> Any:
    token = csrf_of(bo.client.get("/backoffice/").text)
    return bo.client.post(
        "/backoffice/admin/users/super1/disable",
        data={"csrf_token": token, "admin_password": PASSWORD},
    )


def test_the_cli_uses_the_same_functions(
    bo: Backoffice, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    bo.add_user("siti")
    monkeypatch.setattr("sys.stdin", io.StringIO(NEW_PASSWORD + "\n"))
    assert cli(bo.intake, capsys, "user", "reset-password", "siti", "--password-stdin")[0] == 0
    code, _, err = cli(
        bo.intake,
        capsys,
        "user",
        "set-access",
        "siti",
        "--role",
        "verifikator",
        "--office",
        OTHER_OFFICE,
    )
    assert code == 0, err
    assert member(bo, "siti").offices == {OTHER_OFFICE}
    assert bo.sign_in("siti", NEW_PASSWORD).status_code == 303


def test_the_cli_suspends_a_device(
    server: Harness, kiosk: Kiosk, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(server, capsys, "suspend-device", str(kiosk.device_id))[0] == 0
    assert server.client.get(P.OPERATORS_PATH, headers=kiosk.headers).status_code in (401, 403)
    assert count(server, "device_suspended") == 1


def test_an_enrollment_code_for_an_office_that_does_not_exist_is_refused(
    admin: Backoffice,
) -> None:
    """Finding 11: `99.99.99` has the shape of an office code but no such region exists."""
    answer = post(admin, "/backoffice/admin/enrollment-codes", office="99.99.99")
    assert answer.status_code == 400
    assert "tidak ada dalam data wilayah" in answer.text
    assert 'data-office="99.99.99"' not in admin.client.get("/backoffice/admin/").text
