"""Database round trips and server CPU per request kind of one application's upload (issue 17).

On a throwaway PostgreSQL (or SQLite with --sqlite) and local disk, uploads `--applications`
applications of three ~150 KB attachments one after the other (no herd: no waiting, only
work) by each path: the two phases (manifest, one chunk per attachment) and the one request
(`whole`, sync.protocol.whole, the bytes the kiosk sends), alternating in the same run; all of
it twice. First with the server in this process (FastAPI's TestClient), counting per
request kind (manifest, chunk, last chunk, status, whole) the statements sent to the database, those
of the credential check among them, and the COMMIT/ROLLBACKs really sent. Then against a real
`kiosk-server serve`, reading that process's CPU time (all its threads, /proc schedstat, in
nanoseconds) around each request: the server's own CPU per request, client excluded.

    .venv/bin/python bench/ingest_roundtrips.py [--applications 30] [--sqlite]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
import warnings
from collections import defaultdict
from pathlib import Path
from typing import Any

import requests
import sqlalchemy as sa
from sqlalchemy import event

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.ingest_apps import DOCUMENTS, bench_manifest, manifest_json, whole_body  # noqa: E402
from bench.sync_ingest import _enroll_all  # noqa: E402
from server.api.app import create_app  # noqa: E402
from server.config import ServerSettings  # noqa: E402
from server.db import Database, migrate  # noqa: E402
from server.enrollment import create_code  # noqa: E402
from sync import protocol as p  # noqa: E402
from tests.helpers.applications import fake_jpeg  # noqa: E402
from tests.helpers.postgres import find_bin_dir, start_cluster  # noqa: E402
from tests.helpers.processes import ServerProcess  # noqa: E402

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

KINDS = ("manifest", "chunk", "last chunk", "status", "whole")
PATHS = {"two phases": ("manifest", "chunk", "last chunk"), "one request": ("whole",)}


class Counter:
    """Statements and transaction ends seen by one engine, read around each request."""

    def __init__(self, engine: sa.Engine) -> None:
        self.statements = 0
        self.device_reads = 0
        self.ends = 0
        self.log: list[str] = []
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "commit", self._end)
        event.listen(engine, "rollback", self._end)

    def _statement(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self.statements += 1
        self.log.append(" ".join(statement.split())[:150])
        self.device_reads += "FROM devices" in statement

    def _end(self, connection: sa.Connection) -> None:
        # Only a COMMIT/ROLLBACK the driver really sends: psycopg2 sends none when no
        # transaction is open (the credential check's autocommit read).
        dbapi = connection.connection.dbapi_connection
        status = getattr(dbapi, "get_transaction_status", None)
        self.ends += status is None or status() != 0


def _calls(index: int) -> list[tuple[str, str, str, dict[str, Any]]]:
    """The requests of application `index` by the two phases, then of another application
    (its own documents) by the one request: (kind, method, path, requests' keywords)."""
    documents = _documents(2 * index)
    manifest = manifest_json(bench_manifest(f"RT-{index:05d}", index, documents))
    application_id = uuid.UUID(manifest["application_id"])
    calls: list[tuple[str, str, str, dict[str, Any]]] = [
        ("manifest", "PUT", p.manifest_path(application_id, 1), {"json": manifest})
    ]
    for n, (ref, (_, data)) in enumerate(zip(manifest["attachments"], documents, strict=True)):
        chunk_headers = {
            "Content-Type": p.CHUNK_CONTENT_TYPE,
            p.HEADER_CONTENT_RANGE: p.format_content_range(0, len(data) - 1, len(data)),
        }
        kind = "last chunk" if n == len(documents) - 1 else "chunk"
        path = p.attachment_path(application_id, 1, ref["sha256"])
        calls.append((kind, "PUT", path, {"content": data, "headers": chunk_headers}))
    calls.append(("status", "GET", p.manifest_path(application_id, 1), {}))
    documents = _documents(2 * index + 1)
    whole = bench_manifest(f"RW-{index:05d}", 50_000 + index, documents)
    calls.append(
        (
            "whole",
            "PUT",
            p.whole_path(whole.application_id, 1),
            {
                "content": whole_body(whole, documents),
                "headers": {"Content-Type": p.WHOLE_CONTENT_TYPE},
            },
        )
    )
    return calls


def run(
    url: str, data_dir: Path, applications: int, show: bool
) -> dict[str, list[tuple[int, int, int, float]]]:
    database = Database(url)
    migrate(database)
    counter = Counter(database.engine)
    # One device sends everything here: its rate limit (a herd guard) is lifted.
    settings = ServerSettings(
        database_url=url, data_dir=data_dir, device_rate=1e6, device_burst=1_000_000
    )
    samples: dict[str, list[tuple[int, int, int, float]]] = defaultdict(list)
    shown: dict[str, list[str]] = {}
    with TestClient(create_app(settings, database)) as client:
        code = create_code(database, "31.71.01", 72, "bench")
        enrolled = client.post(
            p.ENROLL_PATH, json={"device_id": str(uuid.uuid4()), "code": code, "device_name": "k"}
        )
        headers = {
            "Authorization": f"Bearer {enrolled.json()['credential']}",
            p.HEADER_OPERATOR: "petugas1",
        }

        def measured(kind: str, method: str, path: str, **kwargs: Any) -> Any:
            statements, ends, cpu = counter.statements, counter.ends, time.process_time()
            device_reads = counter.device_reads
            counter.log.clear()
            response = client.request(method, path, **kwargs)
            assert response.is_success, response.text
            if kind in ("last chunk", "whole"):
                assert response.json().get("status", response.json().get("application_status")) == (
                    "received"
                ), response.text
            samples[kind].append(
                (
                    counter.statements - statements,
                    counter.device_reads - device_reads,
                    counter.ends - ends,
                    time.process_time() - cpu,
                )
            )
            shown[kind] = list(counter.log)
            return response

        for index in range(applications + 3):  # the first three warm up, not counted
            if index == 3:
                samples.clear()
            for kind, method, path, kwargs in _calls(index):
                extra = kwargs.pop("headers", {})
                measured(kind, method, path, headers={**headers, **extra}, **kwargs)
    database.dispose()
    if show:
        for kind, statements in shown.items():
            print(f"{kind}:", *statements, sep="\n  ")
    return samples


def _server_cpu_ns(pid: int) -> int:
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (FileNotFoundError, ProcessLookupError):
            continue  # a thread that ended meanwhile
    return total


def serve_cpu(url: str, root: Path, applications: int) -> dict[str, list[float]]:
    """Server CPU milliseconds per request, by kind, against a real `kiosk-server serve`."""
    server = ServerProcess(root / "serve", url)
    # Five application pairs (48 requests) per device: under each device's burst of rate limiting.
    credentials, _refused = _enroll_all(url, server.data_dir, (applications + 3) // 5 + 1)
    cpu: dict[str, list[float]] = defaultdict(list)
    server.start()
    try:
        assert server.proc is not None
        pid = server.proc.pid
        http = requests.Session()
        for index in range(applications + 3):
            headers = {
                "Authorization": f"Bearer {credentials[index // 5]}",
                p.HEADER_OPERATOR: "petugas1",
            }
            for kind, method, path, kwargs in _calls(1000 + index):
                if "content" in kwargs:
                    kwargs["data"] = kwargs.pop("content")
                before = _server_cpu_ns(pid)
                response = http.request(
                    method,
                    server.url + path,
                    headers={**headers, **kwargs.pop("headers", {})},
                    timeout=30,
                    **kwargs,
                )
                after = _server_cpu_ns(pid)
                assert response.ok, response.text
                if index >= 3:  # the first three warm up
                    cpu[kind].append((after - before) / 1e6)
        http.close()
    finally:
        server.stop()
    return cpu


def _documents(index: int) -> list[tuple[str, bytes]]:
    return [
        (name, fake_jpeg(150_000 + n * 1000, index * 8 + n)) for n, name in enumerate(DOCUMENTS)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=30)
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    parser.add_argument("--show", action="store_true", help="print the last statements of each")
    args = parser.parse_args(argv)
    root = Path(tempfile.mkdtemp(prefix="kiosk-bench-roundtrips-"))
    cluster = None
    if args.sqlite:
        url, backend = f"sqlite:///{root / 'server.sqlite3'}", "SQLite"
    else:
        bin_dir = find_bin_dir()
        if bin_dir is None:
            print("PostgreSQL not installed")
            return 1
        cluster = start_cluster(bin_dir, durable=True)
        url, backend = cluster.url(cluster.create_database()), "PostgreSQL"
    try:
        samples = run(url, root / "data", args.applications, args.show)
        if not args.sqlite:
            url = cluster.url(cluster.create_database())  # type: ignore[union-attr]
        else:
            url = f"sqlite:///{root / 'serve.sqlite3'}"
        cpu = serve_cpu(url, root, args.applications)
    finally:
        if cluster is not None:
            cluster.stop()
    print(f"{backend}, local disk, {args.applications} applications one after the other")
    print(
        f"{'request':<12} {'statements':>10} {'credential':>10} {'commit/rollback':>16} "
        f"{'in-process CPU ms':>18} {'server CPU ms':>14}"
    )
    for kind in KINDS:
        rows = samples.get(kind, [])
        if not rows:
            continue
        count = len(rows)
        print(
            f"{kind:<12} {sum(r[0] for r in rows) / count:>10.1f} "
            f"{sum(r[1] for r in rows) / count:>10.1f} "
            f"{sum(r[2] for r in rows) / count:>16.1f} "
            f"{1000 * sum(r[3] for r in rows) / count:>18.1f} "
            f"{sum(cpu[kind]) / len(cpu[kind]):>14.1f}"
        )
    for name, kinds in PATHS.items():
        per_app = {kind: samples.get(kind, []) for kind in kinds}
        total = sum(sum(r[0] + r[2] for r in rows) for rows in per_app.values())
        in_process = sum(sum(r[3] for r in rows) for rows in per_app.values())
        served = sum(sum(cpu[kind]) for kind in kinds)
        print(
            f"per application, {name} (upload only): {total / args.applications:.1f} round "
            f"trips, {1000 * in_process / args.applications:.1f} ms CPU in process (client "
            f"included), {served / args.applications:.1f} ms server CPU"
        )
    print(f"load average {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
