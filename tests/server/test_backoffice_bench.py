"""bench/backoffice.py runs at any size: a small district has no page 100 to jump to."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.postgres


@pytest.mark.parametrize("applications", [0, 300])
def test_the_bench_clamps_its_deep_page_to_the_rows_that_exist(applications: int) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "backoffice.py"), "--applications", str(applications),
         "--runs", "1"],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    deep = [line for line in done.stdout.splitlines() if "next-link cursor" in line]
    assert len(deep) == 1, done.stdout
    # 0 rows + 20 sealed 'new' ones: one page; 300 rows (150 'new') + 20: page 4.
    assert f"page {1 if applications == 0 else 4} " in deep[0], deep[0]
