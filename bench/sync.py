"""Sync figures of issue 4: goodput on a 1 Mbit/s link, wire overhead, and ingest under a herd.

Prints numbers, asserts nothing. Run from the repository root:

    .venv/bin/python bench/sync.py                 # everything, about 2-3 minutes on 2 cores
    .venv/bin/python bench/sync.py --quick         # smaller link part, 50 kiosks
    .venv/bin/python bench/sync.py --kiosks 200 --link-applications 24

1. Goodput: the real kiosk sync engine (`SyncEngine.run_once`) pushes queued applications to
   a real `kiosk-server serve` (PostgreSQL) through the project's FaultProxy throttled to
   125,000 B/s. Goodput = (manifest JSON + attachment bytes) / seconds; shown as a ratio of
   the cap.
2. Wire bytes: the proxy's byte counters (both directions, TCP payload) per application,
   against the attachments' own bytes.
3. Ingest: N simulated kiosks (threads, `requests`), enrolled beforehand, released together by
   a barrier; each PUTs one manifest and three ~150 KB attachments. 429/503 are retried after
   the kiosk engine's own backoff (never sooner than Retry-After). SQLite and PostgreSQL
   servers run one after the other in the same invocation and are printed side by side.

Everything listens on and talks to 127.0.0.1 only. Every process and temp dir is removed at
the end, also on Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import math
import os
import random
import shutil
import signal
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kiosk.store import Store  # noqa: E402
from server.config import resolve_settings  # noqa: E402
from server.db import Database  # noqa: E402
from server.enrollment import create_code, load_server_key  # noqa: E402
from server.enrollment import enroll as server_enroll  # noqa: E402
from server.errors import ServerError  # noqa: E402
from sync import protocol as p  # noqa: E402
from sync.engine import SyncEngine, backoff_delay  # noqa: E402
from sync.enrollment import enroll  # noqa: E402
from tests.helpers.applications import fake_jpeg, ktp_el_hilang, make_nik  # noqa: E402
from tests.helpers.faultproxy import BUFFER, FaultProxy  # noqa: E402
from tests.helpers.postgres import PostgresCluster, find_bin_dir, start_cluster  # noqa: E402
from tests.helpers.processes import ServerProcess  # noqa: E402

OFFICE = "31.71.01"
LINK_CAP_BYTES_PER_SECOND = 125_000  # 1 Mbit/s
LINK_BURST_BYTES = BUFFER  # one proxy read (16 KiB, ~0.13 s of the cap): see run_link
LINK_DEADLINE_SECONDS = 240.0
INGEST_DEADLINE_SECONDS = 180.0
REQUEST_TIMEOUT = (10.0, 30.0)  # connect, stall (requests applies it per socket read)
MAX_ATTEMPTS_PER_REQUEST = 8
RETRYABLE_STATUSES = {408, 429, 500, 502, 503, 504}
UVICORN_KEEP_ALIVE_SECONDS = 5.0  # uvicorn's default timeout_keep_alive; kiosk-server keeps it
INGEST_DOCUMENTS = ("kk", "ktp-el", "bukti-perubahan")  # the three of ktp-el-perubahan


# --- 1 and 2: the real sync engine through a 1 Mbit/s link ---------------------------------
@dataclass
class LinkResult:
    backend: str
    applications: int
    burst_bytes: int
    acknowledged: int
    on_server_received: int
    passes: int
    seconds: float
    manifest_bytes: int
    attachment_bytes: int
    bytes_upstream: int
    bytes_downstream: int
    engine_errors: Counter[str]


def _json_body_bytes(body: Any) -> int:
    """Length of a JSON body exactly as requests encodes `json=` (default separators)."""
    return len(json.dumps(body, allow_nan=False).encode("utf-8"))


def run_link(
    root: Path,
    backend: str,
    database_url: str,
    applications: int,
    attachment_bytes: int,
    burst_bytes: int,
) -> LinkResult:
    """Queues applications on a real kiosk store, then syncs them through the capped proxy.

    The bucket is kept shallow (`burst_bytes`): with the proxy's default of one second's
    worth, time the link sits idle (server think time between chunks) is paid back later and
    goodput looks better than a real 1 Mbit/s line would give.
    """
    server = ServerProcess(root / "link-server", database_url)
    proxy = FaultProxy(server.port)
    store = Store.open(root / "link-kiosk")
    engine = SyncEngine(store)
    try:
        server.start()
        enroll(store, proxy.url, server.enrollment_code(OFFICE), "bench-link")
        for serial in range(applications):
            store.submit(ktp_el_hilang(serial, attachment_size=attachment_bytes))
        items = store.outbox.due()
        manifest_bytes = sum(
            _json_body_bytes(engine.manifest_for(item).model_dump(mode="json")) for item in items
        )
        payload_attachments = sum(item.total_bytes for item in items)
        proxy.bytes_upstream = proxy.bytes_downstream = 0
        proxy.throttle(LINK_CAP_BYTES_PER_SECOND, burst_bytes=burst_bytes)
        errors: Counter[str] = Counter()
        passes = 0
        started = time.monotonic()
        while time.monotonic() - started < LINK_DEADLINE_SECONDS:
            report = engine.run_once(force=True)
            passes += 1
            errors.update(report.errors)
            if store.outbox.counts()["pending"] == 0:
                break
            if report.offline or report.device_problem:
                time.sleep(1.0)  # never spin on a dead link; the elapsed time shows it
        seconds = time.monotonic() - started
        up, down = proxy.bytes_upstream, proxy.bytes_downstream
        proxy.throttle(None)
        acknowledged = store.outbox.counts()["acknowledged"]
        received = sum(1 for a in server.applications() if a["status"] == "received")
        return LinkResult(
            backend=backend,
            applications=applications,
            burst_bytes=burst_bytes,
            acknowledged=acknowledged,
            on_server_received=received,
            passes=passes,
            seconds=seconds,
            manifest_bytes=manifest_bytes,
            attachment_bytes=payload_attachments,
            bytes_upstream=up,
            bytes_downstream=down,
            engine_errors=errors,
        )
    finally:
        if store.get_state("sync.credential"):
            engine.client().close()
        store.close()
        proxy.close()
        server.stop()


# --- 3: many kiosks reconnecting at once ---------------------------------------------------
@dataclass
class KioskOutcome:
    received: bool = False
    latency: float | None = None
    retries: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    request_seconds: list[float] = field(default_factory=list)
    error_samples: dict[str, str] = field(default_factory=dict)
    error_idle: list[float] = field(default_factory=list)


@dataclass
class IngestResult:
    backend: str
    kiosks: int
    enrolled: int
    received: int
    wall_seconds: float
    latencies: list[float]
    request_seconds: list[float]
    retries: int
    errors: Counter[str]
    payload_bytes: int
    on_server_received: int
    on_server_rows: int
    server_log_errors: int
    error_samples: dict[str, str]
    network_errors_after_keepalive_idle: int


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
        self.manifest = self._manifest(index)

    def _manifest(self, index: int) -> dict[str, Any]:
        return p.ApplicationManifest(
            application_id=self.application_id,
            version=1,
            number=f"BENCH-{index:05d}",
            service_code="ktp-el-perubahan",
            submitted_by="petugas1",
            created_at=datetime.now(UTC),
            fields={"nik": make_nik(index), "name": "WARGA UJI", "phone": "081234567890"},
            attachments=[
                p.AttachmentRef(
                    document_code=code,
                    sha256=hashlib.sha256(data).hexdigest(),
                    size=len(data),
                    content_type="image/jpeg",
                )
                for code, data in self.documents
            ],
        ).model_dump(mode="json")

    @property
    def payload_bytes(self) -> int:
        return _json_body_bytes(self.manifest) + sum(len(d) for _, d in self.documents)

    def _request(
        self, method: str, path: str, headers: dict[str, str] | None = None, **kwargs: Any
    ) -> requests.Response | None:
        """One protocol request; retryable answers wait the kiosk's backoff, then go again."""
        all_headers = {**self.headers, **(headers or {})}
        for attempt in range(MAX_ATTEMPTS_PER_REQUEST):
            if self.stop.is_set() or time.monotonic() > self.deadline:
                return None
            started = time.perf_counter()
            started_idle = time.monotonic() - self.idle_since
            retry_after: float | None = None
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
                phase = "chunk" if "attachments" in path else "manifest"
                self.outcome.error_samples.setdefault(
                    name,
                    f"{method} {phase}, {started_idle:.2f} s after the previous request: {exc}"[
                        :240
                    ],
                )
            else:
                if response.ok:
                    self.outcome.request_seconds.append(time.perf_counter() - started)
                    return response
                self.outcome.errors[str(response.status_code)] += 1
                if response.status_code not in RETRYABLE_STATUSES:
                    return None  # needs a person: a real kiosk would park this application
                header = response.headers.get(p.HEADER_RETRY_AFTER, "")
                retry_after = float(header) if header.isdigit() else None
            self.outcome.request_seconds.append(time.perf_counter() - started)
            self.outcome.retries += 1
            delay = backoff_delay(attempt, self.rng, retry_after)
            self.stop.wait(max(0.0, min(delay, self.deadline - time.monotonic())))
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
        path = p.manifest_path(self.application_id, 1)
        response = self._request("PUT", path, json=self.manifest)
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
    server_key = load_server_key(settings.keys_dir)
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
                response, _created = server_enroll(database, server_key, request)
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
) -> IngestResult:
    server = ServerProcess(root / f"ingest-{backend}", database_url)
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
    )


