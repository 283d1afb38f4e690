"""Whether a speed change left the document finder's answers as they were.

Runs `check_document` of an earlier commit's `devices/` package and of today's on the same
photos (the first independent photos of bench/media_independent/ and the demo generator's
study set) and prints how many found the same corners (within 0.5 px) and the same codes,
with the largest corner shift, and the mean CPU time per check in the same run. Prints
numbers, asserts nothing. Run from the repository root:

    mkdir -p /tmp/before && git archive COMMIT devices | tar -x -C /tmp/before
    .venv/bin/python bench/detection_same.py /tmp/before            # 60 + 48 photos
    .venv/bin/python bench/detection_same.py /tmp/before --count 120
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from bench import media_independent  # noqa: E402
from resources.demo import media  # noqa: E402

TOLERANCE = 0.5  # px: corners closer than this count as the same
_STATE: dict[str, Any] = {}


def _use(tree: str | None) -> None:
    """Pool initializer: the `devices` package of `tree` (before) or of this checkout."""
    if tree is not None:
        for name in [n for n in sys.modules if n == "devices" or n.startswith("devices.")]:
            del sys.modules[name]
        sys.path.insert(0, tree)
    from devices import checks

    _STATE["check"] = checks.check_document


def _photo(item: tuple[str, int, str]) -> np.ndarray:
    source, seed, case = item
    if source == "independent":
        return media_independent.photo(seed, case).image
    if case == "empty":
        return media.desk_without_document(seed)
    kind = ("kk", "ktp")[seed % 2]
    return media.document_photo(seed, kind, None if case == "clean" else case).image


def _answer(item: tuple[str, int, str]) -> tuple[np.ndarray | None, list[str], float]:
    image = _photo(item)
    started = time.process_time()  # CPU time: less swayed by a loaded machine than wall time
    report, _ = _STATE["check"](image)
    seconds = time.process_time() - started
    return report.corners, sorted(i.code for i in report.issues), seconds


def _answers(items: list[tuple[str, int, str]], tree: str | None) -> list[Any]:
    context = multiprocessing.get_context("spawn")  # a clean `devices` import per tree
    with ProcessPoolExecutor(2, mp_context=context, initializer=_use, initargs=(tree,)) as pool:
        return list(pool.map(_answer, items, chunksize=4))


def items(count: int, demo_seeds: int) -> list[tuple[str, int, str]]:
    """The first `count` independent photos, then every demo case of `demo_seeds` seeds."""
    pairs = media_independent.evaluation_set(range(count // 6 + 1))[:count]
    found = [("independent", seed, condition) for seed, condition in pairs]
    for seed in range(1000, 1000 + demo_seeds):
        for case in ("clean", *media.DEFECTS, "empty"):
            found.append(("demo", seed, case))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", help="a folder holding an earlier commit's devices/ package")
    parser.add_argument("--count", type=int, default=60, help="independent photos")
    parser.add_argument("--demo-seeds", type=int, default=6, help="demo generator seeds")
    args = parser.parse_args()
    chosen = items(args.count, args.demo_seeds)
    before = _answers(chosen, args.before)
    after = _answers(chosen, None)
    same_corners = same_codes = 0
    worst = 0.0
    for item, (old, old_codes, _), (new, new_codes, _) in zip(chosen, before, after, strict=True):
        if old is None or new is None:
            shift = 0.0 if old is None and new is None else float("inf")
        else:
            shift = float(np.linalg.norm(np.asarray(old) - np.asarray(new), axis=1).max())
        worst = max(worst, shift)
        same_corners += shift <= TOLERANCE
        same_codes += old_codes == new_codes
        if shift > TOLERANCE or old_codes != new_codes:
            print(f"   differs: {item}: shift {shift:.2f} px, {old_codes} -> {new_codes}")
    print(
        f"== {len(chosen)} photos: same corners (within {TOLERANCE} px) {same_corners}, "
        f"same codes {same_codes}; largest corner shift {worst:.3f} px"
    )
    cpu_before = 1000 * float(np.mean([row[2] for row in before]))
    cpu_after = 1000 * float(np.mean([row[2] for row in after]))
    print(
        f"== CPU ms per check_document (mean, one run): before {cpu_before:.1f}, "
        f"after {cpu_after:.1f}"
    )


if __name__ == "__main__":
    main()
