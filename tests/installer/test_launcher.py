"""The launcher's state machine, one scenario table run against both launchers: the POSIX sh
script of the Linux package (installer/linux/launcher) and the Python one that is the Windows
frozen entry (kiosk/updates/launcher.py). The "app dirs" are tiny fake `kiosk` programs that
print what they were given and write the health marker, or die like a bad build.

tests/e2e/test_updates.py drives the sh launcher with the real app behind a real server; this
table pins every rule of the state machine, for both, in milliseconds.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SH_LAUNCHER = ROOT / "installer" / "linux" / "launcher"
PACKAGED = "0.9.0"
FAILED_MESSAGE = "versi {} gagal mencapai layar masuk"


def fake_app(
    folder: Path,
    version: str,
    *,
    broken: bool = False,
    code: int = 0,
    restart_into: str | None = None,
) -> Path:
    """An app dir whose `kiosk` and `kiosk-server` print their version and arguments; a good
    `kiosk run` writes the health marker the launcher asked for, a broken one never does. With
    `restart_into`, it reaches sign-in, then an update staged meanwhile is forced: it restarts
    through the launcher (ui/shell.py), still the launcher's child while being tried."""
    folder.mkdir(parents=True)
    for program in ("kiosk", "kiosk-server"):
        if restart_into:
            body = (
                'echo ok >"$KIOSK_HEALTH_MARKER"\n'
                f'echo {restart_into} >"$KIOSK_RELEASES_DIR/pending"\n'
                'exec "$KIOSK_LAUNCHER" "$@"\n'
            )
        elif broken:
            body = 'echo "ImportError: libQt6Core.so.6: cannot open shared object" >&2\nexit 1\n'
        else:
            body = (
                f'echo "{program} {version} running=$KIOSK_RUNNING_VERSION args=$*"\n'
                'if [ "${1:-}" = run ] && [ -n "${KIOSK_HEALTH_MARKER:-}" ]; then\n'
                '  echo ok >"$KIOSK_HEALTH_MARKER"\n'
                "fi\n"
                f'[ -n "${{KIOSK_LAUNCHER:-}}" ] && echo "launcher=$KIOSK_LAUNCHER"\n'
                f"exit {code}\n"
            )
        path = folder / program
        path.write_text("#!/bin/sh\n" + body)
        path.chmod(0o755)
    return folder


def sh_launcher(bin_dir: Path, program: str) -> Path:
    path = bin_dir / program
    path.write_text(SH_LAUNCHER.read_text().replace("@VERSION@", PACKAGED))
    path.chmod(0o755)
    return path


def python_launcher(bin_dir: Path, program: str) -> Path:
    """What the frozen `kiosk-launch` runs, with this tree on the path and the packaged version
    of the table (the frozen one reads its own package version)."""
    path = bin_dir / program
    path.write_text(
        f"#!{sys.executable}\n"
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from kiosk.updates.launcher import main\n"
        f"sys.exit(main(packaged_version={PACKAGED!r}))\n"
    )
    path.chmod(0o755)
    return path


LAUNCHERS: dict[str, Callable[[Path, str], Path]] = {"sh": sh_launcher, "python": python_launcher}


@dataclass
class Machine:
    """A packaged version under app_root/, a releases folder, and a launcher to start."""

    app_root: Path
    releases: Path
    bin_dir: Path
    make_launcher: Callable[[Path, str], Path]

    def stage(self, version: str, **app: object) -> None:
        fake_app(self.releases / version, version, **app)  # type: ignore[arg-type]

    def put(self, name: str, value: str) -> None:
        self.releases.mkdir(parents=True, exist_ok=True)
        (self.releases / name).write_text(value + "\n")

    def word(self, name: str) -> str | None:
        path = self.releases / name
        return path.read_text().strip() if path.exists() else None

    def launch(self, *args: str, program: str = "kiosk") -> subprocess.CompletedProcess[str]:
        launcher = self.make_launcher(self.bin_dir, program)
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith("KIOSK_") and key != "PYTHONPATH"
        }
        env.update(KIOSK_APP_ROOT=str(self.app_root), KIOSK_RELEASES_DIR=str(self.releases))
        return subprocess.run(
            [str(launcher), *args], capture_output=True, text=True, env=env, timeout=60
        )


@pytest.fixture(params=sorted(LAUNCHERS))
def machine(request: pytest.FixtureRequest, tmp_path: Path) -> Machine:
    app_root = tmp_path / "opt"
    fake_app(app_root / PACKAGED, PACKAGED)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    return Machine(app_root, tmp_path / "releases", bin_dir, LAUNCHERS[request.param])


@dataclass(frozen=True)
class Scenario:
    name: str
    before: Callable[[Machine], None]
    args: tuple[str, ...] = ("run",)
    program: str = "kiosk"
    runs: str = PACKAGED
    """The version whose program printed the last line."""
    code: int = 0
    files: dict[str, str | None] = field(default_factory=dict)
    """Words in the releases folder afterwards (None: the file is absent)."""
    failed: tuple[str, ...] = ()
    healthy: tuple[str, ...] = ()
    stderr: str | None = None


