"""The 240-image detection study of bench/capture.py, as a slow acceptance run.

The normal suite covers the same cases on fewer seeds (test_checks.py, test_document.py);
this runs the full study the figures in docs/devices.md come from and holds them as floors.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "capture.py"


def load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_capture", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # the study's worker processes pickle its functions
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_detection_rate_and_false_alarms_on_240_generated_images() -> None:
    bench = load_bench()
    summary = bench.summarise_documents(bench.document_study(range(1000, 1030)))
    assert summary["documents"] == 210
    assert summary["desks"] == 30
    assert summary["corners_within_2pct"] >= 0.93
    assert summary["false_alarm_clean"] <= 0.05
    assert summary["false_document_on_desk"] <= 0.1
    for defect, recall in summary["recall"].items():
        assert recall >= (0.6 if defect == "document_cut_off" else 0.75), defect


def test_study_summary_counts_a_tiny_sample() -> None:
    """The study code itself, on two seeds, so it cannot rot between slow runs."""
    bench = load_bench()
    rows = [row for seed in (1000, 1001) for row in bench.study_one(seed)]
    summary = bench.summarise_documents(rows)
    assert summary["documents"] == 14
    assert summary["desks"] == 2
    assert 0 <= summary["corners_within_2pct"] <= 1
