"""Sign-in timing by outcome: a wrong password is the baseline every refusal should match.

Run: .venv/bin/python bench/signin.py [--repeat 10]

Prints the median time of Accounts.authenticate for a wrong password of a real account (the
baseline, measured in the same run), an unknown username and a locked account, and each one's
ratio to the baseline. Before issue 11 they were ~184 ms, ~3 ms and ~1 ms: the answer's speed
told which usernames exist.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import contextlib

from kiosk.accounts import MAX_FAILURES, AuthError, Role  # noqa: E402
from kiosk.local_store import Store  # noqa: E402


def median_ms(attempt: Callable[[], None], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        with contextlib.suppress(AuthError):
            attempt()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder))
        boss = store.accounts.create("siti", "Siti", "rahasia-123", Role.SUPERVISOR)
        store.accounts.create("budi", "Budi", "rahasia-456", Role.PETUGAS, created_by=boss)
        for n in range(MAX_FAILURES):
            with contextlib.suppress(AuthError):
                store.accounts.authenticate("budi", f"salah-{n}")
        accounts = store.accounts
        median_ms(lambda: accounts.authenticate("nobody", "x"), 1)  # warm-up (decoy hash)
        baseline = median_ms(lambda: accounts.authenticate("siti", "salah-sekali"), args.repeat)
        rows = [
            ("wrong password (baseline)", baseline),
            (
                "unknown username",
                median_ms(lambda: accounts.authenticate("nobody", "x"), args.repeat),
            ),
            ("locked account", median_ms(lambda: accounts.authenticate("budi", "x"), args.repeat)),
        ]
        store.close()
    for label, ms in rows:
        print(f"{label:<28} {ms:8.1f} ms   x{ms / baseline:.2f} of baseline")


if __name__ == "__main__":
    main()