def _pending(version: str, **app: object) -> Callable[[Machine], None]:
    def before(machine: Machine) -> None:
        machine.stage(version, **app)
        machine.put("pending", version)

    return before


def _steps(*steps: Callable[[Machine], None]) -> Callable[[Machine], None]:
    def before(machine: Machine) -> None:
        for step in steps:
            step(machine)

    return before


def _put(name: str, value: str) -> Callable[[Machine], None]:
    return lambda machine: machine.put(name, value)


def _stage(version: str, **app: object) -> Callable[[Machine], None]:
    return lambda machine: machine.stage(version, **app)


def _healthy(version: str) -> Callable[[Machine], None]:
    def before(machine: Machine) -> None:
        (machine.releases / version / ".healthy").write_text("ok\n")

    return before


def _failed(version: str) -> Callable[[Machine], None]:
    def before(machine: Machine) -> None:
        (machine.releases / "failed").mkdir(parents=True, exist_ok=True)
        (machine.releases / "failed" / version).touch()

    return before


def _nothing(machine: Machine) -> None:
    pass


def _no_package(machine: Machine) -> None:
    for program in ("kiosk", "kiosk-server"):
        (machine.app_root / PACKAGED / program).unlink()


SCENARIOS = [
    Scenario("no releases folder: the packaged version", _nothing, args=("run", "--x", "a b")),
    Scenario("its exit status is the app's", _nothing, args=("--version",)),
    Scenario(
        "a healthy pending version is tried and becomes current",
        _pending("0.9.1"),
        runs="0.9.1",
        files={"current": "0.9.1", "previous": PACKAGED, "pending": None, "trying": None},
        healthy=("0.9.1",),
    ),
    Scenario(
        "a broken pending version fails and the previous one starts at once",
        _pending("0.9.1", broken=True),
        files={"current": None, "pending": None, "trying": None},
        failed=("0.9.1",),
        stderr=FAILED_MESSAGE.format("0.9.1"),
    ),
    Scenario(
        "a healthy try keeps the app's exit status",
        _pending("0.9.1", code=3),
        runs="0.9.1",
        code=3,
        files={"current": "0.9.1"},
    ),
    Scenario(
        "pending waits for `run`",
        _pending("0.9.1"),
        args=("--version",),
        files={"pending": "0.9.1", "current": None},
    ),
    Scenario(
        "kiosk-server never takes the pending version",
        _pending("0.9.1"),
        program="kiosk-server",
        args=("--version",),
        files={"pending": "0.9.1"},
    ),
    Scenario(
        "a try cut by a power loss (no marker) fails at the next start",
        _steps(_stage("0.9.1"), _put("trying", "0.9.1")),
        args=("--version",),
        files={"trying": None, "current": None},
        failed=("0.9.1",),
        stderr=FAILED_MESSAGE.format("0.9.1"),
    ),
    Scenario(
        "a try killed after its marker stays",
        _steps(_stage("0.9.1"), _healthy("0.9.1"), _put("trying", "0.9.1")),
        args=("--version",),
        runs="0.9.1",
        files={"trying": None, "current": "0.9.1", "previous": PACKAGED},
    ),
    Scenario(
        "a try that restarted into a newer update is settled by the launcher it restarted",
        _steps(_stage("0.9.2"), _pending("0.9.1", restart_into="0.9.2")),
        runs="0.9.2",
        files={"current": "0.9.2", "previous": "0.9.1", "pending": None, "trying": None},
        healthy=("0.9.1", "0.9.2"),
    ),
    Scenario(
        "a failed version is never tried again",
        _steps(_pending("0.9.1"), _failed("0.9.1")),
        files={"pending": None, "current": None},
        failed=("0.9.1",),
    ),
    Scenario(
        "a pending version not newer than the current one is dropped",
        _steps(_stage("0.9.2"), _put("current", "0.9.2"), _pending("0.9.1")),
        runs="0.9.2",
        files={"pending": None, "current": "0.9.2"},
    ),
    Scenario(
        "versions compare as numbers, not as text",
        _steps(_stage("0.9.2"), _put("current", "0.9.2"), _pending("0.10.0")),
        runs="0.10.0",
        files={"current": "0.10.0", "previous": "0.9.2"},
    ),
    Scenario(
        "a release is newer than its pre-release (as the kiosk orders them)",
        _steps(_stage("0.9.1rc1"), _put("current", "0.9.1rc1"), _pending("0.9.1")),
        runs="0.9.1",
        files={"current": "0.9.1", "previous": "0.9.1rc1"},
    ),
    Scenario(
        "a pre-release is older than its release",
        _steps(_stage("0.9.1"), _put("current", "0.9.1"), _pending("0.9.1rc2")),
        runs="0.9.1",
        files={"current": "0.9.1", "pending": None},
    ),
    Scenario(
        "a pending folder without the kiosk program is dropped",
        _steps(_put("pending", "0.9.1"), lambda m: (m.releases / "0.9.1").mkdir()),
        files={"pending": None},
    ),
    Scenario(
        "the current version starts, for kiosk-server too",
        _steps(_stage("0.9.1"), _put("current", "0.9.1")),
        program="kiosk-server",
        runs="0.9.1",
    ),
    Scenario(
        "a newer package installed since wins over an older download",
        _steps(_stage("0.8.5"), _put("current", "0.8.5")),
        files={"current": "0.8.5"},
    ),
    Scenario(
        "a current version whose folder is gone: the packaged one",
        _put("current", "0.9.1"),
    ),
    Scenario(
        "no program at all: a clear message and status 127",
        _no_package,
        runs="",
        code=127,
        stderr="tidak ada; pasang ulang paketnya / is missing; reinstall the package",
    ),
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_launcher(machine: Machine, scenario: Scenario) -> None:
    scenario.before(machine)
    done = machine.launch(*scenario.args, program=scenario.program)
    assert done.returncode == scenario.code, done.stderr
    if scenario.runs:
        lines = [line for line in done.stdout.splitlines() if not line.startswith("launcher=")]
        assert lines == [
            f"{scenario.program} {scenario.runs} running={scenario.runs} "
            f"args={' '.join(scenario.args)}"
        ], done.stdout
        assert f"launcher={machine.bin_dir / scenario.program}" in done.stdout
    for name, value in scenario.files.items():
        assert machine.word(name) == value, name
    failed_dir = machine.releases / "failed"
    failed = sorted(p.name for p in failed_dir.iterdir()) if failed_dir.is_dir() else []
    assert failed == list(scenario.failed)
    for version in scenario.healthy:
        assert (machine.releases / version / ".healthy").exists()
    if scenario.stderr is None:
        assert done.stderr == ""
    else:
        assert scenario.stderr in done.stderr


def test_arguments_reach_the_app_unchanged(machine: Machine) -> None:
    done = machine.launch("run", "--data-dir", "/tmp/with space", "")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == (
        f"kiosk {PACKAGED} running={PACKAGED} args=run --data-dir /tmp/with space "
    )


def test_the_previous_version_is_the_current_one_before_a_try(machine: Machine) -> None:
    machine.stage("0.9.1")
    machine.put("current", "0.9.1")
    machine.stage("0.9.2")
    machine.put("pending", "0.9.2")
    done = machine.launch("run")
    assert done.returncode == 0, done.stderr
    assert (machine.word("current"), machine.word("previous")) == ("0.9.2", "0.9.1")
    machine.stage("0.9.3", broken=True)
    machine.put("pending", "0.9.3")
    again = machine.launch("run")
    assert again.stdout.startswith("kiosk 0.9.2 running=0.9.2"), again.stdout
    assert (machine.word("current"), machine.word("previous")) == ("0.9.2", "0.9.1")


def test_the_python_launcher_loads_no_heavy_module() -> None:
    """It runs before every start: no pydantic, no cryptography, no Qt."""
    code = (
        "import sys; import kiosk.updates.launcher; "
        "print(sorted(m for m in ('pydantic', 'cryptography', 'PySide6', 'sqlalchemy') "
        "if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert (done.returncode, done.stdout.strip()) == (0, "[]"), done.stderr


def test_the_frozen_kiosk_launch_program_is_the_python_launcher(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Windows the shortcuts run `<install dir>\\<version>\\kiosk-launch.exe run`: the
    frozen entry hands it to kiosk/updates/launcher.py, which tries a staged version."""
    import importlib.util
    from importlib.metadata import version

    spec = importlib.util.spec_from_file_location(
        "frozen_entry", ROOT / "installer/frozen/entry.py"
    )
    assert spec is not None
    assert spec.loader is not None
    entry = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(entry)
    packaged = version("kelurahan-kiosk")
    install_dir = tmp_path / "Kelurahan Kiosk"
    fake_app(install_dir / packaged, packaged)
    releases = tmp_path / "releases"
    fake_app(releases / "99.0.0", "99.0.0")
    (releases / "pending").write_text("99.0.0\n")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(install_dir / packaged / "kiosk-launch"))
    monkeypatch.setattr(sys, "argv", [sys.executable, "run"])
    monkeypatch.setenv("KIOSK_RELEASES_DIR", str(releases))
    monkeypatch.delenv("KIOSK_APP_ROOT", raising=False)
    assert entry.main() == 0  # the healthy try returns; only the plain start is an exec
    assert (releases / "current").read_text() == "99.0.0\n"
    assert (releases / "previous").read_text() == f"{packaged}\n"
    assert os.environ["KIOSK_LAUNCHER"] == str(install_dir / packaged / "kiosk-launch")
