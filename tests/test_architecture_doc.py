"""docs/architecture.md names only modules that exist: a renamed module must update the doc."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "architecture.md"
TOP = ("kiosk", "ui", "sync", "server", "devices", "resources", "tests", "bench", "docs", "scripts")
PATH = re.compile(rf"(?<![\w/.-])((?:{'|'.join(TOP)})/[\w./-]*)")


def named_paths(text: str) -> set[str]:
    return {m.rstrip(".,:;)") for m in PATH.findall(text)}


def test_every_path_the_architecture_doc_names_exists() -> None:
    names = named_paths(DOC.read_text(encoding="utf-8"))
    assert len(names) > 40  # the check reads the doc at all
    assert sorted(n for n in names if not (ROOT / n).exists()) == []


def test_the_path_finder_sees_paths_in_prose_tables_and_diagrams() -> None:
    text = "see `kiosk/store/core.py`, | `ui/jobs/` |\n  -> sync/engine.py: manifest"
    assert named_paths(text) == {"kiosk/store/core.py", "ui/jobs/", "sync/engine.py"}
