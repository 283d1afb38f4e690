"""When sync passes run: at start-up, on submit, when the link returns, on a timer, on demand.

A plain thread (no Qt), so the CLI daemon and the GUI share it; the GUI subscribes to reports
through `listeners` and forwards them to the main thread by signal.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from kiosk.applications.retention import purge_acknowledged
from kiosk.errors import KioskError
from kiosk.field.visit_retention import purge_done_visits
from kiosk.local_store import Store
from kiosk.store import machine_state as ms
from kiosk.store.clock import utcnow
from sync.engine import PassReport, SyncEngine
from sync.enrollment import credential_age, rotate_credential
from sync.errors import SyncError

log = logging.getLogger("kiosk.sync")
OFFLINE_PROBE_MIN_SECONDS = 5.0
OFFLINE_PROBE_MAX_SECONDS = 120.0


class SyncScheduler:
    def __init__(
        self,
        store: Store,
        engine: SyncEngine | None = None,
        *,
        interval_seconds: float = 60.0,
        rng: random.Random | None = None,
        retention_days: int | None = None,
        credential_rotation_days: int | None = None,
    ) -> None:
        self.engine = engine or SyncEngine(store)
        self.interval = interval_seconds
        self.rng = rng or random.Random()
        self.listeners: list[Callable[[PassReport], None]] = []
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._force = False
        self._force_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.online: bool | None = None
        self.store = store
        self.retention_days = retention_days
        self.credential_rotation_days = credential_rotation_days

    def poke(self, *, force: bool = True) -> None:
        """Run a pass soon: after a submit, or when staff press "Kirim sekarang"."""
        with self._force_lock:
            self._force = self._force or force
        self._wake.set()

    def start(self) -> None:
        self._thread = threading.Thread(target=self.run_forever, name="kiosk-sync", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Ends the sync thread; a pass under way stops before its next request or write."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.warning("the sync thread did not stop within %.0f s", timeout)

    def _pass(self, force: bool) -> PassReport:
        """One pass that never kills the scheduler: an unexpected error is reported, logged
        and retried later like an outage (the queue itself is safe in the store)."""
        try:
            return self.engine.run_once(force=force, cancel=self._stop)
        except Exception as exc:  # noqa: BLE001 - the sync thread must outlive any one failure
            log.error("sync pass failed: %s", type(exc).__name__, exc_info=True)
            return PassReport(offline=True, errors=[type(exc).__name__])

    def _purge_daily(self) -> None:
        """Storage limitation: once a day, delete documents the server has had long enough,
        and the jemput bola visits done as long ago."""
        if self.retention_days is None:
            return
        last = self.store.state.get(ms.RETENTION_LAST_RUN)
        now = utcnow()
        if last is not None and now - last < timedelta(days=1):
            return
        try:
            purge_acknowledged(self.store.core, self.store.audit, self.retention_days, now=now)
            purge_done_visits(self.store.core, self.store.audit, self.retention_days, now=now)
        except KioskError as exc:
            log.error("retention purge failed: %s", exc.code)
            return
        self.store.state.set(ms.RETENTION_LAST_RUN, now)

    def rotate_credential_when_due(self, now: datetime | None = None) -> bool:
        """Swaps the device credential for a fresh one every `credential_rotation_days`, so a
        secret copied off a device stops working on its own. Returns whether it rotated."""
        if self.credential_rotation_days is None:
            return False
        now = now or utcnow()
        age = credential_age(self.store, now)
        if age is None:  # enrolled by a version that kept no date: count from today
            self.store.state.set(ms.CREDENTIAL_SINCE, now)
            return False
        if age < timedelta(days=self.credential_rotation_days):
            return False
        try:
            rotate_credential(self.store)
        except (SyncError, KioskError) as exc:
            log.info("credential rotation postponed: %s", exc.code)
            return False
        return True

    def run_forever(self) -> None:
        offline_wait = OFFLINE_PROBE_MIN_SECONDS
        self._force = True  # start-up: power may just have come back
        while not self._stop.is_set():
            # Taken as the pass starts: a forced poke made while it runs forces the next one.
            with self._force_lock:
                force, self._force = self._force, False
            report = self._pass(force)
            was_online, self.online = self.online, not report.offline
            if self.online and was_online is False:
                log.info("connection is back; sending the queue")
                report = self._pass(True)
            if self._stop.is_set():
                return  # shutting down: no purge, no rotation, no report of a cut-short pass
            if not report.offline:
                self._purge_daily()
            if not report.offline and report.device_problem is None:
                self.rotate_credential_when_due()
            for listener in list(self.listeners):
                listener(report)
            if report.offline:
                wait = offline_wait * self.rng.uniform(0.5, 1.0)
                offline_wait = min(OFFLINE_PROBE_MAX_SECONDS, offline_wait * 2)
            else:
                offline_wait = OFFLINE_PROBE_MIN_SECONDS
                wait = self.interval
                if report.come_back_after is not None:
                    # The server said when (Retry-After): come back then, not a whole interval
                    # later; the refused rows are due by that time (SyncEngine._retry).
                    wait = min(wait, report.come_back_after)
            self._wake.wait(wait)
            self._wake.clear()
