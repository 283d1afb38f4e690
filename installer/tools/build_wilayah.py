"""Builds the compact wilayah files shipped in resources/wilayah/ from the official CSV editions.

Usage: python installer/tools/build_wilayah.py ../shared/data/wilayah resources/wilayah

Every code seen in any edition is kept with the editions it appears in, so old NIKs issued under
codes that no longer exist (e.g. Papua before the 2022 split) can be told apart from typing errors.
Names come from the newest edition that has the code.
"""

from __future__ import annotations

import csv
import gzip
import re
import sys
from pathlib import Path


def main(source: Path, target: Path) -> None:
    editions = sorted(
        (int(m.group(1)), path)
        for path in source.glob("wilayah_*.csv")
        if (m := re.fullmatch(r"wilayah_(\d{4})\.csv", path.name))
    )
    names: dict[str, str] = {}
    seen: dict[str, list[int]] = {}
    for year, path in editions:
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                code = row["kode"].strip()
                names[code] = " ".join(row["nama"].split())
                seen.setdefault(code, []).append(year)
    target.mkdir(parents=True, exist_ok=True)
    header = ["kode", "nama", "edisi"]
    regions = sorted(code for code in seen if code.count(".") < 3)
    villages = sorted(code for code in seen if code.count(".") == 3)
    with (target / "regions.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for code in regions:
            writer.writerow([code, names[code], " ".join(str(y) for y in seen[code])])
    with gzip.open(target / "villages.csv.gz", "wt", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for code in villages:
            writer.writerow([code, names[code], " ".join(str(y) for y in seen[code])])
    sys.stdout.write(f"{len(regions)} regions, {len(villages)} villages\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
