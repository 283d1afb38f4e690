"""A pass stops one way, in every phase: when the link drops, when the server refuses the
device, and when the pass is cancelled (the app shutting down), no further request is made."""

from __future__ import annotations

import threading
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from kiosk.local_store import Store
from sync import protocol as p
from sync.engine import SyncEngine
from sync.errors import ErrorClass, SyncError, offline
from tests.helpers.applications import ktp_el_hilang

PHASES = (
    "public_key",
    "put_signing_key",
    "put_manifest",
    "put_chunk",
    "changes",
    "audit_head",
    "operators",
)


class RecordingClient:
    """Answers like a server that has nothing yet; `stop_at` is where the pass gets stopped."""

    def __init__(self, stop_at: str, how: str, cancel: threading.Event) -> None:
        self.calls: list[str] = []
        self.stop_at, self.how, self.cancel = stop_at, how, cancel
        self.credential, self.base_url = "secret", "http://server.invalid"

    def _call(self, name: str) -> None:
        self.calls.append(name)
        if name != self.stop_at:
            return
        if self.how == "offline":
            raise offline("cut")
        if self.how == "device":
            raise SyncError(ErrorClass.DEVICE, "device_revoked", "dicabut", "revoked")
        self.cancel.set()  # "cancel": the app shuts down while this call is answered

    def public_key(self) -> None:
        self._call("public_key")

    def put_signing_key(self, public_key: str) -> Any:
        self._call("put_signing_key")
        return SimpleNamespace(public_key=public_key)

    def put_whole(self, manifest: p.ApplicationManifest, parts: Any, operator: str) -> Any:
        """A server without the one request (404): the pass goes on with the two phases,
        whose steps are the stop points here (the one request: tests/sync/test_whole_sync)."""
        raise SyncError(ErrorClass.NEEDS_PERSON, "not_found", "tidak ada", "not found", status=404)

    def put_manifest(self, manifest: p.ApplicationManifest, operator: str) -> Any:
        self._call("put_manifest")
        missing = [
            SimpleNamespace(sha256=a.sha256, offset=0, size=a.size) for a in manifest.attachments
        ]
        return SimpleNamespace(status=p.ApplicationStatus.INCOMPLETE, missing=missing)

    def put_chunk(self, *args: Any) -> Any:
        self._call("put_chunk")
        chunk, offset, total = args[3], args[4], args[5]
        done = offset + len(chunk) >= total
        status = p.ApplicationStatus.RECEIVED if done else p.ApplicationStatus.INCOMPLETE
        return SimpleNamespace(offset=offset + len(chunk), application_status=status)

    def changes(self, cursor: str) -> Any:
        self._call("changes")
        return SimpleNamespace(entries=[], cursor="c1", has_more=False)

    def audit_head(self) -> Any:
        self._call("audit_head")
        return SimpleNamespace(last_seq=0, last_hash="")  # nothing yet: the chain is posted

    def post_audit(self, batch: Any) -> Any:
        self._call("post_audit")
        newest = batch.entries[-1]
        return SimpleNamespace(last_seq=newest.seq, last_hash=newest.hash)

    def operators(self) -> Any:
        self._call("operators")
        return SimpleNamespace(revision="r1", operators=[])

    def close(self) -> None:
        pass


@pytest.mark.parametrize("how", ["offline", "device", "cancel"])
@pytest.mark.parametrize("stop_at", PHASES)
def test_a_stopped_pass_makes_no_further_request(
    data_dir: Path, stop_at: str, how: str, expected_warnings: set[str]
) -> None:
    expected_warnings.add("kiosk.sync")  # a refused device is logged as a warning
    store = Store.open(data_dir)
    try:
        for serial in (1, 2):
            store.submission.submit(ktp_el_hilang(serial))
        cancel = threading.Event()
        client = RecordingClient(stop_at, how, cancel)
        report = SyncEngine(store, client).run_once(cancel=cancel)  # type: ignore[arg-type]
        assert client.calls.count(stop_at) == 1
        assert client.calls[-1] == stop_at, client.calls
        assert report.offline is (how == "offline")
        assert (report.device_problem is not None) is (how == "device")
        # Whatever was not sent is still waiting, with no attempt counted against it.
        assert all(item.attempts == 0 for item in store.outbox.due())
    finally:
        store.close()