# --- printing ------------------------------------------------------------------------------
def _percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (no interpolation), NaN for an empty sample."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(1, math.ceil(fraction * len(ordered))) - 1]


def print_link(result: LinkResult, attachment_bytes: int) -> None:
    payload = result.manifest_bytes + result.attachment_bytes
    goodput = payload / result.seconds
    wire = result.bytes_upstream + result.bytes_downstream
    per_app_wire = wire / result.applications
    per_app_attachments = result.attachment_bytes / result.applications
    print()
    print("[1] Goodput through a 1 Mbit/s link")
    print("    what: the real SyncEngine.run_once(force=True) -> FaultProxy.throttle(125000 B/s)")
    print(
        f"          -> kiosk-server serve ({result.backend}); one token bucket "
        f"({result.burst_bytes:,} B"
    )
    print("          deep) shared by both directions. goodput = (manifest JSON + attachment")
    print("          bytes) / elapsed seconds of the passes; ratio = goodput / 125000 B/s;")
    print("          link busy = all bytes through the proxy / elapsed / 125000 B/s.")
    print(
        f"    load: {result.applications} applications x (kk + surat-kehilangan, "
        f"{attachment_bytes // 1000} KB each, + generated F-1.02 PDF) = "
        f"{payload / 1e6:.2f} MB = {payload / LINK_CAP_BYTES_PER_SECOND:.0f} s at the cap "
        "(24 applications, the default, are sized for about a minute)"
    )
    print(
        f"    elapsed {result.seconds:.1f} s in {result.passes} pass(es); acknowledged "
        f"{result.acknowledged}/{result.applications}; received on server "
        f"{result.on_server_received}; engine errors: {_counter(result.engine_errors)}"
    )
    print(
        f"    goodput {goodput:,.0f} B/s = {goodput * 8 / 1e6:.3f} Mbit/s   "
        f"ratio of cap {goodput / LINK_CAP_BYTES_PER_SECOND:.3f}   "
        f"(link busy {wire / result.seconds / LINK_CAP_BYTES_PER_SECOND:.3f})"
    )
    print()
    print("[2] Bytes on the wire per application vs the attachments' own bytes")
    print("    what: FaultProxy bytes_upstream + bytes_downstream (TCP payload: HTTP headers,")
    print("          JSON, chunks, responses, change feed; TCP/IP headers not counted) during")
    print("          the passes of [1], divided by the number of applications.")
    print(
        f"    upstream {result.bytes_upstream:,} B, downstream {result.bytes_downstream:,} B, "
        f"manifests {result.manifest_bytes:,} B in total"
    )
    print(
        f"    per application: wire {per_app_wire:,.0f} B, attachments {per_app_attachments:,.0f}"
        f" B   ratio {per_app_wire / per_app_attachments:.4f}"
    )


