"""A throwaway PostgreSQL cluster for the test run: initdb + pg_ctl on a temp dir, free port.

Why our own cluster instead of a shared server: tests must not depend on (or damage) whatever
PostgreSQL a developer has running, and CI must exercise the production database for real.
The cluster is session-scoped; tests get fresh databases cheaply with `create_database`
(optionally cloned from a migrated template, which takes tens of milliseconds).

When the test run is root (containers, CI), PostgreSQL refuses to run as root, so every
server binary runs as the `postgres` user through `runuser` and the temp dir is chowned to it.

Missing PostgreSQL binaries skip the `postgres` tests on a developer machine (visibly, with
`-ra`), but FAIL when the `CI` environment variable is set: CI must never go green by
silently not testing the production database.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SEARCH_GLOB = "/usr/lib/postgresql/*/bin"
SUPERUSER = "postgres"


def find_bin_dir() -> Path | None:
    """The newest installed PostgreSQL bin dir (Debian layout), or one on PATH."""
    candidates = sorted(
        Path("/").glob(SEARCH_GLOB.lstrip("/")),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    for candidate in reversed(candidates):
        if (candidate / "initdb").exists() and (candidate / "pg_ctl").exists():
            return candidate
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run_as_owner() -> list[str]:
    """Command prefix that runs server binaries as a non-root user when we are root."""
    if os.geteuid() != 0:
        return []
    return ["runuser", "-u", SUPERUSER, "--"]


@dataclass
class PostgresCluster:
    """A running throwaway cluster; trust authentication on 127.0.0.1 only."""

    bin_dir: Path
    root: Path
    port: int
    startup_seconds: float = 0.0

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    def url(self, database: str = "postgres") -> str:
        """SQLAlchemy URL of a database in this cluster."""
        return f"postgresql+psycopg2://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Runs one SQL statement with psql (autocommit, so CREATE DATABASE works)."""
        out = subprocess.run(
            [
                str(self.bin_dir / "psql"),
                "-X",
                "-q",
                "-t",
                "-A",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                SUPERUSER,
                "-d",
                database,
                "-c",
                sql,
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        return out.stdout.strip()

    def create_database(self, template: str | None = None) -> str:
        """Creates a fresh database (a copy of `template` if given) and returns its name."""
        name = "t_" + uuid.uuid4().hex[:16]
        suffix = f" TEMPLATE {template}" if template else ""
        self.psql(f"CREATE DATABASE {name}{suffix}")
        return name

    def drop_database(self, name: str) -> None:
        self.psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def pause(self) -> None:
        """Stops the server at once but keeps its data, for `resume` (an outage)."""
        subprocess.run(
            [*_run_as_owner(), str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir)]
            + ["-m", "immediate", "-w", "stop"],
            capture_output=True,
            check=True,
            timeout=60,
        )

    def resume(self) -> None:
        """Starts a paused server again on the same port."""
        options = [
            f"-p {self.port}",
            "-c listen_addresses=127.0.0.1",
            f"-c unix_socket_directories={self.root}",
            "-c max_connections=300",
            "-c fsync=off",
        ]
        subprocess.run(
            [*_run_as_owner(), str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-w"]
            + ["-t", "60", "-l", str(self.root / "server.log"), "-o", " ".join(options), "start"],
            capture_output=True,
            check=True,
            timeout=90,
        )

    def stop(self) -> None:
        """Stops the server at once (nothing here is worth a clean checkpoint) and deletes it."""
        subprocess.run(
            [*_run_as_owner(), str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir)]
            + ["-m", "immediate", "-w", "stop"],
            capture_output=True,
            check=False,
            timeout=60,
        )
        shutil.rmtree(self.root, ignore_errors=True)


def start_cluster(bin_dir: Path, *, durable: bool = False) -> PostgresCluster:
    """initdb + pg_ctl start on a new temp dir and a free loopback port.

    Args:
        bin_dir: folder holding initdb, pg_ctl and psql.
        durable: keep fsync on. Off by default: a throwaway cluster does not need to survive
            an OS crash, and fsync=off makes the test run several times faster.
    """
    # /tmp, not pytest's tmp_path: the postgres user cannot traverse root's 0700 pytest dirs.
    started = time.monotonic()
    root = Path(tempfile.mkdtemp(prefix="kiosk-pg-"))
    prefix = _run_as_owner()
    if prefix:
        owner = pwd.getpwnam(SUPERUSER)
        os.chown(root, owner.pw_uid, owner.pw_gid)
    data_dir = root / "data"
    subprocess.run(
        [*prefix, str(bin_dir / "initdb"), "-D", str(data_dir), "-U", SUPERUSER]
        + ["--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"],
        capture_output=True,
        check=True,
        timeout=120,
    )
    options = [
        "-c listen_addresses=127.0.0.1",
        f"-c unix_socket_directories={root}",
        "-c max_connections=300",
        "-c shared_buffers=32MB",
    ]
    if not durable:
        options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
    last_error: subprocess.CalledProcessError | None = None
    for _attempt in range(3):  # the free port may be taken between probing and binding
        port = free_port()
        try:
            subprocess.run(
                [*prefix, str(bin_dir / "pg_ctl"), "-D", str(data_dir), "-w", "-t", "60"]
                + ["-l", str(root / "server.log"), "-o", " ".join([f"-p {port}", *options])]
                + ["start"],
                capture_output=True,
                check=True,
                timeout=90,
            )
        except subprocess.CalledProcessError as exc:
            last_error = exc
            continue
        return PostgresCluster(
            bin_dir=bin_dir, root=root, port=port, startup_seconds=time.monotonic() - started
        )
    shutil.rmtree(root, ignore_errors=True)
    assert last_error is not None
    raise last_error


def require_bin_dir() -> Path:
    """The bin dir, or skip (developer machine) / fail (CI) when PostgreSQL is missing."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        message = (
            "PostgreSQL tidak terpasang (initdb/pg_ctl tidak ditemukan) / "
            "PostgreSQL is not installed (no initdb/pg_ctl under /usr/lib/postgresql/*/bin)"
        )
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must run the postgres tests", pytrace=False)
        pytest.skip(message)
    return bin_dir


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    """One throwaway PostgreSQL cluster for the whole test session."""
    cluster = start_cluster(require_bin_dir())
    try:
        yield cluster
    finally:
        cluster.stop()
