"""The ingest bench's matrix (issue 17): SQLite / PostgreSQL x local disk / S3 x 1 / 2 processes,
each beside the raw baseline of the same storage and the same number of processes, measured in
the same run (bench/ingest_raw.py).

"2 processes" is `kiosk-server serve --workers 2` (two worker processes on one port, as
docs/server.md lays out); local disk then needs `--shared-data-dir`. SQLite allows one writer,
so `serve` refuses `--workers 2` on it: that cell is printed as not run, with the reason.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bench.ingest_raw import RawResult, run_raw
from bench.ingest_timeline import timeline
from bench.sync_ingest import IngestResult, SimulatedKiosk, _percentile, run_ingest
from tests.helpers.postgres import PostgresCluster
from tests.helpers.seaweedfs import SeaweedS3, start_seaweedfs

DATABASES = ("SQLite", "PostgreSQL")
STORAGES = ("local", "S3")
PROCESSES = (1, 2)


@dataclass
class Cell:
    database: str
    storage: str
    processes: int
    result: IngestResult | None
    raw: RawResult | None
    why_not: str = ""

    @property
    def name(self) -> str:
        return f"{self.database} {self.storage} x{self.processes}"


@contextlib.contextmanager
def _s3(storages: tuple[str, ...]) -> Iterator[SeaweedS3 | None]:
    if "S3" not in storages:
        yield None
        return
    server = start_seaweedfs()
    try:
        yield server
    finally:
        server.destroy()


def herd_bodies(kiosks: int, attachment_bytes: int) -> list[list[bytes]]:
    """What each simulated kiosk sends, as bodies: its one-request upload (manifest and
    attachments framed, the same bytes as SimulatedKiosk.whole)."""
    stop = threading.Event()
    bodies = []
    for index in range(kiosks):
        kiosk = SimulatedKiosk("http://unused", "unused", index, attachment_bytes, stop)
        kiosk.session.close()
        bodies.append([kiosk.whole])
    return bodies


def run_matrix(
    root: Path,
    cluster: PostgresCluster | None,
    kiosks: int,
    attachment_bytes: int,
    stop: threading.Event,
    *,
    storages: tuple[str, ...] = STORAGES,
    processes: tuple[int, ...] = PROCESSES,
    databases: tuple[str, ...] = DATABASES,
    serve_args: tuple[str, ...] = (),
) -> list[Cell]:
    """Runs every cell, then the raw baselines, in one invocation."""
    cells: list[Cell] = []
    bodies = herd_bodies(kiosks, attachment_bytes)
    with _s3(storages) as s3:
        raws: dict[tuple[str, int], RawResult] = {}
        for storage in storages:
            storage_env = {} if s3 is None or storage == "local" else s3.env()
            for count in processes:
                url = (
                    str(root / f"raw-{storage}-{count}")
                    if storage == "local"
                    else s3.new_bucket_url()  # type: ignore[union-attr]
                )
                raws[(storage, count)] = run_raw(root, url, storage_env, count, bodies)
        for database in databases:
            for storage in storages:
                for count in processes:
                    raw = raws[(storage, count)]
                    if database == "SQLite" and count > 1:
                        cells.append(
                            Cell(database, storage, count, None, raw, "SQLite: one writer")
                        )
                        continue
                    if database == "PostgreSQL" and cluster is None:
                        cells.append(
                            Cell(database, storage, count, None, raw, "PostgreSQL not installed")
                        )
                        continue
                    name = f"{database} {storage} x{count}"
                    env: dict[str, str] = {}
                    args: tuple[str, ...] = serve_args
                    if storage == "S3":
                        assert s3 is not None
                        env = {**s3.env(), "KIOSK_SERVER_STORAGE_URL": s3.new_bucket_url()}
                    if count > 1:
                        args += ("--workers", str(count))
                        if storage == "local":
                            args += ("--shared-data-dir",)
                    database_url = (
                        cluster.url(cluster.create_database())
                        if database == "PostgreSQL" and cluster is not None
                        else f"sqlite:///{root / ('db-' + name.replace(' ', '-'))}.sqlite3"
                    )
                    result = run_ingest(
                        root,
                        name,
                        database_url,
                        kiosks,
                        attachment_bytes,
                        stop,
                        storage_env=env,
                        serve_args=args,
                    )
                    cells.append(Cell(database, storage, count, result, raw))
    return cells


def print_matrix(cells: list[Cell]) -> None:
    print()
    print("[4] The matrix: applications/s and admitted-request latency beside the raw baseline")
    print("    raw = the same bodies from the same number of clients, stored by a minimal")
    print("    handler (bench/ingest_raw.py: no auth, no database, no hashing; one object")
    print("    per attachment, as the server stores them) on the same")
    print("    storage with the same number of uvicorn processes, in this run. refused = the")
    print("    designed 429/503 answers (each retried after backoff); other = any other error;")
    print("    backing off = share of the kiosks' time from the release to their last answer")
    print("    spent waiting after a refusal (bench/ingest_timeline.py shows it per second).")
    header = (
        f"    {'configuration':<22}{'apps/s':>8}{'admitted p50/p99 ms':>22}{'refused':>9}"
        f"{'other':>7}{'raw apps/s':>12}{'share of raw':>14}{'backing off':>13}"
    )
    print(header)
    for cell in cells:
        raw_rate = cell.raw.stored / cell.raw.wall_seconds if cell.raw else float("nan")
        if cell.result is None:
            print(f"    {cell.name:<22}{'not run: ' + cell.why_not:>51}{raw_rate:>12.1f}")
            continue
        r = cell.result
        rate = r.received / r.wall_seconds
        other = sum(r.errors.values()) - r.refused
        latency = (
            f"{_percentile(r.admitted_seconds, 0.5) * 1000:.0f} / "
            f"{_percentile(r.admitted_seconds, 0.99) * 1000:.0f}"
        )
        share = rate / raw_rate if raw_rate else float("nan")
        backing_off = timeline(r).shares["backoff"]
        print(
            f"    {cell.name:<22}{rate:>8.1f}{latency:>22}{r.refused:>9}{other:>7}"
            f"{raw_rate:>12.1f}{share:>13.0%}{backing_off:>13.0%}"
        )
