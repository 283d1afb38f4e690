"""The 200-kiosks-at-once ingest part of bench/sync.py (split out to keep modules small)."""

from __future__ import annotations

import json
import math
import random
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.ingest_apps import DOCUMENTS, bench_manifest, manifest_json, whole_body  # noqa: E402
from server.config import resolve_settings  # noqa: E402
from server.db import Database  # noqa: E402
from server.enrollment import create_code, load_enrollment_key  # noqa: E402
from server.enrollment import enroll as server_enroll  # noqa: E402
from server.errors import ServerError  # noqa: E402
from sync import protocol as p  # noqa: E402
from sync.engine import backoff_delay  # noqa: E402
from tests.helpers.applications import fake_jpeg  # noqa: E402
from tests.helpers.processes import ServerProcess  # noqa: E402

OFFICE = "31.71.01"
INGEST_DEADLINE_SECONDS = 180.0
INGEST_DOCUMENTS = DOCUMENTS
MAX_ATTEMPTS_PER_REQUEST = 8
REQUEST_TIMEOUT = (10.0, 30.0)  # connect, stall (requests applies it per socket read)
RETRYABLE_STATUSES = {408, 429, 500, 502, 503, 504}
CHUNKS_INSTEAD = frozenset({404, 405, 413})
"""Answers to the one request after which the kiosk sends the two phases (sync.whole_upload)."""
UVICORN_KEEP_ALIVE_SECONDS = 5.0  # uvicorn's default timeout_keep_alive; kiosk-server keeps it


def _json_body_bytes(body: Any) -> int:
    """Length of a JSON body exactly as requests encodes `json=` (default separators)."""
    return len(json.dumps(body, allow_nan=False).encode("utf-8"))


@dataclass
class KioskOutcome:
    received: bool = False
    latency: float | None = None
    retries: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    request_seconds: list[float] = field(default_factory=list)
    admitted_seconds: list[float] = field(default_factory=list)
    """Requests the server took on (answered 2xx), not the designed 429/503 refusals."""
    refused: int = 0
    error_samples: dict[str, str] = field(default_factory=dict)
    error_idle: list[float] = field(default_factory=list)
    spans: list[tuple[float, float, str]] = field(default_factory=list)
    """(start, end, kind) on time.monotonic(): "admitted" (a request answered 2xx), "refused"
    (one answered 429/503), "other" (any other answer or error) and "backoff" (the wait
    after a refusal or an error); bench/ingest_timeline.py adds them up per second."""


@dataclass
class IngestResult:
    backend: str
    kiosks: int
    enrolled: int
    received: int
    wall_seconds: float
    latencies: list[float]
    request_seconds: list[float]
    admitted_seconds: list[float]
    refused: int
    retries: int
    errors: Counter[str]
    payload_bytes: int
    on_server_received: int
    on_server_rows: int
    server_log_errors: int
    error_samples: dict[str, str]
    network_errors_after_keepalive_idle: int
    released_at: float = 0.0
    """time.monotonic() when the barrier released the herd."""
    spans: list[list[tuple[float, float, str]]] = field(default_factory=list)
    """Each kiosk's KioskOutcome.spans."""


