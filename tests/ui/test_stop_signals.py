"""The app stops cleanly when its session manager or a script sends SIGTERM (or Ctrl+C)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.helpers.processes import ENV, ROOT

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _demo_server(kiosk_pid: int, deadline: float) -> tuple[int, str]:
    """The demo server the kiosk started, once it answers its health check."""
    while time.monotonic() < deadline:
        for pid in _children(kiosk_pid):
            try:
                argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"serve" in argv:
                url = f"http://127.0.0.1:{argv[argv.index(b'--port') + 1].decode()}"
                try:
                    if requests.get(url + "/api/v1/health", timeout=1).ok:
                        return pid, url
                except requests.RequestException:
                    pass
        time.sleep(0.2)
    raise AssertionError("the demo server never came up")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_stops_the_demo_server_too(tmp_path: Path, signum: int) -> None:
    app = subprocess.Popen(
        [sys.executable, "-m", "ui.cli.main", "run", "--demo", "--data-dir", str(tmp_path)],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    server_pid = 0
    try:
        server_pid, url = _demo_server(app.pid, time.monotonic() + 120)
        time.sleep(1)  # the window is up and the event loop runs
        app.send_signal(signum)
        app.wait(timeout=60)
        _, stderr = app.communicate()
        assert b"Traceback" not in stderr, stderr.decode()
        deadline = time.monotonic() + 15
        while _alive(server_pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(server_pid), "the demo server outlived the app"
        with pytest.raises(requests.ConnectionError):
            requests.get(url + "/api/v1/health", timeout=2)
    finally:
        for pid in (app.pid, server_pid):
            if pid and _alive(pid):
                os.kill(pid, signal.SIGKILL)
        if app.poll() is None:
            app.wait(10)
        if app.stderr is not None:
            app.stderr.close()
