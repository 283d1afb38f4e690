"""The launcher in Python: which version of the app starts, with the same files and rules as
installer/linux/launcher (the Linux package keeps that POSIX sh script, so choosing a version
there needs no Python). This one is the Windows frozen entry `kiosk-launch.exe`, which the
Start-menu and autostart shortcuts run (installer/windows/kiosk.nsi).

The releases folder (kiosk/updates/staging.py documents its files) goes through these states:

    pending  --`kiosk run`-->  trying  --health marker-->  current (the one before: previous)
                                  |
                                  +--exits without it, or killed--> failed/<version>: the
                                     previous version starts at once, and this one never again

A version's app dir is <app root>/<packaged version>/ for the installed package's own
version (the folder this program lives in, when frozen) and <releases>/<version>/ for one the
kiosk downloaded and verified. Standard library only (and platformdirs, for the releases
folder): it runs before every start of the app.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.metadata import version as package_version
from pathlib import Path

from kiosk.paths import APP_NAME, releases_dir_path
from kiosk.updates.versions import version_key

ENV_LAUNCHER = "KIOSK_LAUNCHER"
"""The launcher's path, for the app to restart through it when an update is forced."""
ENV_HEALTH_MARKER = "KIOSK_HEALTH_MARKER"
ENV_RUNNING_VERSION = "KIOSK_RUNNING_VERSION"
ENV_APP_ROOT = "KIOSK_APP_ROOT"
WINDOWS = sys.platform == "win32"
KIOSK_PROGRAMS = ("kiosk", "kiosk-app")
"""The programs that take a pending version (at `run`); `kiosk-app` is Windows's windowed one."""


def newer(a: str, b: str) -> bool:
    return a != b and version_key(a) > version_key(b)


def _say(text: str) -> None:
    if sys.stderr is not None:  # a windowed Windows program has no stderr
        sys.stderr.write(text + "\n")
        sys.stderr.flush()


@dataclass
class Launcher:
    releases: Path
    packaged_version: str
    app_root: Path
    program: str
    say: Callable[[str], None] = _say

    # --- the files ---------------------------------------------------------------------------
    def word(self, name: str) -> str:
        try:
            lines = (self.releases / name).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            return ""
        return lines[0].strip() if lines else ""

    def put(self, name: str, value: str) -> None:
        target = self.releases / name
        scratch = target.with_name(target.name + ".tmp")
        scratch.write_text(value + "\n", encoding="utf-8")
        os.replace(scratch, target)

    def app_of(self, version: str) -> Path:
        if version == self.packaged_version:
            return self.app_root / self.packaged_version
        return self.releases / version

    def program_in(self, app_dir: Path) -> Path:
        return app_dir / (f"{self.program}.exe" if WINDOWS else self.program)

    def runnable(self, app_dir: Path) -> bool:
        program = self.program_in(app_dir)
        return program.is_file() and os.access(program, os.X_OK)

    # --- the transitions ---------------------------------------------------------------------
    def failed(self, version: str) -> None:
        (self.releases / "failed").mkdir(parents=True, exist_ok=True)
        (self.releases / "failed" / version).touch()
        (self.releases / "trying").unlink(missing_ok=True)
        self.say(
            f"kelurahan-kiosk: versi {version} gagal mencapai layar masuk; kembali ke versi "
            f"sebelumnya / version {version} did not reach the sign-in screen; back to the "
            "previous version"
        )

    def promote(self, version: str) -> None:
        self.put("previous", self.word("current") or self.packaged_version)
        self.put("current", version)
        (self.releases / "trying").unlink(missing_ok=True)

    def current_version(self) -> str:
        chosen = self.word("current")
        # A newer package installed since wins over an older downloaded version.
        if (
            not chosen
            or newer(self.packaged_version, chosen)
            or not self.runnable(self.app_of(chosen))
        ):
            return self.packaged_version
        return chosen

    def launch(self, argv: Sequence[str]) -> int:
        if self.releases.is_dir():
            # A try the last start left: healthy means it stays, otherwise it failed.
            trying = self.word("trying")
            if trying:
                if (self.releases / trying / ".healthy").is_file():
                    self.promote(trying)
                else:
                    self.failed(trying)
            pending = self.word("pending")
            if self.program in KIOSK_PROGRAMS and argv[:1] == ["run"] and pending:
                (self.releases / "pending").unlink(missing_ok=True)
                if (
                    not (self.releases / "failed" / pending).exists()
                    and self.runnable(self.releases / pending)
                    and newer(pending, self.current_version())
                ):
                    status = self.try_version(pending, argv)
                    if status is not None:
                        return status
        version = self.current_version()
        app_dir = self.app_of(version)
        if not self.runnable(app_dir):
            self.say(
                f"kelurahan-kiosk: {self.program_in(app_dir)} tidak ada; pasang ulang paketnya "
                "/ is missing; reinstall the package"
            )
            return 127
        return replace_with(self.program_in(app_dir), argv, {ENV_RUNNING_VERSION: version})

    def try_version(self, version: str, argv: Sequence[str]) -> int | None:
        """Runs a pending version until it exits: its exit status when it reached sign-in,
        None (marked failed) when it did not."""
        marker = self.releases / version / ".healthy"
        self.put("trying", version)
        marker.unlink(missing_ok=True)
        status = run_child(
            self.program_in(self.releases / version),
            argv,
            {ENV_HEALTH_MARKER: str(marker), ENV_RUNNING_VERSION: version},
        )
        if self.word("trying") != version:
            # It restarted through the launcher (a forced update), and that launcher settled
            # this try and the next: nothing left to decide here.
            return status
        if marker.is_file():
            self.promote(version)
            return status
        self.failed(version)
        return None


def run_child(program: Path, argv: Sequence[str], extra: dict[str, str]) -> int:
    try:
        status = subprocess.call([str(program), *argv], env={**os.environ, **extra})
    except OSError:
        return 126  # as a shell says of a program it cannot start
    return 128 - status if status < 0 else status  # killed by a signal, as a shell says it


def replace_with(program: Path, argv: Sequence[str], extra: dict[str, str]) -> int:
    """Becomes the chosen version (exec) where the system can; Windows cannot: wait for it."""
    if WINDOWS:
        return run_child(program, argv, extra)
    os.execve(program, [str(program), *argv], {**os.environ, **extra})


def program_name(launcher_path: str) -> str:
    """`kiosk` or `kiosk-server` by this launcher's own name; otherwise the kiosk (windowed on
    Windows)."""
    name = Path(launcher_path).stem.lower()
    if name in ("kiosk", "kiosk-server", "kiosk-app"):
        return name
    return "kiosk-app" if WINDOWS else "kiosk"


def main(argv: Sequence[str] | None = None, *, packaged_version: str | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    frozen = bool(getattr(sys, "frozen", False))
    own_path = sys.executable if frozen else os.path.abspath(sys.argv[0])
    os.environ[ENV_LAUNCHER] = own_path
    root = os.environ.get(ENV_APP_ROOT)
    launcher = Launcher(
        releases=releases_dir_path(),
        packaged_version=packaged_version or package_version(APP_NAME),
        app_root=Path(root) if root else Path(own_path).resolve().parent.parent,
        program=program_name(own_path),
    )
    return launcher.launch(arguments)
