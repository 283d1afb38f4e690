"""Back-pressure: a busy server says "later" (429/503 + Retry-After), never queues forever."""

from __future__ import annotations

import asyncio
import json
import uuid

import anyio
import pytest
from sqlalchemy.exc import OperationalError

from server import intake
from server.api.backpressure import ComeBackClock, UploadGate
from server.errors import Overloaded, RateLimited
from sync import protocol as P

from .backpressure_helpers import busy, put_then_go_quiet
from .builders import Application, Kiosk, documents, put_chunk, put_manifest
from .conftest import Harness


def test_the_gate_limits_each_device_and_the_whole_process() -> None:
    gate = UploadGate(max_total=2, max_per_device=1, come_back=ComeBackClock(2, 7, 7))
    first, second, third = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    with gate.admit(first):
        with pytest.raises(RateLimited) as limited:
            gate.admit(first).__enter__()
        assert limited.value.headers == {P.HEADER_RETRY_AFTER: "7"}
        with gate.admit(second), pytest.raises(Overloaded):
            gate.admit(third).__enter__()
    assert gate.active == 0
    with gate.admit(first), gate.admit(third):
        assert gate.active == 2


def test_a_failed_upload_gives_its_slot_back() -> None:
    gate = UploadGate(max_total=1, max_per_device=1, come_back=ComeBackClock(1, 1, 1))
    device = uuid.uuid4()
    with pytest.raises(ValueError, match="boom"), gate.admit(device):
        raise ValueError("boom")
    with gate.admit(device):
        assert gate.active == 1


@pytest.mark.parametrize(
    ("who", "status", "code"),
    [("device", 429, "rate_limited"), ("process", 503, "overloaded")],
)
def test_a_busy_server_answers_retry_after_and_changes_nothing(
    server: Harness, kiosk: Kiosk, who: str, status: int, code: str
) -> None:
    doc = documents(2000)[0]
    app = Application([doc])
    put_manifest(server.client, kiosk, app)
    before = server.snapshot()
    with busy(server, kiosk, who):
        response = put_chunk(server.client, kiosk, app, doc, 0, 999)
    assert response.status_code == status
    assert response.json()["code"] == code
    assert int(response.headers[P.HEADER_RETRY_AFTER]) > 0
    assert server.snapshot() == before
    assert put_chunk(server.client, kiosk, app, doc, 0, 999).status_code == 200  # slot is free


