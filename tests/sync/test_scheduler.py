"""When passes run: start-up, poke (submit / "Kirim sekarang"), link regained, timer."""

from __future__ import annotations

import random
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from kiosk.local_store import Store
from kiosk.store.machine_state import RETENTION_LAST_RUN
from kiosk.store.orphans import live_attachment_hashes
from sync.engine import PassReport, SyncEngine
from sync.scheduler import SyncScheduler
from tests.helpers.applications import ktp_el_hilang
from tests.helpers.sealing import new_server_key


class ScriptedEngine:
    """Answers passes from a script of offline flags and records how each was called."""

    def __init__(self, offline_script: list[bool]) -> None:
        self.script = offline_script
        self.calls: list[bool] = []
        self.ran = threading.Event()

    def run_once(self, *, force: bool = False, cancel: threading.Event | None = None) -> PassReport:
        self.calls.append(force)
        offline = self.script.pop(0) if self.script else False
        self.ran.set()
        return PassReport(offline=offline)


def run_until(scheduler: SyncScheduler, engine: ScriptedEngine, calls: int) -> None:
    scheduler.start()
    try:
        for _ in range(50):
            if len(engine.calls) >= calls:
                break
            engine.ran.wait(5)
            engine.ran.clear()
            scheduler.poke(force=False)  # let the loop go round without waiting the timer
    finally:
        scheduler.stop()


class RefusedEngine:
    """Every pass: one row refused with Retry-After (0.2 s); records when each pass ran."""

    def __init__(self) -> None:
        self.started: list[float] = []

    def run_once(self, *, force: bool = False, cancel: threading.Event | None = None) -> PassReport:
        self.started.append(time.monotonic())
        return PassReport(retry_later=1, come_back_after=0.2)


def test_a_pass_the_server_refused_comes_back_after_its_retry_after(data_dir: Path) -> None:
    """Not a whole interval later: the server said when (PassReport.come_back_after)."""
    store = Store.open(data_dir)
    engine = RefusedEngine()
    scheduler = SyncScheduler(store, engine, interval_seconds=3600)  # type: ignore[arg-type]
    scheduler.start()
    try:
        deadline = time.monotonic() + 5
        while len(engine.started) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        scheduler.stop()
    gaps = [b - a for a, b in zip(engine.started, engine.started[1:], strict=False)]
    assert len(gaps) >= 2, gaps
    assert all(0.15 <= gap < 2 for gap in gaps[:2]), gaps
    store.close()


def test_first_pass_at_start_up_is_forced(data_dir: Path) -> None:
    store = Store.open(data_dir)
    engine = ScriptedEngine([False])
    scheduler = SyncScheduler(store, engine, interval_seconds=3600)  # type: ignore[arg-type]
    run_until(scheduler, engine, 1)
    assert engine.calls[0] is True
    store.close()


def test_link_regained_triggers_an_immediate_forced_pass(data_dir: Path) -> None:
    store = Store.open(data_dir)
    engine = ScriptedEngine([True, True, False])
    reports: list[PassReport] = []
    scheduler = SyncScheduler(
        store,
        engine,  # type: ignore[arg-type]
        interval_seconds=3600,
        rng=random.Random(0),
    )
    scheduler.listeners.append(reports.append)
    run_until(scheduler, engine, 4)
    # offline, offline, back online -> an extra forced pass right away
    assert engine.calls[2:4] == [False, True]
    assert scheduler.online is True
    assert [r.offline for r in reports[:3]] == [True, True, False]
    store.close()


def test_poke_forces_the_next_pass(data_dir: Path) -> None:
    store = Store.open(data_dir)
    engine = ScriptedEngine([])
    scheduler = SyncScheduler(store, engine, interval_seconds=3600)  # type: ignore[arg-type]
    scheduler.start()
    try:
        assert engine.ran.wait(5)
        engine.ran.clear()
        scheduler.poke(force=True)
        assert engine.ran.wait(5)
    finally:
        scheduler.stop()
    assert engine.calls[:2] == [True, True]
    store.close()


class ExplodingEngine(ScriptedEngine):
    def run_once(self, *, force: bool = False, cancel: threading.Event | None = None) -> PassReport:
        self.calls.append(force)
        self.ran.set()
        if len(self.calls) == 1:
            raise RuntimeError("disk unplugged")
        return PassReport()


