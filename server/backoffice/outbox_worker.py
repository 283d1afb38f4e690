"""The back office's message sender: one thread delivering the outbox while the process runs.

It wakes when a decision queues a message (`outbox_wake`) and every `outbox_poll_seconds`
for retries that have come due. Delivery failures never reach the pages: they are the
outbox's business (retry, backoff, give up), visible on the application's review page.
"""

from __future__ import annotations

import logging
import threading

from ..messages import deliver_due
from .context import BackofficeContext

log = logging.getLogger("kiosk.server.messages")


class OutboxWorker:
    def __init__(self, context: BackofficeContext) -> None:
        self.context = context
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="outbox", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self.context.outbox_wake.set()
        self._thread.join(timeout=30)

    def _run(self) -> None:
        context = self.context
        while not self._stop.is_set():
            context.outbox_wake.clear()
            try:
                deliver_due(
                    context.database,
                    context.channels,
                    backoff_seconds=context.outbox_backoff_seconds,
                )
            except Exception:  # noqa: BLE001 - a database hiccup must not end the sender
                log.exception("outbox delivery pass failed; retrying later")
            context.outbox_wake.wait(context.outbox_poll_seconds)
