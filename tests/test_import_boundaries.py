"""The layers of docs/architecture.md, enforced: who may import whom, no import circles, and
modules that stay small.

Checked statically over the source (imports inside functions and TYPE_CHECKING blocks count
too), and by importing the Qt-free packages in a fresh interpreter and looking at sys.modules.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("kiosk", "devices", "sync", "server", "ui")
QT_WIDGET_MODULES = ("PySide6.QtWidgets", "PySide6.QtGui", "PySide6.QtPrintSupport")
QT = ("PySide6",)
STORE_PARTS = ("kiosk.store", "kiosk.applications", "kiosk.audit", "kiosk.accounts")
QT_FREE_UI = ("ui.viewmodels", "ui.jobs", "ui.cli", "ui.capture.preview_model")
"""The UI's logic without widgets: view models, background jobs, the command line."""

# (modules the rule is about, what they must not import, why)
LAYER_RULES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("kiosk", ("ui", "devices", "sync", "server", *QT), "the domain core is Qt-free"),
    ("devices", ("ui", "sync", "server", "kiosk", *QT_WIDGET_MODULES), "devices stand alone"),
    ("sync", ("ui", "devices", "server", *QT), "sync runs in the CLI daemon too"),
    ("server", ("ui", "devices", *QT), "the server has no desktop"),
    *(
        (part, ("kiosk.local_store",), "a part takes the core, never its owner")
        for part in STORE_PARTS
    ),
    (
        "kiosk.store",
        ("kiosk.applications", "kiosk.audit", "kiosk.accounts", "kiosk.receipts", "kiosk.reports"),
        "storage knows no application rules",
    ),
    *(
        (
            part,
            (*QT_WIDGET_MODULES, "ui.screens", "ui.main_window", "ui.shell", "ui.status_bar"),
            "testable without a display",
        )
        for part in QT_FREE_UI
    ),
)
OPENS_THE_APP = {"ui.cli.run_command"}
"""`kiosk run` imports the desktop app inside its handler, only when it is asked to start it."""
TOLERATED_CYCLES: dict[str, list[frozenset[str]]] = {}
MAX_LINES = 400
"""A module longer than this holds more than one concept; split it by concept."""
DECLARATIVE = {
    # Tables and the protocol's published reference text: long because they declare.
    "server/models.py",
    "sync/protocol/__init__.py",
}
SIZED = (*PACKAGES, "bench")
"""The benchmarks and their media generators are code we read and change too."""
FROZEN = ("bench/legacy/",)
"""The old detector kept verbatim for the before/after figures: never edited, never split."""


def project_modules(root: Path, packages: tuple[str, ...] = PACKAGES) -> dict[str, Path]:
    """Dotted module name -> file, for every module of these packages (no migrations)."""
    found = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            if "migrations/versions" in path.as_posix():
                continue
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def imported_names(path: Path, module: str = "") -> list[tuple[int, str]]:
    """(line, dotted name) of every import in the file, relative ones made absolute."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    names: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            names.append((node.lineno, source))
            names.extend((node.lineno, f"{source}.{alias.name}") for alias in node.names)
    return names


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def violations(modules: dict[str, Path] | None = None) -> list[str]:
    modules = modules or project_modules(ROOT)
    found = []
    for module, path in modules.items():
        for about, forbidden, why in LAYER_RULES:
            if not _within(module, about) or (about == "ui.cli" and module in OPENS_THE_APP):
                continue
            for lineno, name in imported_names(path, module):
                hit = next((f for f in forbidden if _within(name, f)), None)
                if hit is not None:
                    rel = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
                    found.append(f"{rel}:{lineno} imports {name} ({about}: {why})")
    return sorted(set(found))


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Module -> the project modules importing it runs (a package's __init__ runs first)."""
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for module, path in modules.items():
        for _, name in imported_names(path, module):
            parts = name.split(".")
            target = next(
                (
                    ".".join(parts[:i])
                    for i in range(len(parts), 0, -1)
                    if ".".join(parts[:i]) in modules
                ),
                None,
            )
            if target is None:
                continue
            chain = [".".join(target.split(".")[:i]) for i in range(1, target.count(".") + 2)]
            for step in chain:
                # Importing one's own package again is no edge: it is already running.
                if step in modules and step != module and not _within(module, step):
                    graph[module].add(step)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The import circles: strongly connected sets of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[frozenset[str]] = []

    def visit(node: str) -> Iterator[None]:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                yield from visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            members = set()
            while True:
                member = stack.pop()
                members.add(member)
                if member == node:
                    break
            if len(members) > 1:
                found.append(frozenset(members))
        yield None

    for node in sorted(graph):
        if node not in index:
            for _ in visit(node):
                pass
    return found


