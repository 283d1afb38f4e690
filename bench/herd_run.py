"""What every herd bench (bench/sync.py, bench/ingest_timeline.py) runs inside: a temp dir, a
stop event for its servers and kiosks, and a throwaway durable PostgreSQL cluster where one is
installed; all three gone on the way out, Ctrl-C included."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.helpers.postgres import PostgresCluster, find_bin_dir, start_cluster


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


@contextlib.contextmanager
def postgres_cluster() -> Iterator[PostgresCluster | None]:
    bin_dir = find_bin_dir()
    if bin_dir is None:
        yield None
        return
    cluster = start_cluster(bin_dir, durable=True)  # fsync on, like SQLite's synchronous=FULL
    try:
        yield cluster
    finally:
        cluster.stop()


@dataclass(frozen=True)
class HerdRun:
    root: Path
    stop: threading.Event
    cluster: PostgresCluster | None
    """None where PostgreSQL is not installed."""


@contextlib.contextmanager
def herd_run(prefix: str, header: str) -> Iterator[HerdRun]:
    """Prints `header` and the temp dir before PostgreSQL starts, so its load is not counted."""
    root = Path(tempfile.mkdtemp(prefix=prefix))
    stop = threading.Event()
    print(f"{header}, temp dir {root}")
    try:
        with postgres_cluster() as cluster:
            yield HerdRun(root, stop, cluster)
    finally:
        stop.set()
        shutil.rmtree(root, ignore_errors=True)
