"""Orphan sweep listing rate: local disk and S3 (a real SeaweedFS), beside raw listings.

Stores COUNT small blobs (not timed), then times, on each medium, a dry-run sweep
(server.orphan_sweep: the storage's listing, the age filter, one reference query per 500
blobs on a migrated SQLite database) beside the same-run baseline of that medium: the bare
listing (os.scandir over the blob folders; paginated ListObjectsV2). No row names the blobs,
so each reference query finds nothing; the ratio says what the sweep adds to a listing. Each
row is the best of three runs.
docs/scaling.md extrapolates from it to a province bucket; nothing at that scale was run.

    .venv/bin/python bench/orphan_sweep.py [--count 5000]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from server.db import Database, migrate  # noqa: E402
from server.models import utc_now  # noqa: E402
from server.object_storage import S3Storage  # noqa: E402
from server.orphan_sweep import sweep_orphans  # noqa: E402
from server.storage import AttachmentStorage, LocalDiskStorage  # noqa: E402
from tests.helpers.seaweedfs import start_seaweedfs  # noqa: E402


def _blobs(count: int) -> list[tuple[str, bytes]]:
    blobs = [os.urandom(64) for _ in range(count)]
    return [(hashlib.sha256(data).hexdigest(), data) for data in blobs]


ROUNDS = 3


def _timed(run: Callable[[], int], count: int) -> float:
    """The best of ROUNDS runs (the first also warms connections and caches up)."""
    best = float("inf")
    for _ in range(ROUNDS):
        started = time.perf_counter()
        seen = run()
        best = min(best, time.perf_counter() - started)
        assert seen == count, (seen, count)
    return best


def _dry_sweep(database: Database, storage: AttachmentStorage) -> int:
    report = sweep_orphans(
        database,
        storage,
        days=1,
        now=utc_now() + timedelta(days=2),
        operator_id="bench",
        dry_run=True,
    )
    return len(report.blobs)


def _scandir(folder: Path) -> int:
    seen = 0
    for sub in os.scandir(folder):
        for entry in os.scandir(sub.path):
            seen += entry.stat().st_size >= 0
    return seen


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=5000)
    args = parser.parse_args()
    rows: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-orphans-") as tmp:
        root = Path(tmp)
        database = Database(f"sqlite:///{root / 'server.sqlite3'}")
        migrate(database)
        local = LocalDiskStorage(root / "attachments")
        for sha256, data in _blobs(args.count):
            local.store_blob(sha256, data)
        rows.append(("local disk, scandir", _timed(lambda: _scandir(local.blobs), args.count)))
        rows.append(
            ("local disk, dry-run sweep", _timed(lambda: _dry_sweep(database, local), args.count))
        )
        server = start_seaweedfs()
        try:
            s3 = S3Storage("kiosk-bench", "attachments/", client=server.client())
            s3.ensure_bucket()
            with ThreadPoolExecutor(8) as pool:
                list(pool.map(lambda blob: s3.store_blob(*blob), _blobs(args.count)))

            def raw_list() -> int:
                pages = s3.client.get_paginator("list_objects_v2").paginate(
                    Bucket=s3.bucket, Prefix=f"{s3.prefix}blobs/"
                )
                return sum(len(page.get("Contents", [])) for page in pages)

            rows.append(("SeaweedFS S3, ListObjectsV2", _timed(raw_list, args.count)))
            swept = _timed(lambda: _dry_sweep(database, s3), args.count)
            rows.append(("SeaweedFS S3, dry-run sweep", swept))
        finally:
            server.destroy()
        database.dispose()

    print(f"{args.count} stored blobs, none named by a row; dry-run sweep (days=1) vs listing")
    print(f"{'medium':<30} {'seconds':>8} {'objects/s':>10} {'vs raw':>7}")
    for index, (name, seconds) in enumerate(rows):
        baseline = rows[index - index % 2][1]
        print(f"{name:<30} {seconds:8.3f} {args.count / seconds:10.0f} {baseline / seconds:7.2f}")


if __name__ == "__main__":
    main()
