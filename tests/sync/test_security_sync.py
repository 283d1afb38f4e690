"""Accounts managed at the district reach the kiosk for offline sign-in, and the kiosk's audit
chain reaches the server, which verifies it."""

from __future__ import annotations

import json

import pytest

from kiosk.accounts import AuthError, Role
from kiosk.store import Store
from sync.engine import SyncEngine
from tests.helpers.applications import ktp_el_hilang
from tests.helpers.processes import ServerProcess
from tests.sync.conftest import OFFICE


def add_server_operator(server: ServerProcess, username: str, password: str) -> None:
    server.cli(
        "operator",
        "add",
        username,
        "--office",
        OFFICE,
        "--name",
        username.title(),
        "--role",
        "petugas",
        "--password-stdin",
        stdin=password + "\n",
    )


def test_server_accounts_sign_in_offline_and_disabling_reaches_the_kiosk(
    engine: SyncEngine, enrolled: Store, server: ServerProcess
) -> None:
    add_server_operator(server, "wayan", "rahasia-wayan")
    engine.run_once()
    operator = enrolled.accounts.authenticate("wayan", "rahasia-wayan")  # no network involved
    assert operator.role is Role.PETUGAS
    server.cli("operator", "disable", "wayan")
    engine.run_once()
    with pytest.raises(AuthError):
        enrolled.accounts.authenticate("wayan", "rahasia-wayan")
    assert "operators_synced" in [e["action"] for e in enrolled.audit.entries()]


def test_the_audit_chain_is_uploaded_and_verified_on_the_server(
    engine: SyncEngine, enrolled: Store, server: ServerProcess
) -> None:
    enrolled.submit(ktp_el_hilang(20))
    first = engine.run_once()
    assert first.audit_uploaded > 0
    again = engine.run_once()
    # Only what is new since the last pass goes up (the pass itself audits its reads).
    assert again.audit_uploaded < first.audit_uploaded
    verify = server.cli("audit", "verify", "--json")
    assert json.loads(verify.stdout)["ok"] is True
