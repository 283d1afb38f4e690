"""Document detection and checks, old detector beside the new, on two independent media sets.

Prints, per condition, the share of photos with all four corners within 2 % of the document's
diagonal, the median corner error, the share of faulty photos flagged with the right code and
the false alarms on clean photos; first on the independent set (bench/media_independent/,
made without the project's demo generator), then on the demo generator's own study set
(resources/demo/media.py, the figures the detector was first tuned on: no regression there).
The old detector is the frozen copy in bench/legacy/ (the product has one detector).
Prints numbers, asserts nothing. Run from the repository root:

    .venv/bin/python bench/detection.py            # 360 + 240 photos, both detectors, ~2 min
    .venv/bin/python bench/detection.py --quick    # 72 + 48 photos

With `--before DIR` a third column shows the product's detector as it was at an earlier
commit, in the same run (DIR holds that commit's `devices/` package):

    mkdir -p /tmp/before && git archive COMMIT devices | tar -x -C /tmp/before
    .venv/bin/python bench/detection.py --before /tmp/before
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from bench import media_independent  # noqa: E402
from bench.legacy import checks as legacy_checks  # noqa: E402
from devices import checks  # noqa: E402
from resources.demo import media  # noqa: E402

DETECTORS: dict[str, Callable[..., Any]] = {
    "old": legacy_checks.check_document,
    "new": checks.check_document,
}
DEMO_CASES = (None, *media.DEFECTS)
COLUMNS = ("old", "before", "new")


def _use_tree(tree: str) -> None:
    """Pool initializer: in this (spawned) process the detector is the `devices` package
    under `tree`, as "before"."""
    for name in [n for n in sys.modules if n == "devices" or n.startswith("devices.")]:
        del sys.modules[name]
    sys.path.insert(0, tree)
    from devices import checks as before

    DETECTORS.clear()
    DETECTORS["before"] = before.check_document


def corner_error(found: np.ndarray, truth: np.ndarray) -> float:
    """Worst corner distance over the diagonal, for the best matching of the corner order."""
    diagonal = float(np.linalg.norm(truth[2] - truth[0]))
    found = np.asarray(found, np.float64)
    best = min(
        float(np.linalg.norm(np.roll(found, shift, axis=0)[::step] - truth, axis=1).max())
        for shift in range(4)
        for step in (1, -1)
    )
    return best / diagonal


def _row(
    detector: str, condition: str, truth: np.ndarray | None, image: np.ndarray, **extra: Any
) -> dict[str, Any]:
    started = time.perf_counter()
    report, _ = DETECTORS[detector](image)
    elapsed = time.perf_counter() - started
    error = None
    if report.corners is not None and truth is not None and condition != "document_cut_off":
        error = corner_error(report.corners, truth)
    return {
        "detector": detector,
        "condition": condition,
        "codes": [i.code for i in report.issues],
        "messages": [i.message_id for i in report.issues],
        "found": report.corners is not None,
        "error": error,
        "seconds": elapsed,
        **extra,
    }


def independent_rows(pair: tuple[int, str]) -> list[dict[str, Any]]:
    """Both detectors on one photo of the independent set."""
    seed, condition = pair
    photo = media_independent.photo(seed, condition)
    extra = {"design": photo.design, "background": photo.background, "where": photo.where}
    return [_row(d, condition, photo.corners, photo.image, **extra) for d in DETECTORS]


def scan_rows(pair: tuple[int, str]) -> list[dict[str, Any]]:
    """Both detectors on one flatbed scan (white or black lid) of the independent set."""
    seed, lid = pair
    photo = media_independent.scan(seed, lid)
    extra = {"design": photo.design, "background": photo.background, "where": ""}
    return [_row(d, f"scanner, {lid} lid", photo.corners, photo.image, **extra) for d in DETECTORS]


def demo_rows(seed: int) -> list[dict[str, Any]]:
    """Both detectors on one seed of the demo generator's study (bench/capture.py's set)."""
    kind = ("kk", "ktp")[seed % 2]
    rows = []
    for defect in DEMO_CASES:
        photo = media.document_photo(seed, kind, defect)
        for detector in DETECTORS:
            rows.append(_row(detector, defect or "clean", photo.corners, photo.image))
    desk = media.desk_without_document(seed)
    rows += [_row(d, "empty", None, desk) for d in DETECTORS]
    return rows


def expected_codes(condition: str) -> set[str]:
    if condition.startswith("scanner"):
        return set()
    return media_independent.EXPECTED.get(condition, {condition})


def summarise(rows: list[dict[str, Any]], detector: str) -> dict[str, dict[str, Any]]:
    """Per condition: photos, corners within 2 %, median error, right code, false alarms."""
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if row["detector"] == detector:
            grouped[row["condition"]].append(row)
    summary = {}
    for condition, subset in grouped.items():
        expected = expected_codes(condition)
        errors = [1.0 if r["error"] is None else r["error"] for r in subset]
        located = condition not in ("document_cut_off", "empty")
        entry: dict[str, Any] = {
            "photos": len(subset),
            "within_2pct": float(np.mean(np.array(errors) <= 0.02)) if located else None,
            "median_error": float(np.median(errors)) if located else None,
            "exact": float(np.mean([set(r["codes"]) == expected for r in subset])),
        }
        if expected:
            entry["flagged"] = float(np.mean([bool(expected & set(r["codes"])) for r in subset]))
            entry["first"] = float(np.mean([r["codes"][:1] == sorted(expected) for r in subset]))
        else:
            entry["false_alarm"] = float(np.mean([bool(r["codes"]) for r in subset]))
        if condition == "empty":
            entry["document_claimed"] = float(np.mean([r["found"] for r in subset]))
        entry["ms"] = 1000 * float(np.mean([r["seconds"] for r in subset]))
        entry["misses"] = Counter(
            ",".join(r["codes"]) or "ok" for r in subset if set(r["codes"]) != expected
        ).most_common(4)
        summary[condition] = entry
    return summary


def _fmt(value: float | None) -> str:
    return "   -  " if value is None else f"{value:6.1%}"


def print_table(title: str, rows: list[dict[str, Any]], order: tuple[str, ...]) -> None:
    print(f"== {title}")
    labels = [d for d in COLUMNS if any(r["detector"] == d for r in rows)]
    arrow = " -> ".join(labels)
    print(
        f"   condition          photos | within 2% ({arrow}) | median error ({arrow}) | "
        f"right code / false alarm ({arrow})"
    )
    summaries = {label: summarise(rows, label) for label in labels}

    def chain(condition: str, key: str) -> str:
        return " -> ".join(_fmt(summaries[label][condition].get(key)) for label in labels)

    for condition in order:
        if condition not in summaries["new"]:
            continue
        entry = summaries["new"][condition]
        if "flagged" in entry:
            verdict = f"flagged {chain(condition, 'flagged')}"
        else:
            verdict = f"false alarm {chain(condition, 'false_alarm')}"
        if condition == "empty":
            verdict += f"; document claimed {chain(condition, 'document_claimed')}"
        print(
            f"   {condition:18s} {entry['photos']:5d} | {chain(condition, 'within_2pct')} | "
            f"{chain(condition, 'median_error')} | {verdict}"
        )
    for label, summary in summaries.items():
        misses = {c: summary[c]["misses"] for c in order if c in summary and summary[c]["misses"]}
        print(f"   {label} detector's misses: {misses}")
    times = ", ".join(
        f"{label} {np.mean([r['seconds'] for r in rows if r['detector'] == label]) * 1000:.1f}"
        for label in labels
    )
    print(f"   ms per find+flatten+check (1280x720, mean): {times}")


def _rows(
    seeds: range, demo_seeds: range, workers: int, tree: str | None
) -> dict[str, list[dict[str, Any]]]:
    """Every set through this process's detectors, or through the tree's ("before")."""
    pairs = media_independent.evaluation_set(seeds)
    options: dict[str, Any] = {}
    if tree is not None:
        options = {
            "mp_context": multiprocessing.get_context("spawn"),
            "initializer": _use_tree,
            "initargs": (tree,),
        }
    with ProcessPoolExecutor(workers, **options) as pool:
        independent = [r for rows in pool.map(independent_rows, pairs, chunksize=4) for r in rows]
        demo = [r for rows in pool.map(demo_rows, demo_seeds) for r in rows]
        scans = [(seed, lid) for seed in seeds[:24] for lid in ("white", "black")]
        scanned = [r for rows in pool.map(scan_rows, scans) for r in rows]
    return {"independent": independent, "demo": demo, "scanner": scanned}


def run(
    seeds: range, demo_seeds: range, workers: int = 2, before: str | None = None
) -> dict[str, list[dict[str, Any]]]:
    results = _rows(seeds, demo_seeds, workers, None)
    if before is not None:
        for name, rows in _rows(seeds, demo_seeds, workers, before).items():
            results[name] += rows
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller samples")
    parser.add_argument("--first-seed", type=int, default=0, help="independent set's first seed")
    parser.add_argument(
        "--before", metavar="DIR", help="a folder holding an earlier commit's devices/ package"
    )
    args = parser.parse_args()
    count = 12 if args.quick else 60
    seeds = range(args.first_seed, args.first_seed + count)
    demo_seeds = range(1000, 1000 + (6 if args.quick else 30))
    started = time.perf_counter()
    results = run(seeds, demo_seeds, before=args.before)
    photos = sum(r["detector"] == "new" for r in results["independent"])
    print_table(
        f"Independent set: {photos} photos (seeds {seeds.start}-{seeds.stop - 1}; "
        f"bench/media_independent/)",
        results["independent"],
        media_independent.CONDITIONS,
    )
    scans = sum(r["detector"] == "new" for r in results["scanner"])
    print_table(
        f"Flatbed scans: {scans} (150 dpi, lid white or black, bench/media_independent/)",
        results["scanner"],
        ("scanner, white lid", "scanner, black lid"),
    )
    demo_photos = sum(r["detector"] == "new" for r in results["demo"])
    print_table(
        f"Demo generator's study set: {demo_photos} photos (resources/demo/media.py, seeds "
        f"{demo_seeds.start}-{demo_seeds.stop - 1})",
        results["demo"],
        ("clean", *media.DEFECTS, "empty"),
    )
    print(f"== total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
