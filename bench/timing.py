"""Timing helpers of the back-office bench: runs in milliseconds, percentiles, a printed row
beside the bare SELECT of the same rows."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from server.db import Database


def timed(call: Callable[[], Any], runs: int) -> list[float]:
    call()  # warm caches and the plan cache
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        out.append((time.perf_counter() - started) * 1000)
    return out


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def row(name: str, ms: list[float], bare: list[float], goal: float) -> str:
    p95, b95 = percentile(ms, 95), percentile(bare, 95)
    return (
        f"{name:<44} p50 {percentile(ms, 50):7.1f} ms  p95 {p95:7.1f} ms  (goal < {goal:.0f})  "
        f"bare SELECT p95 {b95:6.2f} ms  x{p95 / max(b95, 0.01):.0f}"
    )


def bare_select(database: Database, sql: str, **params: Any) -> Callable[[], Any]:
    def run() -> Any:
        with database.engine.connect() as connection:
            return connection.execute(sa.text(sql), params).all()

    return run
