"""A real district server (PostgreSQL, signing key) and an enrolled kiosk for the update
and district configuration end-to-end tests (tests/e2e/test_updates.py, test_district_config.py).
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.helpers.faultproxy import FaultProxy
from tests.helpers.postgres import PostgresCluster
from tests.helpers.processes import ENV, ROOT, ServerProcess, kiosk

OFFICE = "31.71.01"
PACKAGED = "0.9.0"
LAUNCHER = ROOT / "installer" / "linux" / "launcher"


@dataclass
class Rig:
    server: ServerProcess
    proxy: FaultProxy
    data_dir: Path
    releases: Path
    app_root: Path
    env: dict[str, str]
    work: Path

    def sync(self) -> subprocess.CompletedProcess[str]:
        return kiosk("sync", "--once", "--data-dir", str(self.data_dir), env=self.env)

    def about(self) -> dict:
        return kiosk_json_env(self.env, "about", "--data-dir", str(self.data_dir), "--json")

    def launch(self, *args: str) -> subprocess.CompletedProcess[str]:
        launcher = self.work / "launch"
        return subprocess.run(
            [str(launcher), *args],
            capture_output=True,
            text=True,
            env={**ENV, **self.env},
            timeout=180,
        )


def kiosk_json_env(env: dict[str, str], *args: str) -> dict:
    done = kiosk(*args, env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def app_dir(folder: Path, *, broken: bool = False, padding: int = 0) -> Path:
    """A relocatable app dir: `kiosk` runs this tree's kiosk, or dies like a bad build."""
    folder.mkdir(parents=True)
    program = folder / "kiosk"
    if broken:
        body = 'echo "ImportError: libQt6Core.so.6: cannot open shared object file" >&2\nexit 1\n'
    else:
        body = f'PYTHONPATH="{ROOT}" exec "{sys.executable}" -m ui.cli.main "$@"\n'
    program.write_text("#!/bin/sh\n" + body)
    program.chmod(program.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    if padding:
        (folder / "payload.bin").write_bytes(os.urandom(padding))
    return folder


def package(folder: Path, target: Path) -> Path:
    with tarfile.open(target, "w:gz") as bundle:
        for item in sorted(folder.iterdir()):
            bundle.add(item, arcname=item.name)
    return target


def make_rig(postgres_cluster: PostgresCluster, tmp_path: Path) -> Iterator[Rig]:
    database = postgres_cluster.create_database()
    server = ServerProcess(tmp_path / "server", postgres_cluster.url(database))
    server.cli("keys", "create")
    entry = json.loads(server.cli("signing-key", "create").stdout)
    trusted = tmp_path / "trusted_keys.json"
    trusted.write_text(json.dumps({"keys": [entry]}))
    server.start()
    proxy = FaultProxy(server.port)
    releases = tmp_path / "releases"
    app_root = tmp_path / "opt"
    app_dir(app_root / PACKAGED)
    launcher = tmp_path / "launch"
    launcher.write_text(LAUNCHER.read_text().replace("@VERSION@", PACKAGED))
    launcher.chmod(0o755)
    env = {
        "KIOSK_TRUSTED_KEYS": str(trusted),
        "KIOSK_RELEASES_DIR": str(releases),
        "KIOSK_APP_ROOT": str(app_root),
        "KIOSK_RUNNING_VERSION": PACKAGED,
    }
    data_dir = tmp_path / "kiosk"
    code = server.enrollment_code(OFFICE)
    done = kiosk("enroll", "--data-dir", str(data_dir), "--server", proxy.url, "--code", code)
    assert done.returncode == 0, done.stderr
    yield Rig(server, proxy, data_dir, releases, app_root, env, tmp_path)
    proxy.close()
    server.stop()


def enroll_kiosk(rig: Rig, data_dir: Path) -> None:
    code = rig.server.enrollment_code(OFFICE)
    done = kiosk("enroll", "--data-dir", str(data_dir), "--server", rig.proxy.url, "--code", code)
    assert done.returncode == 0, done.stderr
