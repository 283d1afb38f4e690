"""The body pace arithmetic of server.api.slow_clients, with a fake clock (no sleeping)."""

from __future__ import annotations

from pathlib import Path

from server.api.slow_clients import BodyPace, PreAuthGate
from server.config import ServerSettings

SETTINGS = ServerSettings(
    database_url="sqlite://",
    data_dir=Path("/nonexistent"),
    body_timeout_seconds=100.0,
    min_body_rate=100.0,
    body_rate_window_seconds=10.0,
    body_rate_grace_seconds=5.0,
)


def test_a_body_without_bytes_is_too_slow_when_the_grace_period_ends() -> None:
    pace = BodyPace(SETTINGS, clock=lambda: 0.0)
    assert pace.deadline(0.0) == (5.0, "rate")


def test_bytes_keep_a_body_alive_for_one_window_then_must_be_renewed() -> None:
    pace = BodyPace(SETTINGS, clock=lambda: 0.0)
    pace.add(1.0, 1000)  # 1000 bytes = 100 B/s over a 10 s window
    assert pace.deadline(1.0) == (11.0, "rate")
    pace.add(6.0, 500)
    assert pace.deadline(6.0) == (11.0, "rate")  # the first 1000 expire; 500 are too few
    pace.add(10.0, 600)
    assert pace.deadline(10.0) == (16.0, "rate")  # 500 + 600 hold until the 500 expire


def test_a_fast_body_still_ends_at_the_total_time_limit() -> None:
    pace = BodyPace(SETTINGS, clock=lambda: 0.0)
    pace.add(90.0, 10**9)
    assert pace.deadline(90.0) == (100.0, "total")


def test_a_zero_rate_turns_the_rate_check_off() -> None:
    settings = ServerSettings(
        database_url="sqlite://", data_dir=Path("/nonexistent"), min_body_rate=0.0
    )
    pace = BodyPace(settings, clock=lambda: 0.0)
    assert pace.deadline(0.0) == (settings.body_timeout_seconds, "total")


def test_the_gate_counts_each_request_once_whatever_releases_it() -> None:
    gate = PreAuthGate(limit=1)
    release = gate.enter()
    assert release is not None
    assert gate.enter() is None
    release()
    release()  # the credential check and the end of the request both release
    assert gate.active == 0
    assert gate.enter() is not None
