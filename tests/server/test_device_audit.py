"""Devices upload their audit chains; the server re-verifies, stores and anchors them."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.audit import entry_hash as kiosk_entry_hash
from kiosk.local_store import Store
from sync import protocol as P

from .builders import Kiosk
from .conftest import Harness
from .security_helpers import kiosk_chain, swap, tamper, verify


def upload(server: Harness, kiosk: Kiosk, entries: list[dict[str, Any]]) -> Any:
    return server.client.post(P.AUDIT_PATH, json={"entries": entries}, headers=kiosk.headers)


def test_a_chain_is_stored_in_batches_and_replays_are_harmless(
    server: Harness, kiosk: Kiosk
) -> None:
    chain = kiosk_chain(7)
    head = server.client.get(P.AUDIT_HEAD_PATH, headers=kiosk.headers).json()
    assert (head["last_seq"], head["last_hash"]) == (0, P.AUDIT_GENESIS)
    first = upload(server, kiosk, chain[:4])
    assert first.status_code == 200, first.text
    assert (first.json()["last_seq"], first.json()["stored"]) == (4, 4)
    # The answer was "lost": the kiosk sends 3..7 again; only 5..7 are new.
    again = upload(server, kiosk, chain[2:])
    assert again.status_code == 200, again.text
    assert (again.json()["last_seq"], again.json()["last_hash"], again.json()["stored"]) == (
        7,
        chain[-1]["hash"],
        3,
    )
    assert upload(server, kiosk, chain).json()["stored"] == 0
    assert server.scalar("SELECT COUNT(*) FROM device_audit_entries") == 7
    head = server.client.get(P.AUDIT_HEAD_PATH, headers=kiosk.headers).json()
    assert head["last_seq"] == 7


def edited(entry: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {**entry, **changes}


@pytest.mark.parametrize(
    ("make_batch", "code"),
    [
        (lambda c: c[5:], "audit_gap"),
        (lambda c: [c[3], c[5]], "audit_gap"),
        (lambda c: [edited(c[3], prev_hash="a" * 64)], "audit_chain_broken"),
        (lambda c: [edited(c[3], detail="diubah")], "audit_hash_mismatch"),
        (lambda c: [edited(c[1], detail="diubah")], "audit_conflict"),
        (lambda c: [c[3], edited(c[4], operator="orang-lain")], "audit_hash_mismatch"),
    ],
    ids=["gap", "hole in batch", "broken link", "edited new", "edited stored", "second bad"],
)
def test_a_bad_batch_is_a_409_with_its_code_and_stores_nothing(
    server: Harness, kiosk: Kiosk, make_batch: Any, code: str
) -> None:
    chain = kiosk_chain(8)
    assert upload(server, kiosk, chain[:3]).status_code == 200
    before = server.snapshot()
    response = upload(server, kiosk, make_batch(chain))
    assert response.status_code == 409, response.text
    assert response.json()["code"] == code
    assert " / " in response.json()["detail"]
    after = server.snapshot()
    # Nothing of the batch is stored; the refusal itself is recorded in the server's chain.
    for unchanged in ("device_audit_entries", "applications", "devices"):
        assert after["tables"][unchanged] == before["tables"][unchanged]
    refused = "SELECT COUNT(*) FROM audit_events WHERE action = 'device_audit_refused'"
    assert server.scalar(refused) == 1


def test_each_device_has_its_own_chain(server: Harness, kiosk: Kiosk) -> None:
    other = server.enroll(name="loket 2")
    assert upload(server, kiosk, kiosk_chain(3)).status_code == 200
    assert upload(server, other, kiosk_chain(2)).status_code == 200
    assert server.client.get(P.AUDIT_HEAD_PATH, headers=other.headers).json()["last_seq"] == 2


@pytest.mark.parametrize(
    "batch",
    [
        [],
        [{"seq": 1}],
        [{**kiosk_chain(1)[0], "extra": 1}],
        [{**kiosk_chain(1)[0], "seq": 0}],
        [{**kiosk_chain(1)[0], "detail": "a\u0000b"}],
        [{**kiosk_chain(1)[0], "at": "kemarin"}],
        kiosk_chain(1) * (P.MAX_AUDIT_BATCH + 1),
    ],
    ids=["empty", "partial", "extra key", "seq 0", "NUL", "bad time", "too many"],
)
def test_malformed_batches_are_refused_before_anything_is_read(
    server: Harness, kiosk: Kiosk, batch: list[Any]
) -> None:
    response = upload(server, kiosk, batch)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_request"


@pytest.mark.parametrize(
    ("tampering", "first_bad", "problem"),
    [
        (("UPDATE device_audit_entries SET detail = 'x' WHERE seq = 3",), 3, "edited"),
        (("DELETE FROM device_audit_entries WHERE seq = 2",), 2, "missing"),
        (swap("device_audit_entries", "", 2, 4), 2, "reordered"),
        (("DELETE FROM device_audit_entries WHERE seq = 6",), 6, "newest"),
    ],
    ids=["edit", "delete", "reorder", "delete newest"],
)
def test_audit_verify_finds_a_single_tampered_device_entry(
    server: Harness,
    kiosk: Kiosk,
    capsys: pytest.CaptureFixture[str],
    tampering: tuple[str, ...],
    first_bad: int,
    problem: str,
) -> None:
    chain = kiosk_chain(6)
    assert upload(server, kiosk, chain[:3]).status_code == 200
    assert upload(server, kiosk, chain[3:]).status_code == 200
    code, report = verify(server, capsys)
    assert code == 0, report
    assert [c["chain"] for c in report["chains"]] == ["server", f"device {kiosk.device_id}"]
    tamper(server.database, *tampering)
    code, report = verify(server, capsys)
    assert code == 1
    server_chain, device_chain = report["chains"]
    assert server_chain["ok"] is True
    assert (device_chain["ok"], device_chain["first_bad_seq"]) == (False, first_bad)
    assert problem in device_chain["problem"]


def test_rewriting_a_device_chain_consistently_still_fails_its_anchor(
    server: Harness, kiosk: Kiosk, capsys: pytest.CaptureFixture[str]
) -> None:
    """Dropping the newest entry leaves a valid-looking chain; the server's anchor disagrees."""
    assert upload(server, kiosk, kiosk_chain(5)).status_code == 200
    tamper(server.database, "DELETE FROM device_audit_entries WHERE seq = 5")
    code, report = verify(server, capsys)
    assert code == 1
    assert "newest" in report["chains"][1]["problem"]


