"""Where the herd's time goes, second by second: kiosks in an admitted request, in a refused
one, backing off, or done (issue 17, point 3).

Prints numbers, asserts nothing. Run from the repository root:

    .venv/bin/python bench/ingest_timeline.py                      # PostgreSQL, 200 kiosks
    .venv/bin/python bench/ingest_timeline.py --database SQLite --kiosks 100

One cell of bench/sync.py's herd (local disk, one `kiosk-server serve` process): every
simulated kiosk records the spans of its requests and of its waits (bench/sync_ingest.py,
KioskOutcome.spans). Per second from the release, the table shows how many kiosks were on
average in each state, and how many applications were received in it; then the share of all
kiosk-seconds (from the release to each kiosk's last answer) spent in each state. A high
"backoff" share with the server idle is time lost to the refusal policy (Retry-After and the
kiosk's wait), not to the server's work.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.herd_run import herd_run, load_average  # noqa: E402
from bench.sync_ingest import IngestResult, run_ingest  # noqa: E402

STATES = ("admitted", "refused", "other", "backoff")


@dataclass
class Timeline:
    per_second: list[Counter[str]]
    """Kiosk-seconds in each state within each second from the release (average kiosks)."""
    received_per_second: list[int]
    shares: dict[str, float]
    """Each state's share of all kiosk-seconds, from the release to each kiosk's last answer."""


def timeline(result: IngestResult) -> Timeline:
    start = result.released_at
    last = max((end for spans in result.spans for _, end, _ in spans), default=start)
    seconds = max(1, math.ceil(last - start))
    per_second = [Counter[str]() for _ in range(seconds)]
    received = [0] * seconds
    totals: Counter[str] = Counter()
    for spans in result.spans:
        for began, ended, kind in spans:
            totals[kind] += ended - began
            first, final = int(began - start), min(seconds - 1, int(ended - start))
            for second in range(max(0, first), final + 1):
                overlap = min(ended, start + second + 1) - max(began, start + second)
                if overlap > 0:
                    per_second[second][kind] += overlap
        admitted = [end for _, end, kind in spans if kind == "admitted"]
        if admitted and spans[-1][2] == "admitted":
            received[min(seconds - 1, int(admitted[-1] - start))] += 1
    whole = sum(totals.values()) or 1.0
    return Timeline(per_second, received, {kind: totals[kind] / whole for kind in STATES})


def print_timeline(result: IngestResult) -> None:
    line = timeline(result)
    print(
        f"\n{result.backend}: {result.received}/{result.kiosks} received in "
        f"{result.wall_seconds:.1f} s ({result.received / result.wall_seconds:.1f} apps/s)"
    )
    print(f"    {'second':>6}" + "".join(f"{s:>10}" for s in STATES) + f"{'received':>10}")
    for second, states in enumerate(line.per_second):
        print(
            f"    {second:>6}"
            + "".join(f"{states[s]:>10.1f}" for s in STATES)
            + f"{line.received_per_second[second]:>10}"
        )
    print("    share of kiosk-seconds: " + ", ".join(f"{s} {line.shares[s]:.0%}" for s in STATES))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kiosks", type=int, default=200)
    parser.add_argument("--attachment-kb", type=int, default=150)
    parser.add_argument("--database", choices=("SQLite", "PostgreSQL"), default="PostgreSQL")
    args = parser.parse_args(argv)
    header = f"bench/ingest_timeline.py: load average {load_average()} at start"
    with herd_run("kiosk-bench-timeline-", header) as run:
        if args.database == "PostgreSQL":
            if run.cluster is None:
                print("PostgreSQL not installed")
                return 1
            url = run.cluster.url(run.cluster.create_database())
        else:
            url = f"sqlite:///{run.root / 'timeline.sqlite3'}"
        result = run_ingest(
            run.root,
            f"{args.database} local x1",
            url,
            args.kiosks,
            args.attachment_kb * 1000,
            run.stop,
        )
        print_timeline(result)
    print(f"load average {load_average()} at the end")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
