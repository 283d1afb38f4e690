"""Accounts managed at the district reach the kiosk for offline sign-in, and the kiosk's audit
chain reaches the server, which verifies it."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from kiosk.accounts import AuthError, Role
from kiosk.local_store import Store
from kiosk.store.clock import utcnow
from sync.client import SyncClient
from sync.engine import SyncEngine
from sync.enrollment import load_enrollment, rotate_credential
from sync.errors import SyncError
from sync.pass_lock import PassLock
from sync.scheduler import SyncScheduler
from tests.helpers.applications import ktp_el_hilang
from tests.helpers.faultproxy import FaultProxy
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
    enrolled.submission.submit(ktp_el_hilang(20))
    first = engine.run_once()
    assert first.audit_uploaded > 0
    again = engine.run_once()
    # Only what is new since the last pass goes up (the pass itself audits its reads).
    assert again.audit_uploaded < first.audit_uploaded
    verify = server.cli("audit", "verify", "--json")
    assert json.loads(verify.stdout)["ok"] is True


def test_a_rotated_credential_retires_the_old_one_and_sync_goes_on(
    engine: SyncEngine, enrolled: Store, proxy: FaultProxy
) -> None:
    engine.run_once()  # the engine now holds a client with the first credential
    old = load_enrollment(enrolled).credential
    rotate_credential(enrolled)
    new = load_enrollment(enrolled).credential
    assert new != old
    stale = SyncClient(proxy.url, credential=old)
    with pytest.raises(SyncError) as refused:
        stale.audit_head()
    stale.close()
    assert refused.value.status == 401
    enrolled.submission.submit(ktp_el_hilang(9))
    report = engine.run_once()
    assert (report.acknowledged, report.device_problem) == (1, None)
    assert "credential_rotated" in [e["action"] for e in enrolled.audit.entries()]


def test_no_rotation_while_a_pass_runs(enrolled: Store, proxy: FaultProxy) -> None:
    """A pass still sending the old secret after the switch would look like a copy (the
    server suspends a device whose superseded secret comes back)."""
    first = load_enrollment(enrolled).credential
    running = PassLock(enrolled.data_dir / "sync.lock")
    assert running.acquire()
    try:
        with pytest.raises(SyncError) as busy:
            rotate_credential(enrolled)
        assert busy.value.code == "sync_busy"
        assert load_enrollment(enrolled).credential == first
    finally:
        running.release()
    rotate_credential(enrolled)
    assert load_enrollment(enrolled).credential != first


def test_the_scheduler_rotates_when_the_credential_is_old_enough(
    enrolled: Store, proxy: FaultProxy
) -> None:
    scheduler = SyncScheduler(enrolled, credential_rotation_days=30)
    first = load_enrollment(enrolled).credential
    assert not scheduler.rotate_credential_when_due(now=utcnow() + timedelta(days=29))
    assert load_enrollment(enrolled).credential == first
    assert scheduler.rotate_credential_when_due(now=utcnow() + timedelta(days=31))
    assert load_enrollment(enrolled).credential != first
    assert not scheduler.rotate_credential_when_due()  # counted from now again
    proxy.close()  # offline: postponed, nothing lost
    assert not scheduler.rotate_credential_when_due(now=utcnow() + timedelta(days=62))
    SyncScheduler(enrolled, credential_rotation_days=None).rotate_credential_when_due()
