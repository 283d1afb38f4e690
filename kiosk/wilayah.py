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
        """Kelurahan/desa of one kecamatan in the current edition (the file is sorted by code,
        so they are one run of lines in its text)."""
        text = _villages_text()
        prefix = f"\n{kecamatan}."
        found: list[Region] = []
        start = text.find(prefix) if kecamatan else -1
        while start >= 0:
            end = text.find("\n", start + 1)
            row = next(csv.reader([text[start + 1 : end if end >= 0 else None]]))
            editions = tuple(int(y) for y in row[2].split())
            if self.latest_edition in editions:
                found.append(Region(row[0], row[1], editions))
            start = end if end >= 0 and text.startswith(prefix, end) else -1
        return found

    def village(self, code: str) -> Region | None:
        """One kelurahan/desa by its code (e.g. 35.78.01.1001), any edition.

        Found in the decompressed text (~0.1 s once) rather than the parsed table (~2 s):
        checking one typed code must not cost a command or a submit seconds.
        """
        if not code or "\n" in code or "," in code:
            return None
        text = _villages_text()
        start = text.find(f"\n{code},")
        if start < 0:
            return None
        line = text[start + 1 : text.find("\n", start + 1)]
        row = next(csv.reader([line]))
        return Region(row[0], row[1], tuple(int(y) for y in row[2].split()))


def _read(path: Path, *, gzip_file: bool) -> dict[str, Region]:
    opener = gzip.open if gzip_file else open
    regions: dict[str, Region] = {}
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            editions = tuple(int(y) for y in row["edisi"].split())
            regions[row["kode"]] = Region(row["kode"], row["nama"], editions)
    return regions


@cache
def _villages_text() -> str:
    with gzip.open(WILAYAH_DIR / "villages.csv.gz", "rt", encoding="utf-8", newline="") as f:
        return f.read()


def preload_villages() -> None:
    """Reads the kelurahan/desa list now (a worker does, before the address is typed)."""
    _villages_text()


@cache
def default_wilayah() -> Wilayah:
    return Wilayah.load()


def dotted(digits: str) -> str:
    """'317101' -> '31.71.01' (the CSV's code shape)."""
    parts = [digits[i : i + 2] for i in range(0, min(len(digits), 6), 2)]
    return ".".join(parts)
