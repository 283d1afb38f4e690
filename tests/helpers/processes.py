"""Real `kiosk-server` and `kiosk` processes for end-to-end tests."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import requests

from tests.helpers.postgres import free_port

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}


def kiosk(
    *args: str, env: dict[str, str] | None = None, timeout: float = 300, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ui.cli.main", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**ENV, **(env or {})},
        timeout=timeout,
    )


def kiosk_json(*args: str) -> Any:
    done = kiosk(*args)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def kill_when_ready(
    command: list[str], *, delay: float, env: dict[str, str], timeout: float = 30
) -> str:
    """Starts `command`, waits for its READY line, SIGKILLs it `delay` seconds later and
    returns what it printed after READY.

    On every way out (a child that never gets ready, a read that times out) the child is
    killed and reaped and its pipe closed: a leaked pipe's ResourceWarning would otherwise
    fail whichever test runs next.
    """
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT, env=env) as child:
        try:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "READY"
            time.sleep(delay)
            child.send_signal(signal.SIGKILL)
            out, _ = child.communicate(timeout=timeout)
            return out
        finally:
            child.kill()  # harmless when it is already dead; Popen's exit reaps it


class ServerProcess:
    """`kiosk-server serve` on a free loopback port, restartable (kill -9 included)."""

    def __init__(
        self,
        data_dir: Path,
        database_url: str,
        *,
        env: dict[str, str] | None = None,
        serve_args: tuple[str, ...] = (),
    ) -> None:
        """`env`: more environment (e.g. the S3 storage's); `serve_args`: more `serve` flags."""
        self.data_dir = data_dir
        self.database_url = database_url
        self.env = {**ENV, **(env or {})}
        self.serve_args = serve_args
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path = data_dir / "server.log"
        self.cli("migrate")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self, *args: str) -> list[str]:
        return [
            sys.executable,
            "-m",
            "server.cli",
            "--database-url",
            self.database_url,
            "--data-dir",
            str(self.data_dir),
            *args,
        ]

    def cli(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            self.command(*args),
            input=stdin,
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=self.env,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done

    def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(
                self.command(
                    "serve", "--host", "127.0.0.1", "--port", str(self.port), *self.serve_args
                ),
                stdout=log,
                stderr=log,
                cwd=ROOT,
                env=self.env,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/api/v1/health", timeout=1).ok:
                    return
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError("server did not start: " + self.log_path.read_text()[-2000:])

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(30)
        self.proc = None

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()
        self.proc = None

    def enrollment_code(self, office: str) -> str:
        return self.cli("enrollment-code", "--office", office).stdout.split()[0]

    def applications(self) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = json.loads(self.cli("applications", "--json").stdout)
        return result


class BackofficeProcess:
    """`kiosk-server backoffice` on a free loopback port, on a ServerProcess's database."""

    def __init__(
        self,
        server: ServerProcess,
        passphrase_file: Path | None = None,
        extra_args: tuple[str, ...] = (),
    ) -> None:
        self.server = server
        self.extra_args = extra_args
        self.port = free_port()
        self.passphrase_file = passphrase_file
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path = server.data_dir / "backoffice.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        args = ["backoffice", "--host", "127.0.0.1", "--port", str(self.port)]
        if self.passphrase_file is not None:
            args += ["--passphrase-file", str(self.passphrase_file)]
        args += self.extra_args
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(
                self.server.command(*args),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                cwd=ROOT,
                env=self.server.env,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("back office exited: " + self.log_path.read_text()[-2000:])
            try:
                if requests.get(self.url + "/backoffice/login", timeout=1).ok:
                    return
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError("back office did not start: " + self.log_path.read_text()[-2000:])

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(15)
        self.proc = None


@contextmanager
def district(
    data_dir: Path,
    database_url: str,
    office: str,
    password: str,
    staff: Iterable[tuple[str, str, str]],
) -> Iterator[tuple[ServerProcess, BackofficeProcess]]:
    """A running intake server and back office with signing keys and `staff` accounts.

    `staff`: (username, name, role) for each account of `office`, all with `password`.
    """
    server = ServerProcess(data_dir, database_url)
    server.cli("keys", "create")
    for username, name, role in staff:
        server.cli(
            "user", "add", username, "--name", name, "--role", role,
            "--office", office, "--password-stdin", stdin=password + "\n",
        )  # fmt: skip
    server.start()
    backoffice = BackofficeProcess(server)
    try:
        backoffice.start()
        yield server, backoffice
    finally:
        backoffice.stop()
        server.stop()


def enroll(server: ServerProcess, data_dir: Path, office: str, url: str | None = None) -> None:
    """Enroll a kiosk data directory with a fresh code of `office`, at `url` (a proxy's)."""
    code = server.enrollment_code(office)
    enrolled = kiosk(
        "enroll", "--data-dir", str(data_dir), "--server", url or server.url, "--code", code
    )
    assert enrolled.returncode == 0, enrolled.stderr


def sync_kiosk(data_dir: Path) -> None:
    """Send the kiosk's queue once; fails the test when the sync does not succeed."""
    synced = kiosk("sync", "--once", "--data-dir", str(data_dir))
    assert synced.returncode == 0, synced.stderr