def test_a_real_kiosk_log_uploads_as_it_is(
    server: Harness, kiosk: Kiosk, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    store = Store.open(tmp_path / "kiosk")
    try:
        store.audit.record("sign_in", operator="petugas1")
        store.audit.record("view", operator="petugas1", detail="NIK 5108014107920001 dicari")
        store.audit.record("sign_in_failed", operator="siapa saja: ü")
        entries = list(reversed(store.audit.entries()))
    finally:
        store.close()
    response = upload(server, kiosk, entries)
    assert response.status_code == 200, response.text
    assert response.json()["last_hash"] == entries[-1]["hash"]
    assert "5108014107920001" not in caplog.text


@settings(max_examples=60, deadline=None)
@given(
    fields=st.fixed_dictionaries(
        {
            "seq": st.integers(1, 2**53 - 1),
            "at": st.sampled_from(["2025-03-04T09:15:00.123456+00:00", "2030-01-01T00:00:00Z"]),
            "device": st.from_regex(P.DEVICE_CODE_PATTERN, fullmatch=True),
            "operator": st.text(min_size=1, max_size=64),
            "action": st.sampled_from(["view", "print", "sign_in"]),
            "application_id": st.none() | st.uuids().map(str),
            "number": st.none() | st.text(max_size=40),
            "detail": st.text(max_size=500),
            "prev_hash": st.sampled_from([P.AUDIT_GENESIS, "f" * 64]),
        }
    )
)
def test_the_protocol_hash_is_the_kiosks_hash(fields: dict[str, Any]) -> None:
    assert P.audit_entry_hash(fields) == kiosk_entry_hash(fields)
