"""Attachment storage throughput: local disk vs S3 (a real SeaweedFS), beside raw baselines.

For each backend, stores COUNT attachments of SIZE bytes the way the intake does (1 MiB chunks
through append_partial, then partial_sha256, partial_head and promote_partial) and prints
attachments/s and MB/s beside the same-run baseline of that medium: the same bytes written
straight to it (a file write + fsync per attachment; one S3 PUT per attachment). The ratio says
what the partial-upload bookkeeping costs on each.

    .venv/bin/python bench/object_storage.py [--count 30] [--size 300000]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from server.intake.upload import SEAL_HEADER_BYTES  # noqa: E402
from server.object_storage import S3Storage  # noqa: E402
from server.storage import AttachmentStorage, LocalDiskStorage, partial_key  # noqa: E402
from sync.protocol import MAX_CHUNK_BYTES  # noqa: E402
from tests.helpers.seaweedfs import start_seaweedfs  # noqa: E402


def _through_storage(storage: AttachmentStorage, blobs: list[bytes]) -> None:
    for data in blobs:
        sha = hashlib.sha256(data).hexdigest()
        key = partial_key(str(uuid.uuid4()), 1, sha)
        for offset in range(0, len(data), MAX_CHUNK_BYTES):
            storage.append_partial(key, offset, data[offset : offset + MAX_CHUNK_BYTES])
        assert storage.partial_sha256(key) == sha
        storage.partial_head(key, SEAL_HEADER_BYTES)
        storage.promote_partial(key, sha)


def _raw_files(root: Path, blobs: list[bytes]) -> None:
    for data in blobs:
        path = root / hashlib.sha256(data).hexdigest()
        with path.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())


def _timed(run: Callable[[list[bytes]], None], blobs: list[bytes]) -> float:
    started = time.perf_counter()
    run(blobs)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=30)
    parser.add_argument("--size", type=int, default=300_000)
    args = parser.parse_args()

    def batch() -> list[bytes]:
        return [os.urandom(args.size) for _ in range(args.count)]

    megabytes = args.count * args.size / 1e6
    rows: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-storage-") as tmp:
        root = Path(tmp)
        (root / "raw").mkdir()
        raw = root / "raw"
        rows.append(("local disk, raw write+fsync", _timed(lambda b: _raw_files(raw, b), batch())))
        local = LocalDiskStorage(root / "store")
        stored = _timed(lambda b: _through_storage(local, b), batch())
        rows.append(("local disk, LocalDiskStorage", stored))
    server = start_seaweedfs()
    try:
        client = server.client()
        client.create_bucket(Bucket="raw")

        def raw_puts(blobs: list[bytes]) -> None:
            for data in blobs:
                client.put_object(Bucket="raw", Key=hashlib.sha256(data).hexdigest(), Body=data)

        rows.append(("SeaweedFS S3, raw PUT", _timed(raw_puts, batch())))
        s3 = S3Storage("kiosk-bench", "attachments/", client=server.client())
        s3.ensure_bucket()
        rows.append(("SeaweedFS S3, S3Storage", _timed(lambda b: _through_storage(s3, b), batch())))
    finally:
        server.destroy()

    print(f"{args.count} attachments of {args.size} bytes ({megabytes:.1f} MB) per row")
    print(f"{'backend':<32} {'seconds':>8} {'att/s':>8} {'MB/s':>8} {'vs raw':>7}")
    for index, (name, seconds) in enumerate(rows):
        baseline = rows[index - index % 2][1]
        print(
            f"{name:<32} {seconds:8.2f} {args.count / seconds:8.1f} {megabytes / seconds:8.1f} "
            f"{baseline / seconds:7.2f}"
        )


if __name__ == "__main__":
    main()