def test_every_layer_rule_holds() -> None:
    assert violations() == []


@pytest.mark.parametrize("package", PACKAGES)
def test_no_import_cycles(package: str) -> None:
    found = cycles(import_graph(project_modules(ROOT, (package,))))
    assert [sorted(c) for c in found if c not in TOLERATED_CYCLES.get(package, [])] == []


def test_tolerated_cycles_still_exist() -> None:
    """A ratchet: a tolerated circle that is gone must leave the list, so it cannot return."""
    for package, tolerated in TOLERATED_CYCLES.items():
        found = cycles(import_graph(project_modules(ROOT, (package,))))
        for cycle in tolerated:
            assert cycle in found, f"{sorted(cycle)} is gone: remove it from TOLERATED_CYCLES"


def write_package(root: Path, files: dict[str, str]) -> dict[str, Path]:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return project_modules(root, ("pkg",))


def test_the_cycle_check_finds_a_circle_through_a_package_init(tmp_path: Path) -> None:
    modules = write_package(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/store/__init__.py": "from pkg.store.facade import Store\n",
            "pkg/store/facade.py": "from pkg.audit import AuditLog\n",
            "pkg/store/models.py": "",
            "pkg/audit.py": "def f():\n    from .store import models\n",
        },
    )
    assert cycles(import_graph(modules)) == [
        frozenset({"pkg.store", "pkg.store.facade", "pkg.audit"})
    ]


def test_the_layer_check_catches_a_widget_import_in_a_view_model(tmp_path: Path) -> None:
    bad = tmp_path / "ui" / "viewmodels" / "bad.py"
    bad.parent.mkdir(parents=True)
    bad.write_text("def f():\n    from PySide6.QtWidgets import QLabel\n    return QLabel\n")
    assert imported_names(bad) == [(2, "PySide6.QtWidgets"), (2, "PySide6.QtWidgets.QLabel")]
    found = violations({"ui.viewmodels.bad": bad})
    assert any("PySide6.QtWidgets (ui.viewmodels: testable without a display)" in f for f in found)


def test_importing_qt_free_packages_loads_no_qt_widgets() -> None:
    code = """
import importlib, json, pkgutil, sys
for pkg in ("kiosk", "devices", "sync", "ui.viewmodels", "ui.jobs", "ui.cli"):
    mod = importlib.import_module(pkg)
    for info in pkgutil.walk_packages(mod.__path__, pkg + "."):
        if ".migrations.versions" in info.name or info.name.endswith("migrations.env"):
            continue
        importlib.import_module(info.name)
importlib.import_module("ui.capture.preview_model")
loaded = [m for m in sys.modules if m.startswith(("PySide6.QtWidgets", "PySide6.QtGui"))]
print(json.dumps(sorted(loaded)))
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def test_app_and_routers_do_not_import_each_other() -> None:
    graph = import_graph(project_modules(ROOT))
    routers = {name for name in graph if name.startswith("server.api.routers.")}
    assert routers, "the routers moved"
    assert not any("server.api.app" in graph[name] for name in routers)
    assert "server.api.deps" in set().union(*(graph[name] for name in routers))


@pytest.mark.parametrize("package", SIZED)
def test_modules_stay_small(package: str) -> None:
    long = {
        str(path.relative_to(ROOT)): lines
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
        and str(path.relative_to(ROOT)) not in DECLARATIVE
        and not str(path.relative_to(ROOT)).startswith(FROZEN)
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