class SimulatedKiosk:
    """One kiosk that was offline with one application queued and now gets its link back."""

    def __init__(
        self,
        base_url: str,
        credential: str,
        index: int,
        attachment_bytes: int,
        stop: threading.Event,
    ) -> None:
        self.base_url = base_url
        self.rng = random.Random(index)
        self.stop = stop
        self.deadline = 0.0
        self.session = requests.Session()
        self.headers = {"Authorization": f"Bearer {credential}", p.HEADER_OPERATOR: "petugas1"}
        self.outcome = KioskOutcome()
        self.idle_since = time.monotonic()
        self.application_id = uuid.uuid4()
        size_spread = attachment_bytes // 10
        self.documents = [
            (
                code,
                fake_jpeg(
                    self.rng.randint(
                        attachment_bytes - size_spread, attachment_bytes + size_spread
                    ),
                    index * 8 + n,
                ),
            )
            for n, code in enumerate(INGEST_DOCUMENTS)
        ]
        manifest = bench_manifest(f"BENCH-{index:05d}", index, self.documents, self.application_id)
        self.manifest = manifest_json(manifest)
        self.whole = whole_body(manifest, self.documents)
        """What the kiosk sends first: the whole application in one request."""
        self.by_chunks = False

    @property
    def payload_bytes(self) -> int:
        """Bytes sent for the application: the one body, or the manifest and the chunks."""
        if not self.by_chunks:
            return len(self.whole)
        return _json_body_bytes(self.manifest) + sum(len(d) for _, d in self.documents)

    def _request(
        self,
        method: str,
        path: str,
        headers: dict[str, str] | None = None,
        passthrough: frozenset[int] = frozenset(),
        retry_network: bool = True,
        **kwargs: Any,
    ) -> requests.Response | None:
        """One protocol request; retryable answers wait the kiosk's backoff, then go again.
        An answer in `passthrough` is returned as it is (the caller takes another way);
        without `retry_network`, a cut, a timeout or a 408 ends it (None)."""
        all_headers = {**self.headers, **(headers or {})}
        for attempt in range(MAX_ATTEMPTS_PER_REQUEST):
            if self.stop.is_set() or time.monotonic() > self.deadline:
                return None
            started = time.perf_counter()
            began = time.monotonic()
            started_idle = began - self.idle_since
            retry_after: float | None = None
            kind = "other"
            try:
                response = self.session.request(
                    method,
                    self.base_url + path,
                    headers=all_headers,
                    timeout=REQUEST_TIMEOUT,
                    **kwargs,
                )
                self.idle_since = time.monotonic()
            except requests.RequestException as exc:
                self.idle_since = time.monotonic()
                self.outcome.error_idle.append(started_idle)
                name = type(exc).__name__
                self.outcome.errors[name] += 1
                phase = (
                    "chunk"
                    if "attachments" in path
                    else "whole"
                    if path.endswith("/whole")
                    else "manifest"
                )
                self.outcome.error_samples.setdefault(
                    name,
                    f"{method} {phase}, {started_idle:.2f} s after the previous request: {exc}"[
                        :240
                    ],
                )
                if not retry_network:
                    self.outcome.spans.append((began, time.monotonic(), "other"))
                    return None
            else:
                if response.ok:
                    took = time.perf_counter() - started
                    self.outcome.request_seconds.append(took)
                    self.outcome.admitted_seconds.append(took)
                    self.outcome.spans.append((began, time.monotonic(), "admitted"))
                    return response
                if response.status_code in passthrough:
                    self.outcome.spans.append((began, time.monotonic(), "other"))
                    return response
                if response.status_code in (429, 503):
                    kind = "refused"
                self.outcome.errors[str(response.status_code)] += 1
                self.outcome.refused += response.status_code in (429, 503)
                if response.status_code not in RETRYABLE_STATUSES or (
                    response.status_code == 408 and not retry_network
                ):
                    self.outcome.spans.append((began, time.monotonic(), kind))
                    return None  # needs a person: a real kiosk would park this application
                header = response.headers.get(p.HEADER_RETRY_AFTER, "")
                retry_after = float(header) if header.isdigit() else None
            self.outcome.request_seconds.append(time.perf_counter() - started)
            answered = time.monotonic()
            self.outcome.spans.append((began, answered, kind))
            self.outcome.retries += 1
            delay = backoff_delay(attempt, self.rng, retry_after)
            self.stop.wait(max(0.0, min(delay, self.deadline - time.monotonic())))
            self.outcome.spans.append((answered, time.monotonic(), "backoff"))
        return None

    def run(self, barrier: threading.Barrier, deadline_seconds: float) -> None:
        try:
            barrier.wait(timeout=120)
        except threading.BrokenBarrierError:
            return
        started = time.perf_counter()
        self.deadline = time.monotonic() + deadline_seconds
        try:
            self.outcome.received = self._send()
        finally:
            self.session.close()
        if self.outcome.received:
            self.outcome.latency = time.perf_counter() - started

    def _send(self) -> bool:
        """As sync.whole_upload: one request; the two phases after 404/405/413, a cut or a
        timeout, and for whatever the one request's answer still lists as missing."""
        response = self._request(
            "PUT",
            p.whole_path(self.application_id, 1),
            {"Content-Type": p.WHOLE_CONTENT_TYPE},
            CHUNKS_INSTEAD,
            data=self.whole,
            retry_network=False,
        )
        if response is None or not response.ok:
            self.by_chunks = True
            response = self._request(
                "PUT", p.manifest_path(self.application_id, 1), json=self.manifest
            )
        if response is None:
            return False
        status = response.json()
        if status["status"] == p.ApplicationStatus.RECEIVED:
            return True
        data_by_sha = {
            ref["sha256"]: data
            for ref, (_, data) in zip(self.manifest["attachments"], self.documents, strict=True)
        }
        state = status["status"]
        for missing in status["missing"]:
            data, offset = data_by_sha[missing["sha256"]], missing["offset"]
            while offset < len(data):
                chunk = data[offset : offset + p.MAX_CHUNK_BYTES]
                response = self._request(
                    "PUT",
                    p.attachment_path(self.application_id, 1, missing["sha256"]),
                    data=chunk,
                    headers={
                        "Content-Type": p.CHUNK_CONTENT_TYPE,
                        p.HEADER_CONTENT_RANGE: p.format_content_range(
                            offset, offset + len(chunk) - 1, len(data)
                        ),
                    },
                )
                if response is None:
                    return False
                progress = response.json()
                offset, state = progress["offset"], progress["application_status"]
        return state == p.ApplicationStatus.RECEIVED


