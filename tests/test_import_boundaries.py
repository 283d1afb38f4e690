"""The layers of ARCHITECTURE.md: kiosk/, devices/ and sync/ never import Qt widgets.

Checked two ways: statically over the source (catches imports inside functions too), and by
importing every module of those packages in a fresh interpreter and looking at sys.modules.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# package -> top-level packages of this project it must not import
FORBIDDEN_PROJECT_IMPORTS = {
    "kiosk": {"ui", "devices", "sync", "server"},
    "devices": {"ui", "sync", "server", "kiosk"},
    "sync": {"ui", "devices", "server"},
    "server": {"ui", "devices"},
}
QT_WIDGET_MODULES = ("PySide6.QtWidgets", "PySide6.QtGui", "PySide6.QtPrintSupport")


def imported_names(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append((node.lineno, node.module))
            names.extend((node.lineno, f"{node.module}.{alias.name}") for alias in node.names)
    return names


def violations(package: str) -> list[str]:
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for lineno, name in imported_names(path):
            top = name.split(".")[0]
            widgety = any(name == m or name.startswith(m + ".") for m in QT_WIDGET_MODULES)
            if widgety or top in FORBIDDEN_PROJECT_IMPORTS[package]:
                found.append(f"{path.relative_to(ROOT)}:{lineno} imports {name}")
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN_PROJECT_IMPORTS))
def test_layer_imports_stay_inside_their_boundary(package: str) -> None:
    assert violations(package) == []


def test_boundary_check_catches_a_widget_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from PySide6.QtWidgets import QLabel\n    return QLabel\n")
    assert imported_names(bad) == [(2, "PySide6.QtWidgets"), (2, "PySide6.QtWidgets.QLabel")]


def test_importing_core_packages_loads_no_qt_widgets() -> None:
    code = """
import importlib, json, pkgutil, sys
for pkg in ("kiosk", "devices", "sync"):
    mod = importlib.import_module(pkg)
    for info in pkgutil.walk_packages(mod.__path__, pkg + "."):
        if ".migrations.versions" in info.name or info.name.endswith("migrations.env"):
            continue
        importlib.import_module(info.name)
loaded = [m for m in sys.modules if m.startswith(("PySide6.QtWidgets", "PySide6.QtGui"))]
print(json.dumps(sorted(loaded)))
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
