"""A refused or cut-short kiosk audit chain is evidence the server keeps (issue 11, point 3).

The probe: entries of a kiosk's log were edited and the chain recomputed; the server answered
the upload with 409, and that was all (no event on the server, `audit verify` all intact).
After the chain was cut from 60 to 40 entries the kiosk sent nothing, so nothing was seen.
"""

from __future__ import annotations

from typing import Any

import pytest

from sync import protocol as P

from .builders import Kiosk
from .conftest import Harness
from .security_helpers import kiosk_chain, verify

REFUSALS = "SELECT COUNT(*) FROM audit_events WHERE action = 'device_audit_refused'"


def upload(server: Harness, kiosk: Kiosk, entries: list[dict[str, Any]]) -> Any:
    return server.client.post(P.AUDIT_PATH, json={"entries": entries}, headers=kiosk.headers)


def test_a_refused_upload_is_an_event_and_audit_verify_reports_the_device(
    server: Harness, kiosk: Kiosk, capsys: pytest.CaptureFixture[str]
) -> None:
    assert upload(server, kiosk, kiosk_chain(6)).status_code == 200

    answer = upload(server, kiosk, [{**kiosk_chain(6)[2], "detail": "diubah"}])

    assert answer.status_code == 409
    assert server.scalar(REFUSALS) == 1
    code, report = verify(server, capsys)
    assert code == 1
    device = next(c for c in report["chains"] if c["chain"] == f"device {kiosk.device_id}")
    assert device["ok"] is False
    assert "audit_" in device["problem"]
    server_chain = next(c for c in report["chains"] if c["chain"] == "server")
    assert server_chain["ok"] is True


def test_a_device_that_finds_its_chain_cut_short_is_reported(
    server: Harness, kiosk: Kiosk, capsys: pytest.CaptureFixture[str]
) -> None:
    assert upload(server, kiosk, kiosk_chain(6)).status_code == 200
    assert verify(server, capsys)[0] == 0

    answer = server.client.post(
        P.AUDIT_PROBLEM_PATH,
        json={"code": "chain_shorter", "local_last_seq": 4},
        headers=kiosk.headers,
    )

    assert answer.status_code == 200, answer.text
    assert answer.json()["last_seq"] == 6
    code, report = verify(server, capsys)
    assert code == 1
    device = next(c for c in report["chains"] if c["chain"] == f"device {kiosk.device_id}")
    assert "chain_shorter" in device["problem"]


def test_a_device_without_uploads_that_reports_a_problem_is_listed(
    server: Harness, kiosk: Kiosk, capsys: pytest.CaptureFixture[str]
) -> None:
    answer = server.client.post(
        P.AUDIT_PROBLEM_PATH,
        json={"code": "chain_diverged", "local_last_seq": 0},
        headers=kiosk.headers,
    )
    assert answer.status_code == 200, answer.text
    code, report = verify(server, capsys)
    assert code == 1
    assert f"device {kiosk.device_id}" in [c["chain"] for c in report["chains"]]


def test_a_problem_report_needs_a_device_and_a_known_code(server: Harness, kiosk: Kiosk) -> None:
    body = {"code": "chain_shorter", "local_last_seq": 1}
    assert server.client.post(P.AUDIT_PROBLEM_PATH, json=body).status_code == 401
    bad = {"code": "whatever", "local_last_seq": 1}
    answer = server.client.post(P.AUDIT_PROBLEM_PATH, json=bad, headers=kiosk.headers)
    assert answer.status_code == 422
    assert server.scalar(REFUSALS) == 0
