"""The outbox worker: one pass sends what is due, then pulls status changes back.

Bandwidth-friendly order: every due manifest first (a few hundred bytes each, so the server
knows about every waiting application early), then the attachments, oldest application first.
A small application goes whole in that first loop instead, in one request (sync.whole_upload).
Offline is not an error of any one application: the pass stops, nothing is counted against
the rows, and the scheduler probes again later. The pass never holds a database transaction
open across a network call.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import TypeVar
from uuid import UUID

from kiosk.applications import Status, can_transition
from kiosk.applications.late_sealing import seal_pending
from kiosk.errors import AttachmentUnreadable, IllegalTransition
from kiosk.local_store import Store
from kiosk.store import machine_state as ms
from kiosk.store.clock import utcnow
from kiosk.store.outbox import OutboxItem
from kiosk.updates import Releases
from sync import protocol as p
from sync.audit_upload import push_audit
from sync.client import SyncClient, is_offline
from sync.distribution import ConfigListener, Distribution, DistributionReport
from sync.enrollment import learn_seal_key, load_enrollment
from sync.errors import ErrorClass, SyncError
from sync.manifests import application_manifest
from sync.pass_lock import PassLock
from sync.signing_key import register_signing_key
from sync.survey_upload import push_survey
from sync.whole_upload import WholeUploads

log = logging.getLogger("kiosk.sync")
T = TypeVar("T")
BACKOFF_BASE_SECONDS = 5.0
BACKOFF_CAP_SECONDS = 600.0
RETRY_AFTER_JITTER_SECONDS = (0.05, 0.75)
"""Added to the server's Retry-After: within the second it names (the server already spreads
its refused clients over the seconds, server.api.backpressure.ComeBackClock)."""
MAX_TRANSFER_RETRIES = 5
SERVER_TO_LOCAL = {
    s.value: Status(s.value) for s in p.ApplicationStatus if s.value in {x.value for x in Status}
}


class PassStopped(Exception):
    """Nothing more goes this pass: cancelled, offline, or the device refused (see report)."""


@dataclass
class PassReport:
    manifests_sent: int = 0
    acknowledged: int = 0
    retry_later: int = 0
    needs_attention: int = 0
    changes_applied: int = 0
    bytes_sent: int = 0
    audit_uploaded: int = 0
    survey_uploaded: int = 0
    offline: bool = False
    busy: bool = False
    come_back_after: float | None = None
    """Seconds until the earliest retry the server asked for (Retry-After), if any."""
    device_problem: str | None = None
    audit_problem: str | None = None
    errors: list[str] = field(default_factory=list)
    distribution: DistributionReport = field(default_factory=DistributionReport)


def backoff_delay(attempts: int, rng: random.Random, retry_after: float | None = None) -> float:
    """The wait before the next attempt.

    With the server's Retry-After (a 429/503): exactly that plus a small jitter, however many
    attempts came before. The server computes it from its own load and spreads its refused
    clients over the coming seconds; exponential growth on top only left it idle while the
    kiosks slept. Never exactly Retry-After: a pooled connection reused at the moment the
    server's keep-alive timer closes it gets reset.

    Without one (a cut, a timeout, a 5xx): exponential backoff with equal jitter, capped.
    """
    if retry_after is not None:
        return min(BACKOFF_CAP_SECONDS, retry_after) + rng.uniform(*RETRY_AFTER_JITTER_SECONDS)
    ceiling = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2**attempts)
    return ceiling / 2 + rng.uniform(0, ceiling / 2)


class SyncEngine:
    def __init__(
        self,
        store: Store,
        client: SyncClient | None = None,
        *,
        rng: random.Random | None = None,
        now: Callable[[], datetime] = utcnow,
        chunk_bytes: int = p.MAX_CHUNK_BYTES,
        releases: Releases | None = None,
        on_config: ConfigListener | None = None,
    ) -> None:
        self.store = store
        self.distribution = Distribution(store, releases, on_config)
        self._client = client
        self._client_given = client is not None
        self.rng = rng or random.Random()
        self.now = now
        self.chunk_bytes = min(chunk_bytes, p.MAX_CHUNK_BYTES)
        self._lock = PassLock(store.data_dir / "sync.lock")
        self._cancel = threading.Event()
        self.whole = WholeUploads()

    def _drop_stale_client(self) -> None:
        """A credential rotated since the last pass (here or by `kiosk sync rotate-credential`
        in another process) means a new client; the old secret stops working."""
        if self._client_given or self._client is None:
            return
        enrollment = load_enrollment(self.store)
        if (enrollment.credential, enrollment.server_url) != (
            self._client.credential,
            self._client.base_url,
        ):
            self._client.close()
            self._client = None

    def client(self) -> SyncClient:
        if self._client is None:
            enrollment = load_enrollment(self.store)
            self._client = SyncClient(enrollment.server_url, credential=enrollment.credential)
        return self._client

    def run_once(self, *, force: bool = False, cancel: threading.Event | None = None) -> PassReport:
        """One pass. `force` ignores per-row backoff (on demand, or connectivity regained);
        `cancel` stops it before its next request (the app shutting down)."""
        report = PassReport()
        if not self._lock.acquire():
            report.busy = True
            return report
        self._cancel = cancel or threading.Event()
        try:
            self._stop_if_cancelled()
            self._run(report, force=force)
        except PassStopped:
            pass
        finally:
            self._lock.release()
        if not report.offline and report.device_problem is None and not report.errors:
            self.store.state.mark_synced(self.now())
        return report

    def _run(self, report: PassReport, *, force: bool) -> None:
        outbox = self.store.outbox
        outbox.recover_interrupted()
        self.whole.start_pass()
        self._drop_stale_client()
        self.client()  # raises NotEnrolled before any row is touched
        if not self._guarded(report, None, self._refresh_seal_key):
            # Without knowing whether the server has a key, nothing is sent (it might go in
            # clear to a server that expects sealed data); the status feed can still come.
            self._guarded(report, None, lambda: self._pull_changes(report))
            return
        # Once per device enrolled before bundle signing keys: from then on its USB bundles
        # are signed, and the server refuses MAC'd ones for it (docs/adr/0008).
        self._guarded(report, None, lambda: register_signing_key(self.store, self.client()))
        horizon = self.now() + (timedelta(days=36500) if force else timedelta())
        uploads: list[tuple[OutboxItem, p.UploadStatus]] = []
        for item in outbox.due(horizon):  # phase 1: manifests
            status = self._guarded(report, item, partial(self._send_manifest, item, report))
            if status is None:
                continue
            if status.status is p.ApplicationStatus.INCOMPLETE:
                uploads.append((item, status))
            else:
                self._acknowledge(item, report)
        for item, status in uploads:  # phase 2: attachments, oldest first
            done = self._guarded(report, item, partial(self._upload, item, status, report))
            if done is None:
                continue
            if done is p.ApplicationStatus.INCOMPLETE:
                self._retry(
                    item,
                    report,
                    SyncError(
                        ErrorClass.RETRYABLE,
                        "still_incomplete",
                        "Server belum menerima semua lampiran",
                        "The server still lacks attachments",
                    ),
                )
            else:
                self._acknowledge(item, report)
        self._guarded(report, None, lambda: self._pull_changes(report))
        self._guarded(report, None, lambda: self._push_audit(report))
        self._guarded(
            report,
            None,
            lambda: push_survey(self.store, self.client(), self._stop_if_cancelled, report),
        )
        self._guarded(report, None, self._pull_operators)
        self._guarded(
            report,
            None,
            lambda: self.distribution.run(self.client(), report.distribution, self._cancel),
        )

    def _stop_if_cancelled(self) -> None:
        if self._cancel.is_set():
            raise PassStopped()

    def _guarded(
        self, report: PassReport, item: OutboxItem | None, call: Callable[[], T]
    ) -> T | None:
        """Runs one step of the pass; None when it failed for this item only.

        Raises PassStopped when nothing more can go this pass: cancelled, offline, or the
        server refusing the device (the item goes back to pending, no attempt counted).
        """
        self._stop_if_cancelled()
        try:
            return call()
        except SyncError as error:
            self._handle_error(report, item, error)
        except AttachmentUnreadable as error:
            if item is not None:
                self.store.outbox.mark_needs_attention(item.pk, error.code, str(error))
                report.needs_attention += 1
        except PassStopped:  # cancelled half way through this item
            if item is not None:
                self.store.outbox.release(item.pk)
            raise
        return None

    def _handle_error(self, report: PassReport, item: OutboxItem | None, error: SyncError) -> None:
        report.errors.append(error.code)
        if is_offline(error) or error.kind is ErrorClass.DEVICE:
            if is_offline(error):
                report.offline = True
                log.info("offline: %s", error.code)
            else:
                report.device_problem = error.code
                self.store.state.set(ms.DEVICE_PROBLEM, f"{error.code}: {error.message}")
                log.warning("server refused this device: %s", error.code)
            if item is not None:
                self.store.outbox.release(item.pk)
            raise PassStopped() from error
        if item is None:
            log.info("status feed failed: %s", error.code)
        elif error.kind is ErrorClass.NEEDS_PERSON and error.code != "hash_mismatch":
            self.store.outbox.mark_needs_attention(item.pk, error.code, error.message)
            report.needs_attention += 1
            log.warning("application %s needs attention: %s", item.number, error.code)
        elif item.attempts + 1 >= MAX_TRANSFER_RETRIES and error.code == "hash_mismatch":
            self.store.outbox.mark_needs_attention(item.pk, error.code, error.message)
            report.needs_attention += 1
        else:
            self._retry(item, report, error)

    def _retry(self, item: OutboxItem, report: PassReport, error: SyncError) -> None:
        delay = backoff_delay(item.attempts, self.rng, error.retry_after)
        self.store.outbox.mark_retry(
            item.pk, self.now() + timedelta(seconds=delay), error.code, error.message
        )
        report.retry_later += 1
        if error.retry_after is not None:
            earliest = report.come_back_after
            report.come_back_after = delay if earliest is None else min(earliest, delay)

    def _refresh_seal_key(self) -> bool:
        """Fetches the server's sealing key, then seals what was queued before it was known."""
        if learn_seal_key(self.store, self.client()):
            seal_pending(self.store.core, self.store.audit, cancel=self._cancel)
        return True

    def manifest_for(self, item: OutboxItem) -> p.ApplicationManifest:
        return application_manifest(self.store, item)

    def _send_manifest(self, item: OutboxItem, report: PassReport) -> p.UploadStatus:
        """The whole application in one request when it fits, else phase one (the manifest)."""
        self.store.outbox.mark_sending(item.pk)
        manifest = self.manifest_for(item)
        sent = None
        if self.whole.fits(item, manifest):
            sent = self.whole.send(self.client(), self.store, item, manifest)
        if sent is None:
            status = self.client().put_manifest(manifest, item.operator)
        else:
            status, attachment_bytes = sent
            report.bytes_sent += attachment_bytes
        report.manifests_sent += 1
        self._move_local(item.application_id, item.version, Status.SENT)
        return status

    def _upload(
        self, item: OutboxItem, status: p.UploadStatus, report: PassReport
    ) -> p.ApplicationStatus:
        self.store.outbox.mark_sending(item.pk)
        client, app_id = self.client(), UUID(item.application_id)
        result = status.status
        for missing in status.missing:
            data = self.store.records.read_attachment(missing.sha256)
            offset, resyncs = missing.offset, 0
            while offset < len(data):
                self._stop_if_cancelled()
                chunk = data[offset : offset + self.chunk_bytes]
                try:
                    progress = client.put_chunk(
                        app_id,
                        item.version,
                        missing.sha256,
                        chunk,
                        offset,
                        len(data),
                        item.operator,
                    )
                except SyncError as error:
                    if error.code != "offset_mismatch" or resyncs >= 3:
                        raise
                    resyncs += 1
                    offset = client.attachment_offset(app_id, item.version, missing.sha256)
                    continue
                report.bytes_sent += len(chunk)
                offset, result = progress.offset, progress.application_status
        return result

    def _acknowledge(self, item: OutboxItem, report: PassReport) -> None:
        self.store.outbox.mark_acknowledged(item.pk)
        self._move_local(item.application_id, item.version, Status.RECEIVED)
        report.acknowledged += 1

    def _move_local(
        self,
        app_id: str,
        version: int,
        target: Status,
        reason: str | None = None,
        fix: str | None = None,
    ) -> bool:
        current = Status(self._status_of(app_id, version))
        if current is target or not can_transition(current, target):
            return False
        try:
            self.store.records.transition(
                app_id, version, target, reason=reason, fix_hint=fix, source="server"
            )
        except IllegalTransition:
            return False  # another writer moved it meanwhile
        return True

    def _status_of(self, app_id: str, version: int) -> str:
        return next(s.status for s in self.store.records.find_by_id(app_id) if s.version == version)

    def _pull_changes(self, report: PassReport) -> None:
        cursor = self.store.state.get(ms.FEED_CURSOR)
        while True:
            self._stop_if_cancelled()
            page = self.client().changes(cursor)
            for entry in page.entries:
                if self._apply_change(entry):
                    report.changes_applied += 1
            cursor = page.cursor
            self.store.state.set(ms.FEED_CURSOR, cursor)
            if not page.has_more:
                return

    def _push_audit(self, report: PassReport) -> None:
        """The audit chain goes to the server, which re-verifies it (sync.audit_upload)."""
        report.audit_problem = push_audit(
            self.store, self.client(), self._stop_if_cancelled, report
        )

    def _pull_operators(self) -> None:
        listing = self.client().operators()
        if listing.revision == self.store.state.get(ms.OPERATORS_REVISION):
            return
        self.store.accounts.replace_from_server(
            [o.model_dump(mode="json") for o in listing.operators]
        )
        self.store.state.set(ms.OPERATORS_REVISION, listing.revision)

    def _apply_change(self, entry: p.ChangeEntry) -> bool:
        target = SERVER_TO_LOCAL.get(entry.status.value)
        app_id = str(entry.application_id)
        local = [s for s in self.store.records.find_by_id(app_id) if s.version == entry.version]
        if target is None or not local:
            return False  # another kiosk's application, or not complete yet
        current = Status(local[0].status)
        if current in (Status.SUBMITTED, Status.SENT):
            # The server has it complete: an acknowledgement this kiosk never saw.
            self.store.outbox.acknowledge_application(app_id, entry.version)
            self._move_local(app_id, entry.version, Status.RECEIVED)
        return self._move_local(app_id, entry.version, target, entry.reason, entry.fix)