def test_a_database_outage_is_a_retryable_503_without_details(
    server: Harness,
    kiosk: Kiosk,
    monkeypatch: pytest.MonkeyPatch,
    expected_warnings: set[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    expected_warnings.add("kiosk.server.api")

    def unavailable(*_args: object, **_kwargs: object) -> None:
        raise OperationalError("UPDATE x SET nik='5108014107920001'", {}, Exception("gone"))

    monkeypatch.setattr(intake, "put_manifest", unavailable)
    response = put_manifest(server.client, kiosk, Application(documents(10)))
    assert response.status_code == 503
    assert response.json()["code"] == "overloaded"
    assert P.HEADER_RETRY_AFTER in response.headers
    assert "5108014107920001" not in caplog.text
    assert "5108014107920001" not in response.text


def test_a_stalled_chunk_is_dropped_and_frees_its_slot(server: Harness, kiosk: Kiosk) -> None:
    doc = documents(2000)[0]
    app = Application([doc])
    put_manifest(server.client, kiosk, app)
    before = server.snapshot()
    headers = {
        **kiosk.headers,
        "content-type": P.CHUNK_CONTENT_TYPE,
        "content-length": "1000",
        P.HEADER_CONTENT_RANGE: "bytes 0-999/2000",
    }
    sent = put_then_go_quiet(server, app.attachment_path(doc), headers, doc.data[:100])
    assert sent[0]["status"] == 408
    assert json.loads(sent[1]["body"])["code"] == "stalled"
    assert server.client.app.state.context.gate.active == 0
    assert server.snapshot() == before


def test_a_request_waits_briefly_for_a_slot_that_frees_instead_of_bouncing() -> None:
    """When 200 kiosks come back at once, a slot frees every few milliseconds; sending the
    one who asked a moment too early away for Retry-After seconds leaves slots idle."""

    async def scenario() -> list[str]:
        gate = UploadGate(
            max_total=1, max_per_device=2, come_back=ComeBackClock(1, 5, 5), max_wait=2.0
        )
        events: list[str] = []

        async def holder() -> None:
            async with gate.admit_waiting(uuid.uuid4()):
                events.append("first in")
                await anyio.sleep(0.2)
            events.append("first out")

        async def latecomer() -> None:
            await anyio.sleep(0.05)
            async with gate.admit_waiting(uuid.uuid4()):
                events.append("second in")

        async with anyio.create_task_group() as group:
            group.start_soon(holder)
            group.start_soon(latecomer)
        assert gate.active == 0
        assert gate.waiting == 0
        return events

    assert anyio.run(scenario) == ["first in", "first out", "second in"]


def test_a_full_waiting_room_or_a_long_wait_still_answers_503_at_once() -> None:
    async def scenario() -> None:
        gate = UploadGate(
            max_total=1,
            max_per_device=2,
            come_back=ComeBackClock(1, 5, 5),
            max_wait=0.1,
            max_waiting=1,
        )
        async with gate.admit_waiting(uuid.uuid4()):
            with anyio.fail_after(1):
                with pytest.raises(Overloaded):  # waited max_wait, the slot stayed taken
                    async with gate.admit_waiting(uuid.uuid4()):
                        pass
            async with anyio.create_task_group() as group:

                async def wait_in_line() -> None:
                    with pytest.raises(Overloaded):
                        async with gate.admit_waiting(uuid.uuid4()):
                            pass

                group.start_soon(wait_in_line)
                await anyio.sleep(0.02)
                with anyio.fail_after(0.05), pytest.raises(Overloaded):  # no room to wait
                    async with gate.admit_waiting(uuid.uuid4()):
                        pass
        assert gate.active == 0
        assert gate.waiting == 0

    anyio.run(scenario)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_refused_clients_are_told_to_come_back_spread_at_the_pace_slots_free() -> None:
    """Not one fixed Retry-After for everybody: the n-th refusal returns after about
    n / rate seconds, the rate being the slots over how long a request holds one."""
    clock = FakeClock()
    come_back = ComeBackClock(4, 1, 60, clock=clock)
    for _ in range(20):
        come_back.finished(2.0)  # each admitted request held its slot 2 s: 4 slots, 2 a second
    assert come_back.rate() == pytest.approx(2.0)
    answers = [come_back.refusal() for _ in range(10)]
    # booked 0.5, 1.0, ... 5.0 s ahead; the kiosk adds 0.4 s on average: the nearest second
    assert answers == [1, 1, 1, 2, 2, 3, 3, 4, 4, 5]
    clock.now += 30  # the queue drained meanwhile
    assert come_back.refusal() == 1


def test_idle_time_before_a_herd_does_not_slow_the_clock() -> None:
    """Measured per request held, not per second of wall time: an hour with nothing to do
    does not make the first refused kiosks of a herd wait a minute."""
    clock = FakeClock()
    come_back = ComeBackClock(32, 1, 60, clock=clock)
    come_back.finished(0.5)
    clock.now += 3600
    assert come_back.rate() == pytest.approx(64.0)
    assert come_back.refusal(waiting=128) == 2  # (128 + 1) / 64 s


def test_those_already_waiting_for_a_slot_go_first() -> None:
    clock = FakeClock()
    come_back = ComeBackClock(4, 1, 60, assumed_hold=1.0, clock=clock)  # none held yet: 4/s
    assert come_back.refusal(waiting=20) == 5  # (20 + 1) / 4 s = 5.25 s


def test_before_any_request_finished_a_short_hold_is_assumed() -> None:
    """A herd's first refusals come before anything was measured: told to come back soon
    (a cheap refusal if too soon), not after a guess of slow service."""
    come_back = ComeBackClock(8, 1, 60, clock=FakeClock())
    assert come_back.rate() == pytest.approx(32.0)  # 8 slots over the assumed 0.25 s
    assert come_back.refusal(waiting=32) == 1  # (32 + 1) / 32 s


def test_retry_after_stays_within_its_bounds() -> None:
    clock = FakeClock()
    come_back = ComeBackClock(1, 2, 60, assumed_hold=1.0, clock=clock)
    answers = [come_back.refusal() for _ in range(1000)]
    assert answers[0] == 2  # never under the minimum
    assert max(answers) == 60 == answers[-1]  # never over the maximum
    clock.now += 60
    assert come_back.refusal() == 2  # the booked returns did not pile up beyond the maximum
    with pytest.raises(ValueError, match="minimum"):
        ComeBackClock(1, 0, 60)


def test_the_gate_refuses_with_the_come_back_clock_and_feeds_it() -> None:
    clock = FakeClock()
    come_back = ComeBackClock(1, 1, 60, clock=clock)
    gate = UploadGate(max_total=1, max_per_device=1, come_back=come_back)
    for _ in range(3):
        with gate.admit(uuid.uuid4()):
            clock.now += 2.0  # each holds the one slot 2 s: half a request a second
    assert come_back.rate() == pytest.approx(0.5)
    refusals = []
    with gate.admit(uuid.uuid4()):
        for _ in range(4):
            with pytest.raises(Overloaded) as busy:
                gate.admit(uuid.uuid4()).__enter__()
            refusals.append(int(busy.value.headers[P.HEADER_RETRY_AFTER]))
    assert refusals == [2, 4, 6, 8]


def _held(come_back: ComeBackClock, seconds: float, times: int = 64) -> None:
    for _ in range(times):
        come_back.finished(seconds)


def test_the_expected_wait_is_the_place_in_the_queue_over_the_measured_rate() -> None:
    come_back = ComeBackClock(4, 1, 60, assumed_hold=1.0, clock=FakeClock())
    assert come_back.expected_wait(1) == pytest.approx(0.25)  # nothing measured: 4 slots / 1 s
    _held(come_back, 2.0)  # 4 slots each held 2 s: one frees every half second
    assert [come_back.expected_wait(n) for n in (1, 2, 4)] == pytest.approx([0.5, 1.0, 2.0])


def test_a_request_queues_only_while_its_expected_wait_is_within_the_target() -> None:
    """Decided from the clock's measurements and the queue, not from timing: with 4 slots
    held 0.4 s each a slot frees every 0.1 s, so under a 0.25 s target the first two in
    the queue wait and the third is sent away at once, told to come back after them."""

    async def scenario() -> None:
        come_back = ComeBackClock(4, 1, 60, clock=FakeClock())
        _held(come_back, 0.4)
        gate = UploadGate(4, 1, come_back, max_wait=3600.0, wait_target=0.25)
        release = asyncio.Event()
        admitted: list[int] = []

        async def holder() -> None:
            async with gate.admit_waiting(uuid.uuid4()):
                await release.wait()

        async def in_line(number: int) -> None:
            async with gate.admit_waiting(uuid.uuid4()):
                admitted.append(number)

        async with anyio.create_task_group() as group:
            for _ in range(4):
                group.start_soon(holder)
            await asyncio.sleep(0)
            assert gate.active == 4
            assert gate.worth_waiting()  # first in the queue: 0.1 s
            group.start_soon(in_line, 1)
            group.start_soon(in_line, 2)
            await asyncio.sleep(0)
            assert gate.waiting == 2
            assert not gate.worth_waiting()  # third: 0.3 s > 0.25 s
            with anyio.fail_after(5), pytest.raises(Overloaded) as busy:  # at once, no wait
                async with gate.admit_waiting(uuid.uuid4()):
                    pass
            assert gate.waiting == 2
            assert int(busy.value.headers[P.HEADER_RETRY_AFTER]) >= 1
            release.set()
        assert admitted == [1, 2]
        assert (gate.active, gate.waiting) == (0, 0)

    anyio.run(scenario)


def test_longer_holds_shorten_the_queue_a_request_joins() -> None:
    come_back = ComeBackClock(8, 1, 60, clock=FakeClock())
    gate = UploadGate(8, 1, come_back, max_wait=1.0, wait_target=0.5)
    _held(come_back, 0.1)  # 8 slots held 0.1 s: 80 a second, the first waits 0.0125 s
    assert gate.worth_waiting()
    _held(come_back, 1.0)  # 8 a second: even the first would wait 0.125 s, still within
    assert gate.worth_waiting()
    _held(come_back, 5.0)  # 1.6 a second: the first would wait 0.625 s
    assert not gate.worth_waiting()


def test_a_zero_target_never_queues_and_a_full_queue_refuses_whatever_the_estimate() -> None:
    come_back = ComeBackClock(2, 1, 60, clock=FakeClock())
    _held(come_back, 0.001)
    assert not UploadGate(2, 1, come_back, max_wait=1.0, wait_target=0.0).worth_waiting()
    assert not UploadGate(2, 1, come_back, max_wait=1.0, max_waiting=0).worth_waiting()
    assert UploadGate(2, 1, come_back, max_wait=1.0, wait_target=1.0).worth_waiting()


def test_a_free_slot_is_taken_whatever_the_target() -> None:
    async def scenario() -> None:
        come_back = ComeBackClock(1, 1, 60, clock=FakeClock())
        _held(come_back, 60.0)  # the estimate says never wait
        gate = UploadGate(1, 1, come_back, max_wait=1.0, wait_target=0.0)
        async with gate.admit_waiting(uuid.uuid4()):
            assert gate.active == 1

    anyio.run(scenario)
