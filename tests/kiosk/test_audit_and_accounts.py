from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from kiosk.accounts import AuthError, Role
from kiosk.applications import Status
from kiosk.local_store import Store
from kiosk.store.clock import utcnow
from tests.helpers.applications import ktp_el_hilang


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    opened = Store.open(data_dir)
    yield opened
    opened.close()


def populated(store: Store) -> str:
    submitted = store.submission.submit(ktp_el_hilang(1))
    store.records.read_applicant_audited(submitted.id, 1, operator="petugas1")
    store.records.transition(submitted.id, 1, Status.RECEIVED, source="server")
    store.audit.record(
        "print", operator="petugas1", application_id=submitted.id, number=submitted.number
    )
    return submitted.id


def test_every_create_read_change_and_print_is_tied_to_an_operator(store: Store) -> None:
    app_id = populated(store)
    entries = list(reversed(store.audit.entries()))
    assert [(e["action"], e["operator"]) for e in entries] == [
        ("create", "petugas1"),
        ("view", "petugas1"),
        ("change", "system:server"),
        ("print", "petugas1"),
    ]
    assert {e["application_id"] for e in entries} == {app_id}
    assert store.audit.verify().ok is True


def raw(store: Store) -> sqlite3.Connection:
    conn = sqlite3.connect(store.data_dir / "kiosk.sqlite3")
    conn.execute("DROP TRIGGER audit_log_no_update")  # an attacker with the file can do this
    conn.execute("DROP TRIGGER audit_log_no_delete")
    return conn


def test_database_refuses_edits_and_deletes_of_audit_entries(store: Store) -> None:
    populated(store)
    with sqlite3.connect(store.data_dir / "kiosk.sqlite3") as conn:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("UPDATE audit_log SET operator = 'x' WHERE seq = 1")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM audit_log WHERE seq = 1")


@pytest.mark.parametrize(
    ("tamper", "problem"),
    [
        ("UPDATE audit_log SET operator = 'orang lain' WHERE seq = 2", "edited"),
        ("DELETE FROM audit_log WHERE seq = 2", "missing"),
        ("DELETE FROM audit_log WHERE seq = 4", "removed"),
        ("UPDATE audit_log SET seq = seq + 10 WHERE seq = 1", "missing"),
    ],
)
def test_tampering_with_any_single_entry_is_detected(
    store: Store, tamper: str, problem: str
) -> None:
    populated(store)
    with raw(store) as conn:
        conn.execute(tamper)
    check = store.audit.verify()
    assert check.ok is False
    assert problem in check.problem


