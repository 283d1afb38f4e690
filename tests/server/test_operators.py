"""Operators are managed on the server and synced to their office's devices."""

from __future__ import annotations

import io
import json
import logging

import pytest
from argon2 import PasswordHasher

from kiosk.accounts import _password_matches as kiosk_password_matches
from server.operators import add_operator
from sync import protocol as P

from .builders import OTHER_OFFICE, Kiosk
from .conftest import Harness
from .security_helpers import cli

PASSWORD = "rahasia-sekali-42"


def add(
    server: Harness,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    username: str,
    *,
    office: str = "51.08.01.2001",
    role: str = "petugas",
    password: str = PASSWORD,
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    return cli(
        server,
        capsys,
        "operator",
        "add",
        username,
        "--office",
        office,
        "--name",
        "Ni Made Sari",
        "--role",
        role,
        "--password-stdin",
    )


def test_operators_added_on_the_server_sign_in_offline_on_their_office_devices(
    server: Harness,
    kiosk: Kiosk,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert add(server, capsys, monkeypatch, "made.sari", role="supervisor")[0] == 0
    assert add(server, capsys, monkeypatch, "orang.lain", office=OTHER_OFFICE)[0] == 0
    response = server.client.get(P.OPERATORS_PATH, headers=kiosk.headers)
    assert response.status_code == 200
    listing = P.OperatorList.model_validate(response.json())
    assert listing.office_code == kiosk.office_code
    assert [(o.username, o.role, o.active, o.version) for o in listing.operators] == [
        ("made.sari", P.OperatorRole.SUPERVISOR, True, 1)
    ]
    stored_hash = listing.operators[0].password_hash
    assert stored_hash.startswith("$argon2id$")
    # What the kiosk does offline with the synced hash:
    assert kiosk_password_matches(stored_hash, PASSWORD)
    assert not kiosk_password_matches(stored_hash, PASSWORD + "x")
    assert not PasswordHasher().check_needs_rehash(stored_hash)


def test_disabling_reaches_devices_and_the_audit(
    server: Harness,
    kiosk: Kiosk,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add(server, capsys, monkeypatch, "made.sari")
    before = server.client.get(P.OPERATORS_PATH, headers=kiosk.headers).json()
    assert cli(server, capsys, "operator", "disable", "made.sari")[0] == 0
    code, out, _ = cli(server, capsys, "operator", "disable", "made.sari")
    assert (code, "already" in out) == (0, True)
    after = server.client.get(P.OPERATORS_PATH, headers=kiosk.headers).json()
    assert after["revision"] != before["revision"]
    assert (after["operators"][0]["active"], after["operators"][0]["version"]) == (False, 2)
    monkeypatch.setattr("sys.stdin", io.StringIO("kata-sandi-baru-99\n"))
    assert cli(server, capsys, "operator", "password", "made.sari", "--password-stdin")[0] == 0
    assert cli(server, capsys, "operator", "enable", "made.sari")[0] == 0
    code, out, _ = cli(server, capsys, "operator", "list", "--json")
    rows = json.loads(out)
    assert [(r["username"], r["active"], r["version"]) for r in rows] == [("made.sari", True, 4)]
    assert "password_hash" not in rows[0]
    details = server.scalar(
        "SELECT COUNT(*) FROM audit_events "
        "WHERE action LIKE 'operator_%' AND operator_id LIKE 'cli%'"
    )
    assert details == 4  # added, disabled, password set, enabled


@pytest.mark.parametrize(
    ("username", "password", "message"),
    [
        ("Ab", PASSWORD, "username"),
        ("../root", PASSWORD, "username"),
        ("made.sari", "pendek", "password"),
        ("made.sari", "x" * 300, "password"),
    ],
)
def test_bad_accounts_are_refused_with_a_reason(
    server: Harness,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    username: str,
    password: str,
    message: str,
) -> None:
    code, _, err = add(server, capsys, monkeypatch, username, password=password)
    assert code == 1
    assert message in err
    assert server.scalar("SELECT COUNT(*) FROM operators") == 0


def test_a_username_is_unique_across_offices(
    server: Harness, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert add(server, capsys, monkeypatch, "made.sari")[0] == 0
    code, _, err = add(server, capsys, monkeypatch, "made.sari", office=OTHER_OFFICE)
    assert (code, "taken" in err) == (1, True)
    assert cli(server, capsys, "operator", "disable", "tidak.ada")[0] == 1


def test_passwords_never_reach_logs_or_output(
    server: Harness,
    kiosk: Kiosk,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    code, out, err = add(server, capsys, monkeypatch, "made.sari")
    assert code == 0
    server.client.get(P.OPERATORS_PATH, headers=kiosk.headers)
    assert PASSWORD not in out + err + caplog.text
    assert "Ni Made Sari" not in caplog.text  # staff names stay out of logs too


def test_without_a_terminal_the_password_must_come_from_stdin(
    server: Harness, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, _, err = cli(
        server,
        capsys,
        "operator",
        "add",
        "made.sari",
        "--office",
        "51.08.01.2001",
        "--name",
        "Sari",
        "--role",
        "admin",
    )
    assert (code, "--password-stdin" in err) == (2, True)


def test_the_list_revision_is_stable_when_nothing_changes(server: Harness, kiosk: Kiosk) -> None:
    add_operator(
        server.database, "made.sari", kiosk.office_code, "Sari", P.OperatorRole.ADMIN, PASSWORD, "t"
    )
    first = server.client.get(P.OPERATORS_PATH, headers=kiosk.headers).json()
    second = server.client.get(P.OPERATORS_PATH, headers=kiosk.headers).json()
    assert first == second
