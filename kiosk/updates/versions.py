"""How versions of the app compare; standard library only, so the launcher can use it."""

from __future__ import annotations

import re


def version_key(version: str) -> tuple[tuple[int, ...], int, int]:
    """Orders `0.2.0rc1` < `0.2.0` < `0.2.1` (pre-releases before the release); anything
    that is not a version sorts before every version."""
    match = re.match(r"^([0-9]+(?:\.[0-9]+)*)(?:(a|b|rc|\.post|\.dev)([0-9]+))?$", version)
    if match is None:
        return ((0,), 0, 0)
    numbers = tuple(int(part) for part in match.group(1).split("."))
    numbers = numbers + (0,) * (4 - len(numbers))
    rank = {"a": 1, "b": 2, "rc": 3, None: 4, ".post": 5, ".dev": 0}[match.group(2)]
    return numbers, rank, int(match.group(3) or 0)