def _counter(counter: Counter[str]) -> str:
    return ", ".join(f"{key} x{n}" for key, n in sorted(counter.items())) or "none"


def print_ingest(results: list[IngestResult], attachment_bytes: int) -> None:
    print()
    print("[3] Server ingest with simulated kiosks reconnecting at once")
    print("    what: each kiosk (a thread with its own requests.Session; enrolled beforehand")
    print("          through server.enrollment in-process, see _enroll_all)")
    print(
        f"          waits at a barrier, then PUTs 1 manifest + 3 attachments of "
        f"~{attachment_bytes // 1000} KB (one chunk each)"
    )
    print("          to a real kiosk-server serve (default gate: 32 uploads at once, 2 per")
    print("          device). 429/503/5xx/network errors are retried after the kiosk's own")
    print("          backoff (sync.engine.backoff_delay: >= Retry-After). applications/s =")
    print("          received / wall seconds from the barrier to the last kiosk; latency per")
    print("          application = first request to 'received', waits included. Load")
    print("          generator, server and PostgreSQL share the same 2 cores.")
    rows: list[tuple[str, list[str]]] = [
        ("kiosks enrolled / released", [f"{r.enrolled}/{r.kiosks}" for r in results]),
        ("applications received (client)", [str(r.received) for r in results]),
        (
            "on server: received / rows",
            [f"{r.on_server_received} / {r.on_server_rows}" for r in results],
        ),
        ("wall seconds", [f"{r.wall_seconds:.1f}" for r in results]),
        ("applications/s", [f"{r.received / r.wall_seconds:.1f}" for r in results]),
        (
            "payload MB/s",
            [f"{r.payload_bytes / r.wall_seconds / 1e6:.2f}" for r in results],
        ),
        (
            "app latency p50 / p99 s",
            [
                f"{_percentile(r.latencies, 0.5):.2f} / {_percentile(r.latencies, 0.99):.2f}"
                for r in results
            ],
        ),
        (
            "request latency p50 / p99 ms",
            [
                f"{_percentile(r.request_seconds, 0.5) * 1000:.0f} / "
                f"{_percentile(r.request_seconds, 0.99) * 1000:.0f}"
                for r in results
            ],
        ),
        ("requests sent", [str(len(r.request_seconds)) for r in results]),
        ("retries after backoff", [str(r.retries) for r in results]),
        ("errors by status / exception", [_counter(r.errors) for r in results]),
        (
            "  network errors 5 s after previous req",
            [str(r.network_errors_after_keepalive_idle) for r in results],
        ),
        ("ERROR/Traceback lines in server log", [str(r.server_log_errors) for r in results]),
    ]
    width = max(24, *(len(v) + 2 for _, values in rows for v in values))
    print(f"    {'':<38}" + "".join(f"{r.backend:>{width}}" for r in results))
    for label, values in rows:
        print(f"    {label:<38}" + "".join(f"{v:>{width}}" for v in values))
    for result in results:
        for name, sample in sorted(result.error_samples.items()):
            print(f"    {result.backend} {name}, first seen: {sample}")
    if any(r.network_errors_after_keepalive_idle for r in results):
        print("    note: uvicorn closes a keep-alive connection idle for 5 s, and Retry-After is")
        print("          5 s; a kiosk that waits exactly Retry-After (backoff_delay does on its")
        print("          first retry) reuses the pooled connection as the server closes it, and")
        print("          gets a reset or a close instead of an answer (counted as 'offline').")


