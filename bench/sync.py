"""Sync figures of issue 4: goodput on a 1 Mbit/s link, wire overhead, and ingest under a herd.

Prints numbers, asserts nothing. Run from the repository root:

    .venv/bin/python bench/sync.py                 # everything, about 6-8 minutes on 2 cores
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
   the kiosk engine's own backoff (never sooner than Retry-After). Every cell of the matrix
   SQLite / PostgreSQL x local disk / S3 (a throwaway SeaweedFS) x 1 / 2 processes
   (`serve --workers 2`) runs one after the other in the same invocation, printed side by side.
4. The same cells beside the raw baseline (bench/ingest_raw.py): the same bytes from the same
   herd, stored by a minimal handler on the same storage with the same processes.

Everything listens on and talks to 127.0.0.1 only. Every process and temp dir is removed at
the end, also on Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.herd_run import herd_run, load_average  # noqa: E402
from bench.ingest_matrix import DATABASES, PROCESSES, STORAGES, print_matrix, run_matrix  # noqa: E402
from bench.sync_ingest import (  # noqa: E402
    IngestResult,
    _json_body_bytes,
    _percentile,
)
from kiosk.local_store import Store  # noqa: E402
from kiosk.store.outbox import OutboxState  # noqa: E402
from sync.engine import SyncEngine  # noqa: E402
from sync.enrollment import enroll  # noqa: E402
from tests.helpers.applications import ktp_el_hilang  # noqa: E402
from tests.helpers.faultproxy import BUFFER, FaultProxy  # noqa: E402
from tests.helpers.processes import ServerProcess  # noqa: E402

OFFICE = "31.71.01"
LINK_CAP_BYTES_PER_SECOND = 125_000  # 1 Mbit/s
LINK_BURST_BYTES = BUFFER  # one proxy read (16 KiB, ~0.13 s of the cap): see run_link
LINK_DEADLINE_SECONDS = 240.0


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
            store.submission.submit(ktp_el_hilang(serial, attachment_size=attachment_bytes))
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
            if store.outbox.counts()[OutboxState.PENDING] == 0:
                break
            if report.offline or report.device_problem:
                time.sleep(1.0)  # never spin on a dead link; the elapsed time shows it
        seconds = time.monotonic() - started
        up, down = proxy.bytes_upstream, proxy.bytes_downstream
        proxy.throttle(None)
        acknowledged = store.outbox.counts()[OutboxState.ACKNOWLEDGED]
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
        if store.state.is_enrolled():
            engine.client().close()
        store.close()
        proxy.close()
        server.stop()


# --- 3: many kiosks reconnecting at once ---------------------------------------------------
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
        f"          waits at a barrier, then PUTs the manifest + 3 attachments of "
        f"~{attachment_bytes // 1000} KB in one request"
    )
    print("          (.../whole, as the kiosk; manifest and chunks after a 404/405/413/cut)")
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
def _raise_interrupt(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


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
    parser.add_argument(
        "--storage", nargs="+", choices=STORAGES, default=list(STORAGES), help="matrix storages"
    )
    parser.add_argument(
        "--processes", nargs="+", type=int, default=list(PROCESSES), help="matrix processes"
    )
    parser.add_argument(
        "--database", nargs="+", choices=DATABASES, default=list(DATABASES), help="matrix databases"
    )
    parser.add_argument(
        "--serve-arg",
        action="append",
        default=[],
        help="one more `kiosk-server serve` argument for every ingest run (repeatable), "
        "e.g. --serve-arg=--upload-wait --serve-arg=0",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.kiosks, args.link_applications = min(args.kiosks, 50), min(args.link_applications, 6)
    attachment_bytes = args.attachment_kb * 1000
    # Interruptible even when started in the background (where the shell ignores SIGINT).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _raise_interrupt)
    began = time.monotonic()
    header = (
        f"bench/sync.py: {os.cpu_count()} cores, load average {load_average()} at start "
        f"(other work on the machine skews every figure), all on 127.0.0.1"
    )
    try:
        with herd_run("kiosk-bench-sync-", header) as run:
            root, cluster = run.root, run.cluster
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
                cells = run_matrix(
                    root,
                    cluster,
                    args.kiosks,
                    attachment_bytes,
                    run.stop,
                    storages=tuple(args.storage),
                    processes=tuple(args.processes),
                    databases=tuple(args.database),
                    serve_args=tuple(args.serve_arg),
                )
                print_ingest([c.result for c in cells if c.result is not None], attachment_bytes)
                print_matrix(cells)
    except KeyboardInterrupt:  # on its way out the run stopped its servers, removed its dir
        print("\ninterrupted: servers stopped, temp dirs removed", file=sys.stderr)
        return 130
    print(f"\ntotal {time.monotonic() - began:.0f} s, load average {load_average()} at the end")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