def test_an_unexpected_error_does_not_kill_the_sync_thread(
    data_dir: Path, expected_warnings: set[str]
) -> None:
    expected_warnings.add("kiosk.sync")
    store = Store.open(data_dir)
    engine = ExplodingEngine([])
    reports: list[PassReport] = []
    scheduler = SyncScheduler(store, engine, interval_seconds=3600)  # type: ignore[arg-type]
    scheduler.listeners.append(reports.append)
    run_until(scheduler, engine, 2)
    assert reports[0].errors == ["RuntimeError"]
    assert len(engine.calls) >= 2
    store.close()


def test_documents_are_purged_once_a_day_after_an_online_pass(data_dir: Path) -> None:
    from kiosk.applications import Status
    from tests.helpers.applications import ktp_el_hilang

    store = Store.open(data_dir)
    sent = store.submission.submit(ktp_el_hilang(1))
    [item] = store.outbox.due()
    store.outbox.mark_acknowledged(item.pk)
    store.records.transition(sent.id, 1, Status.RECEIVED, source="server")
    engine = ScriptedEngine([False])
    scheduler = SyncScheduler(
        store,
        engine,  # type: ignore[arg-type]
        interval_seconds=3600,
        retention_days=0,
    )
    run_until(scheduler, engine, 1)
    assert live_attachment_hashes(store.core) == set()
    assert store.state.get(RETENTION_LAST_RUN) is not None
    store.close()


class PokedDuringPassEngine(ScriptedEngine):
    """Staff press "Kirim sekarang" while the second pass is still sending."""

    scheduler: SyncScheduler

    def run_once(self, *, force: bool = False, cancel: threading.Event | None = None) -> PassReport:
        if len(self.calls) == 1:
            self.scheduler.poke(force=True)
        return super().run_once(force=force)


def test_a_forced_poke_during_a_pass_forces_the_next_pass(data_dir: Path) -> None:
    store = Store.open(data_dir)
    engine = PokedDuringPassEngine([])
    scheduler = SyncScheduler(store, engine, interval_seconds=3600)  # type: ignore[arg-type]
    engine.scheduler = scheduler
    scheduler.start()
    try:
        assert engine.ran.wait(5)  # the start-up pass
        engine.ran.clear()
        scheduler.poke(force=False)  # a submit: the next pass honours backoff
        for _ in range(100):
            if len(engine.calls) >= 3:
                break
            engine.ran.wait(0.1)
            engine.ran.clear()
    finally:
        scheduler.stop()
    # start-up (forced), the submit's pass (not forced), then the "Kirim sekarang" pass.
    assert engine.calls[:3] == [True, False, True]
    store.close()


class KeyOnlyClient:
    """A server that publishes its sealing key; the pass gets no further in this test."""

    credential, base_url = "secret", "http://server.invalid"

    def __init__(self) -> None:
        key = new_server_key()
        self.key = SimpleNamespace(key_id=key.key_id, public_key=key.public_b64)

    def public_key(self) -> Any:
        return self.key

    def close(self) -> None:
        pass


def test_stop_ends_a_running_pass_before_it_writes_again(data_dir: Path) -> None:
    """Shutting down while the first pass seals a long queue (learnt the server key just now)
    must stop that pass: nothing may write into the vault once stop() has returned."""
    store = Store.open(data_dir)
    for serial in range(40):
        store.submission.submit(ktp_el_hilang(serial))
    writes: list[float] = []
    put = store.core.vault.put

    def slow_put(data: bytes) -> str:
        time.sleep(0.02)
        writes.append(time.monotonic())
        return put(data)

    store.core.vault.put = slow_put  # type: ignore[method-assign]
    engine = SyncEngine(store, KeyOnlyClient())  # type: ignore[arg-type]
    scheduler = SyncScheduler(store, engine, interval_seconds=3600)
    scheduler.start()
    deadline = time.monotonic() + 10
    while not writes and time.monotonic() < deadline:
        time.sleep(0.01)
    assert writes, "the pass never started sealing"
    scheduler.stop(timeout=2)
    stopped_at = time.monotonic()
    time.sleep(0.2)
    assert [t for t in writes if t > stopped_at] == []
    assert scheduler._thread is not None
    assert not scheduler._thread.is_alive()
    store.close()