def test_swapping_two_entries_is_detected(store: Store) -> None:
    populated(store)
    with raw(store) as conn:
        rows = conn.execute("SELECT * FROM audit_log WHERE seq IN (2, 3) ORDER BY seq").fetchall()
        conn.execute("DELETE FROM audit_log WHERE seq IN (2, 3)")
        (_, *rest2), (_, *rest3) = rows
        conn.execute("INSERT INTO audit_log VALUES (2, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rest3)
        conn.execute("INSERT INTO audit_log VALUES (3, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rest2)
    assert store.audit.verify().ok is False


def test_first_run_creates_a_supervisor_then_only_supervisors_add_operators(
    store: Store,
) -> None:
    assert store.accounts.needs_first_run() is True
    boss = store.accounts.create("siti", "Siti Rahma", "rahasia-123", Role.SUPERVISOR)
    assert store.accounts.needs_first_run() is False
    with pytest.raises(AuthError) as info:
        store.accounts.create("budi", "Budi", "rahasia-456", Role.PETUGAS)
    assert info.value.code == "not_allowed"
    budi = store.accounts.create("budi", "Budi", "rahasia-456", Role.PETUGAS, created_by=boss)
    with pytest.raises(AuthError):
        store.accounts.create("andi", "Andi", "rahasia-789", Role.PETUGAS, created_by=budi)
    assert store.accounts.authenticate("BUDI ", "rahasia-456").role is Role.PETUGAS


@pytest.mark.parametrize(
    ("username", "password", "code"),
    [("a", "rahasia-123", "username_invalid"), ("siti", "pendek", "password_too_short")],
)
def test_weak_accounts_are_refused(store: Store, username: str, password: str, code: str) -> None:
    with pytest.raises(AuthError) as info:
        store.accounts.create(username, "X", password, Role.SUPERVISOR)
    assert info.value.code == code


def test_repeated_wrong_passwords_lock_the_account_for_a_while(store: Store) -> None:
    store.accounts.create("siti", "Siti", "rahasia-123", Role.SUPERVISOR)
    for _ in range(5):
        with pytest.raises(AuthError) as info:
            store.accounts.authenticate("siti", "salah-salah")
        assert info.value.code == "wrong_credentials"
    with pytest.raises(AuthError) as locked:
        store.accounts.authenticate("siti", "rahasia-123")
    assert locked.value.code == "locked"
    later = utcnow() + timedelta(minutes=6)
    assert store.accounts.authenticate("siti", "rahasia-123", now=later).username == "siti"
    failed = [e for e in store.audit.entries() if e["action"] == "sign_in_failed"]
    assert len(failed) == 6  # five wrong passwords, and the try while locked (issue 11)
    assert sum(e["detail"] == "locked" for e in failed) == 1
    assert "rahasia" not in str(store.audit.entries())


def test_unknown_user_fails_like_a_wrong_password(store: Store) -> None:
    with pytest.raises(AuthError) as info:
        store.accounts.authenticate("nobody", "whatever1")
    assert info.value.code == "wrong_credentials"
    assert store.audit.entries()[0]["action"] == "sign_in_failed"


def test_password_hashes_are_kept_under_the_device_key(store: Store, data_dir: Path) -> None:
    from argon2 import PasswordHasher

    from kiosk.store.models import OperatorRow

    boss = store.accounts.create("siti", "Siti Rahma", "rahasia-123", Role.SUPERVISOR)
    synced = PasswordHasher().hash("dari-server-1")
    store.accounts.replace_from_server(
        [
            {
                "username": "budi",
                "display_name": "Budi",
                "role": "petugas",
                "password_hash": synced,
                "active": True,
            }
        ]
    )
    # Unchanged on the next sync: nothing rewritten, nothing counted.
    assert (
        store.accounts.replace_from_server(
            [
                {
                    "username": "budi",
                    "display_name": "Budi",
                    "role": "petugas",
                    "password_hash": synced,
                    "active": True,
                }
            ]
        )
        == 0
    )
    files = [p for p in data_dir.iterdir() if p.name.startswith("kiosk.sqlite3")]
    assert all(b"$argon2" not in p.read_bytes() for p in files)
    assert boss.username == "siti"
    with pytest.raises(AuthError):  # retired: the server's list does not name her
        store.accounts.authenticate("siti", "rahasia-123")
    assert store.accounts.authenticate("budi", "dari-server-1").username == "budi"
    with pytest.raises(AuthError):
        store.accounts.authenticate("budi", "rahasia-123")

    # A row from before (a plain argon2 string) still signs in, and is protected from then on.
    with store.core.write_session() as session:
        row = session.get(OperatorRow, "budi")
        assert row is not None
        row.password_hash = synced
    assert store.accounts.authenticate("budi", "dari-server-1").username == "budi"
    with store.core.write_session() as session:
        row = session.get(OperatorRow, "budi")
        assert row is not None
        assert row.password_hash.startswith("kv1:")


def test_only_a_supervisor_approves_and_every_attempt_is_audited(store: Store) -> None:
    boss = store.accounts.create("siti", "Siti Rahma", "rahasia-123", Role.SUPERVISOR)
    store.accounts.create("budi", "Budi", "rahasia-456", Role.PETUGAS, created_by=boss)
    approver = store.accounts.approve(
        "Siti", "rahasia-123", purpose="override kk: blur", on_behalf_of="budi"
    )
    assert approver == boss
    with pytest.raises(AuthError) as refused:
        store.accounts.approve("budi", "rahasia-456", purpose="override", on_behalf_of="budi")
    assert refused.value.code == "not_allowed"
    with pytest.raises(AuthError) as wrong:
        store.accounts.approve("siti", "salah-sekali", purpose="override", on_behalf_of="budi")
    assert wrong.value.code == "wrong_credentials"
    entries = [(e["action"], e["operator"], e["detail"]) for e in store.audit.entries()][:4]
    assert entries == [
        ("approval_failed", "siti", "override for budi"),
        ("approval_failed", "budi", "override for budi: not allowed"),
        ("approval", "budi", "override for budi"),
        ("approval", "siti", "override kk: blur for budi"),
    ]