# --- orchestration -------------------------------------------------------------------------
def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _raise_interrupt(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@contextlib.contextmanager
def _postgres() -> Iterator[PostgresCluster | None]:
    bin_dir = find_bin_dir()
    if bin_dir is None:
        yield None
        return
    cluster = start_cluster(bin_dir, durable=True)  # fsync on, like SQLite's synchronous=FULL
    try:
        yield cluster
    finally:
        cluster.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kiosks", type=int, default=200, help="simulated kiosks in [3]")
    parser.add_argument(
        "--link-applications", type=int, default=24, help="applications through the 1 Mbit/s link"
    )
    parser.add_argument(
        "--burst-bytes",
        type=int,
        default=LINK_BURST_BYTES,
        help="token bucket depth of the 1 Mbit/s link (125000 = the proxy's default)",
    )
    parser.add_argument("--attachment-kb", type=int, default=150, help="size of each attachment")
    parser.add_argument("--quick", action="store_true", help="6 link applications, 50 kiosks")
    parser.add_argument("--skip-link", action="store_true")
    parser.add_argument("--skip-ingest", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        args.kiosks, args.link_applications = min(args.kiosks, 50), min(args.link_applications, 6)
    attachment_bytes = args.attachment_kb * 1000
    # Interruptible even when started in the background (where the shell ignores SIGINT).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _raise_interrupt)
    stop = threading.Event()
    root = Path(tempfile.mkdtemp(prefix="kiosk-bench-sync-"))
    began = time.monotonic()
    print(
        f"bench/sync.py: {os.cpu_count()} cores, load average {_load()} at start "
        f"(other work on the machine skews every figure), all on 127.0.0.1, temp dir {root}"
    )
    try:
        with _postgres() as cluster:
            if cluster is None:
                print("PostgreSQL not installed: PostgreSQL figures are skipped")
            else:
                print(
                    f"PostgreSQL: throwaway cluster from {cluster.bin_dir}, durable (fsync on); "
                    "SQLite: WAL, synchronous=FULL"
                )
            if not args.skip_link:
                backend, url = (
                    ("PostgreSQL", cluster.url(cluster.create_database()))
                    if cluster
                    else ("SQLite", f"sqlite:///{root / 'link-server' / 'server.sqlite3'}")
                )
                link = run_link(
                    root, backend, url, args.link_applications, attachment_bytes, args.burst_bytes
                )
                print_link(link, attachment_bytes)
            if not args.skip_ingest:
                results = [
                    run_ingest(
                        root,
                        "SQLite",
                        f"sqlite:///{root / 'ingest-SQLite' / 'server.sqlite3'}",
                        args.kiosks,
                        attachment_bytes,
                        stop,
                    )
                ]
                if cluster is not None:
                    url = cluster.url(cluster.create_database())
                    results.append(
                        run_ingest(root, "PostgreSQL", url, args.kiosks, attachment_bytes, stop)
                    )
                print_ingest(results, attachment_bytes)
    except KeyboardInterrupt:
        stop.set()
        print("\ninterrupted: stopping servers and removing temp dirs", file=sys.stderr)
        return 130
    finally:
        stop.set()
        shutil.rmtree(root, ignore_errors=True)
    print(f"\ntotal {time.monotonic() - began:.0f} s, load average {_load()} at the end")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
