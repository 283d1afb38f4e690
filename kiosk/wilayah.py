"""Official region codes (Kemendagri, all editions) for NIK/KK validation and address pickers.

The compact files in resources/wilayah/ are built by installer/tools/build_wilayah.py; each code
carries the editions it appears in, so a code that only exists in older editions is recognised
as historic instead of being flagged as a typing error.
"""

from __future__ import annotations

import csv
import gzip
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

from resources import RESOURCES_DIR

WILAYAH_DIR = RESOURCES_DIR / "wilayah"


class RegionStatus(StrEnum):
    CURRENT = "current"
    HISTORIC = "historic"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    editions: tuple[int, ...]


class Wilayah:
    """Lookup over every edition of the region codes."""

    def __init__(self, regions: dict[str, Region]) -> None:
        self._regions = regions
        self.latest_edition = max(y for r in regions.values() for y in r.editions)

    @classmethod
    def load(cls, path: Path = WILAYAH_DIR / "regions.csv") -> Wilayah:
        return cls(_read(path, gzip_file=False))

    def get(self, code: str) -> Region | None:
        return self._regions.get(code)

    def status(self, code: str) -> RegionStatus:
        region = self._regions.get(code)
        if region is None:
            return RegionStatus.UNKNOWN
        if self.latest_edition in region.editions:
            return RegionStatus.CURRENT
        return RegionStatus.HISTORIC

    def children(self, parent: str, *, current_only: bool = True) -> list[Region]:
        """Direct children of a code ('' for provinces), sorted by code, for address pickers."""
        depth = parent.count(".") + 1 if parent else 0
        prefix = parent + "." if parent else ""
        found = [
            r
            for code, r in self._regions.items()
            if code.startswith(prefix)
            and code.count(".") == depth
            and (not current_only or self.latest_edition in r.editions)
        ]
        return sorted(found, key=lambda r: r.code)

    def villages(self, kecamatan: str) -> list[Region]:
        """Kelurahan/desa of one kecamatan in the current edition (loaded on first use)."""
        prefix = kecamatan + "."
        return [
            r
            for code, r in _villages().items()
            if code.startswith(prefix) and self.latest_edition in r.editions
        ]


def _read(path: Path, *, gzip_file: bool) -> dict[str, Region]:
    opener = gzip.open if gzip_file else open
    regions: dict[str, Region] = {}
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            editions = tuple(int(y) for y in row["edisi"].split())
            regions[row["kode"]] = Region(row["kode"], row["nama"], editions)
    return regions


@cache
def _villages() -> dict[str, Region]:
    return _read(WILAYAH_DIR / "villages.csv.gz", gzip_file=True)


@cache
def default_wilayah() -> Wilayah:
    return Wilayah.load()


def dotted(digits: str) -> str:
    """'317101' -> '31.71.01' (the CSV's code shape)."""
    parts = [digits[i : i + 2] for i in range(0, min(len(digits), 6), 2)]
    return ".".join(parts)
