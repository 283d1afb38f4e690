"""The raw baseline of the ingest bench: the same bytes, written straight to the same storage.

A minimal ASGI app under the same uvicorn as `kiosk-server serve`: `PUT /raw/<name>` reads the
body, a one-request upload framed as the kiosk frames it (sync.protocol.whole), splits the
frame and stores each attachment as its own object under its declared SHA-256, the objects
the server stores; nothing else (no authentication, no database, no manifest parsing, no
hashing). Local disk: one file per attachment written, fsynced and renamed into place, its
directory fsynced (what the server's own storage does for a durable blob). S3: one
`put_object` per attachment. The herd (`run_raw`) is the ingest bench's: the same number of
clients released together, each sending the same one body the simulated kiosk sends
(bench/ingest_apps.whole_body). Whatever the real server does beyond this is its cost; the
bench prints its throughput as a share of this.

Run by bench/sync.py (`uvicorn bench.ingest_raw:app --workers N`), storage from
`RAW_STORAGE_URL`: a directory path, or `s3://bucket/prefix` with boto3's own variables.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kiosk.store.files import write_atomic  # noqa: E402
from sync.protocol import FrameError, decode_whole  # noqa: E402
from tests.helpers.processes import ENV, free_port  # noqa: E402


class _Writer:
    """Stores one body as one object; built once per worker process."""

    def __init__(self, url: str) -> None:
        self.directory: Path | None = None
        self.client: Any = None
        if url.startswith("s3://"):
            import boto3
            from botocore.config import Config

            self.bucket, _, self.prefix = url.removeprefix("s3://").partition("/")
            self.client = boto3.session.Session().client(
                "s3", config=Config(s3={"addressing_style": "path"})
            )
            try:
                self.client.head_bucket(Bucket=self.bucket)
            except Exception:  # noqa: BLE001 - any answer but "exists" means: create it
                self.client.create_bucket(Bucket=self.bucket)
        else:
            self.directory = Path(url)
            self.directory.mkdir(parents=True, exist_ok=True)

    def write(self, name: str, data: bytes) -> None:
        if self.client is not None:
            self.client.put_object(Bucket=self.bucket, Key=f"{self.prefix}/{name}", Body=data)
            return
        assert self.directory is not None
        write_atomic(self.directory / name, data)  # fsynced, renamed, its folder fsynced


_writer: _Writer | None = None
_writer_lock = threading.Lock()


def _get_writer() -> _Writer:
    global _writer
    with _writer_lock:
        if _writer is None:
            _writer = _Writer(os.environ["RAW_STORAGE_URL"])
        return _writer


def _store_parts(body: bytes) -> None:
    writer = _get_writer()
    for sha256, data in decode_whole(body).parts.items():
        writer.write(sha256, bytes(data))


async def _put(request: Request) -> Response:
    body = await request.body()
    try:
        await run_in_threadpool(_store_parts, body)
    except FrameError:
        return Response(status_code=400)
    return Response(status_code=201)


async def _health(_request: Request) -> Response:
    return Response("ok")


app = Starlette(routes=[Route("/raw/{name}", _put, methods=["PUT"]), Route("/health", _health)])


@dataclass
class RawResult:
    stored: int = 0
    wall_seconds: float = 0.0
    request_seconds: list[float] = field(default_factory=list)
    errors: int = 0


def run_raw(
    root: Path,
    storage_url: str,
    storage_env: dict[str, str],
    workers: int,
    bodies_per_client: list[list[bytes]],
) -> RawResult:
    """Serves the raw app with `workers` processes and releases the herd at once."""
    port = free_port()
    log_path = root / f"raw-{uuid.uuid4().hex[:8]}.log"
    with log_path.open("ab") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "bench.ingest_raw:app", "--host", "127.0.0.1"]
            + ["--port", str(port), "--workers", str(workers), "--log-level", "warning"],
            stdout=log,
            stderr=log,
            cwd=ROOT,
            env={**ENV, **storage_env, "RAW_STORAGE_URL": storage_url},
        )
    base = f"http://127.0.0.1:{port}"
    result = RawResult()
    lock = threading.Lock()
    try:
        _wait_until_up(base, proc, log_path)
        barrier = threading.Barrier(len(bodies_per_client) + 1)

        def client(index: int, bodies: list[bytes]) -> None:
            session = requests.Session()
            barrier.wait(timeout=120)
            times: list[float] = []
            ok = True
            for n, body in enumerate(bodies):
                started = time.perf_counter()
                try:
                    answer = session.put(f"{base}/raw/c{index}-{n}", data=body, timeout=60)
                    ok = ok and answer.status_code == 201
                except requests.RequestException:
                    ok = False
                times.append(time.perf_counter() - started)
            session.close()
            with lock:
                result.request_seconds.extend(times)
                result.stored += ok
                result.errors += not ok

        threads = [
            threading.Thread(target=client, args=(i, b), daemon=True)
            for i, b in enumerate(bodies_per_client)
        ]
        for thread in threads:
            thread.start()
        barrier.wait(timeout=120)
        started = time.perf_counter()
        for thread in threads:
            thread.join(300)
        result.wall_seconds = time.perf_counter() - started
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(15)
    return result


def _wait_until_up(base: str, proc: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("raw server exited: " + log_path.read_text()[-2000:])
        try:
            if requests.get(base + "/health", timeout=1).ok:
                return
        except requests.RequestException:
            time.sleep(0.1)
    raise RuntimeError("raw server did not start: " + log_path.read_text()[-2000:])