def _enroll_all(database_url: str, data_dir: Path, count: int) -> tuple[list[str], Counter[str]]:
    """Credentials for `count` kiosks, through the server's own enrollment service.

    In-process, before the herd: these kiosks enrolled long ago, and the HTTP route limits
    enrollment per client address (all simulated kiosks share 127.0.0.1), so 200 enrollments
    over HTTP would take many minutes of Retry-After and measure nothing of interest.
    Returns the credentials and the refusals by error class.
    """
    settings = resolve_settings(database_url, data_dir)
    enrollment_key = load_enrollment_key(settings.keys_dir)
    database = Database(database_url)
    credentials: list[str] = []
    refused: Counter[str] = Counter()
    try:
        for index in range(count):
            code = create_code(database, OFFICE, 1, "bench")
            request = p.EnrollRequest(
                device_id=uuid.uuid4(), code=code, device_name=f"bench-{index}"
            )
            try:
                response, _created = server_enroll(database, enrollment_key, request)
            except ServerError as exc:
                refused[type(exc).__name__] += 1
                continue
            credentials.append(response.credential)
    finally:
        database.dispose()
    return credentials, refused


def run_ingest(
    root: Path,
    backend: str,
    database_url: str,
    kiosks: int,
    attachment_bytes: int,
    stop: threading.Event,
    *,
    storage_env: dict[str, str] | None = None,
    serve_args: tuple[str, ...] = (),
) -> IngestResult:
    """`backend` names the run (and its data dir); `storage_env` and `serve_args` choose the
    storage and the processes (`--workers 2`)."""
    folder = root / ("ingest-" + "".join(c if c.isalnum() else "-" for c in backend))
    server = ServerProcess(folder, database_url, env=storage_env, serve_args=serve_args)
    credentials, refused = _enroll_all(database_url, server.data_dir, kiosks)
    try:
        server.start()
        herd = [
            SimulatedKiosk(server.url, credential, index, attachment_bytes, stop)
            for index, credential in enumerate(credentials)
        ]
        barrier = threading.Barrier(len(herd) + 1)
        threads = [
            threading.Thread(target=k.run, args=(barrier, INGEST_DEADLINE_SECONDS), daemon=True)
            for k in herd
        ]
        for thread in threads:
            thread.start()
        barrier.wait(timeout=120)
        released_at = time.monotonic()
        started = time.perf_counter()
        for thread in threads:
            thread.join(INGEST_DEADLINE_SECONDS + 60)
        wall = time.perf_counter() - started
        on_server = server.applications()
        log_text = server.log_path.read_text(errors="replace")
    finally:
        server.stop()
    errors: Counter[str] = Counter({f"enroll {k}": n for k, n in refused.items()})
    samples: dict[str, str] = {}
    for kiosk in herd:
        errors.update(kiosk.outcome.errors)
        for name, sample in kiosk.outcome.error_samples.items():
            samples.setdefault(name, sample)
    return IngestResult(
        backend=backend,
        kiosks=kiosks,
        enrolled=len(herd),
        received=sum(k.outcome.received for k in herd),
        wall_seconds=wall,
        latencies=[k.outcome.latency for k in herd if k.outcome.latency is not None],
        request_seconds=[s for k in herd for s in k.outcome.request_seconds],
        admitted_seconds=[s for k in herd for s in k.outcome.admitted_seconds],
        refused=sum(k.outcome.refused for k in herd),
        retries=sum(k.outcome.retries for k in herd),
        errors=errors,
        payload_bytes=sum(k.payload_bytes for k in herd if k.outcome.received),
        on_server_received=sum(1 for a in on_server if a["status"] == "received"),
        on_server_rows=len(on_server),
        error_samples=samples,
        network_errors_after_keepalive_idle=sum(
            1
            for kiosk in herd
            for idle in kiosk.outcome.error_idle
            if abs(idle - UVICORN_KEEP_ALIVE_SECONDS) < 0.25
        ),
        server_log_errors=sum(
            1 for line in log_text.splitlines() if " ERROR " in line or "Traceback" in line
        ),
        released_at=released_at,
        spans=[k.outcome.spans for k in herd],
    )


# --- printing ------------------------------------------------------------------------------
def _percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (no interpolation), NaN for an empty sample."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(1, math.ceil(fraction * len(ordered))) - 1]
