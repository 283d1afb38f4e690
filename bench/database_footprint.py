"""Bytes per application in PostgreSQL and in attachment storage, after a real ingest.

An input of docs/scaling.md (the province model). A throwaway PostgreSQL cluster (fsync on);
a real `kiosk-server serve` process; N simulated kiosks (the ones of bench/sync_ingest.py) each
send one application with 3 attachments through the real sync protocol. Then it prints, per
table, rows and bytes (heap + indexes + TOAST, `pg_total_relation_size`) above an empty migrated
database, and the bytes the attachment storage holds, each divided by the applications received.

    .venv/bin/python bench/database_footprint.py [--kiosks 50] [--attachment-kb 300]

The simulated kiosks send small clear fields (NIK, name, phone) rather than a sealed fields
document of a few KB, so the application row here is a lower bound; the audit, feed and
attachment rows are what the intake really writes.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.sync_ingest import run_ingest  # noqa: E402
from server.db import Database, migrate  # noqa: E402
from tests.helpers.postgres import find_bin_dir, start_cluster  # noqa: E402

SIZES = (
    "SELECT c.relname, c.reltuples::bigint, pg_total_relation_size(c.oid) "
    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE c.relkind = 'r' AND n.nspname = 'public'"
)


def _sizes(url: str) -> dict[str, tuple[int, int]]:
    database = Database(url)
    try:
        with database.engine.begin() as connection:
            connection.execute(sa.text("ANALYZE"))
            rows = connection.execute(sa.text(SIZES)).all()
    finally:
        database.dispose()
    return {name: (max(int(tuples), 0), int(size)) for name, tuples, size in rows}


def _tree_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kiosks", type=int, default=50)
    parser.add_argument("--attachment-kb", type=int, default=300)
    args = parser.parse_args(argv)
    bin_dir = find_bin_dir()
    if bin_dir is None:
        print("PostgreSQL binaries not found (scripts/setup.sh installs them)", file=sys.stderr)
        return 1
    cluster = start_cluster(bin_dir, durable=True)
    try:
        with tempfile.TemporaryDirectory(prefix="kiosk-bench-footprint-") as tmp:
            root = Path(tmp)
            empty_url = cluster.url(cluster.create_database())
            database = Database(empty_url)
            migrate(database)
            database.dispose()
            empty = _sizes(empty_url)
            url = cluster.url(cluster.create_database())
            result = run_ingest(
                root, "PostgreSQL", url, args.kiosks, args.attachment_kb * 1000, threading.Event()
            )
            full = _sizes(url)
            stored = _tree_bytes(root / "ingest-PostgreSQL" / "attachments")
            _print(args, result.on_server_received, empty, full, stored)
            print(
                f"ingest wall {result.wall_seconds:.1f} s = "
                f"{result.on_server_received / result.wall_seconds:.1f} applications/s "
                "(one process, local disk; bench/sync.py measures this properly)"
            )
    finally:
        cluster.stop()
    return 0


def _print(
    args: argparse.Namespace,
    received: int,
    empty: dict[str, tuple[int, int]],
    full: dict[str, tuple[int, int]],
    stored: int,
) -> None:
    print(
        f"bench/database_footprint.py: {args.kiosks} kiosks x 3 attachments of "
        f"{args.attachment_kb} KB, {received} applications received, "
        f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    if not received:
        print("nothing received: no figures")
        return
    print(f"{'table':32} {'rows':>8} {'bytes above empty':>18} {'per application':>16}")
    total = 0
    for name in sorted(full):
        rows, size = full[name]
        grown = size - empty.get(name, (0, 0))[1]
        if rows == 0 and grown <= 0:
            continue
        total += grown
        print(f"{name:32} {rows:8d} {grown:18,d} {grown / received:16,.0f}")
    print(f"{'PostgreSQL, all tables':32} {'':8} {total:18,d} {total / received:16,.0f}")
    print(f"{'attachment storage (files)':32} {'':8} {stored:18,d} {stored / received:16,.0f}")


if __name__ == "__main__":
    raise SystemExit(main())
