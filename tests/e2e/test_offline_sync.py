"""INVARIANTS 1 and 2 end to end: real `kiosk` and `kiosk-server` processes, PostgreSQL, and a
proxy between them that cuts, stalls, throttles and resets; the kiosk is SIGKILLed mid-sync and
the server restarted mid-upload. Applications are queued while the server is unreachable.

The CI run uses 30 applications; `-m slow` runs the 300-application acceptance version.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest

from kiosk.applications.intake import Applicant, AttachmentInput, NewApplication
from kiosk.local_store import Store
from kiosk.sealing import SEALED_FIELDS_DOCUMENT
from tests.helpers.applications import ADDRESS, fake_jpeg, make_nik
from tests.helpers.faultproxy import FaultProxy
from tests.helpers.postgres import PostgresCluster
from tests.helpers.processes import ENV, ROOT, ServerProcess, kiosk, kiosk_json
from tests.helpers.seaweedfs import SeaweedS3

OFFICE = "31.71.01"


@dataclass(frozen=True)
class Scenario:
    applications: int
    faults: int
    kills: int
    server_restarts: int
    throttle_bytes_per_second: int


SMALL = Scenario(
    applications=30, faults=8, kills=2, server_restarts=1, throttle_bytes_per_second=1_500_000
)
LARGE = Scenario(
    applications=300, faults=20, kills=5, server_restarts=2, throttle_bytes_per_second=6_000_000
)


@pytest.fixture
def server(postgres_cluster: PostgresCluster, tmp_path: Path) -> Iterator[ServerProcess]:
    database = postgres_cluster.create_database()
    process = ServerProcess(tmp_path / "server", postgres_cluster.url(database))
    process.cli("keys", "create")  # the normal case: applications travel sealed
    process.start()
    yield process
    process.stop()


def queue_applications(
    data_dir: Path,
    count: int,
    rng: random.Random,
    at: Callable[[int], datetime] | None = None,
) -> dict[str, Path]:
    """`count` applications; `at(i)` is the fake clock's time of the i-th (default: now)."""
    store = Store.open(data_dir)
    for i in range(count):
        store.submission.submit(
            NewApplication(
                service="ktp-el-hilang",
                applicant=Applicant(
                    make_nik(i),
                    "3171010101100002",
                    "WARGA UJI",
                    date(1990, 8, 17),
                    "L",
                    "081234567890",
                    address=dict(ADDRESS),
                ),
                attachments=[
                    AttachmentInput("kk", fake_jpeg(rng.randint(60_000, 250_000))),
                    AttachmentInput("surat-kehilangan", fake_jpeg(rng.randint(30_000, 120_000))),
                ],
                operator="petugas1",
            ),
            now=at(i) if at is not None else None,
        )
    store.close()
    return {}


def local_manifest(data_dir: Path) -> dict[str, set[tuple[str, str, int]]]:
    store = Store.open(data_dir)
    try:
        return {
            s.id: {
                (a.document, a.sha256, a.size) for a in store.records.attachments(s.id, s.version)
            }
            for s in store.records.list_applications()
        }
    finally:
        store.close()


def run_faulty_sync(
    data_dir: Path, server: ServerProcess, proxy: FaultProxy, scenario: Scenario, rng: random.Random
) -> dict[str, int]:
    kills = restarts = 0
    env = {**ENV, "KIOSK_SYNC_STALL_SECONDS": "4"}
    deadline = time.monotonic() + 1200
    while time.monotonic() < deadline:
        proc = subprocess.Popen(
            [sys.executable, "-m", "ui.cli.main", "sync", "--once", "--data-dir", str(data_dir)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
            env=env,
        )
        started = time.monotonic()
        kill_at = rng.uniform(1.0, 4.0) if kills < scenario.kills else None
        while proc.poll() is None:
            time.sleep(0.2)
            elapsed = time.monotonic() - started
            if proxy.log.total < scenario.faults and rng.random() < 0.2:
                proxy.random_fault(rng, max_seconds=6.0)
            if restarts < scenario.server_restarts and elapsed > 1.5:
                server.kill()
                server.start()
                restarts += 1
            if kill_at is not None and elapsed > kill_at:
                proc.send_signal(signal.SIGKILL)
                proc.wait(30)
                kills += 1
                break
        done = (
            proc.returncode == 0
            and kills >= scenario.kills
            and proxy.log.total >= scenario.faults
            and restarts >= scenario.server_restarts
        )
        if done:
            return {"kills": kills, "restarts": restarts, "faults": proxy.log.total}
    raise AssertionError(f"sync did not finish: kills={kills} faults={proxy.log.events}")


def check_outcome(data_dir: Path, server: ServerProcess, expected: int) -> None:
    local = local_manifest(data_dir)
    assert len(local) == expected
    on_server = server.applications()
    ids = [a["id"] for a in on_server]
    assert len(ids) == len(set(ids)) == expected  # no duplicates
    assert set(ids) == set(local)
    for app in on_server:
        assert app["status"] == "received"
        stored = {(a["document_code"], a["sha256"], a["size"]) for a in app["attachments"]}
        # Sealed: one more attachment, the applicant's fields, which the kiosk cannot open.
        fields = {a for a in stored if a[0] == SEALED_FIELDS_DOCUMENT}
        assert len(fields) == 1
        assert stored - fields == local[app["id"]]
        if "KIOSK_SERVER_STORAGE_URL" in server.env:
            continue  # in the bucket: re-hashed through the server's storage below
        for _, sha256, size in stored:
            [blob] = list(server.data_dir.rglob(f"blobs/{sha256[:2]}/{sha256}"))
            data = blob.read_bytes()
            assert len(data) == size
            assert hashlib.sha256(data).hexdigest() == sha256
    verified = json.loads(server.cli("applications", "--json", "--verify").stdout)
    for app in verified:
        for attachment in app["attachments"]:
            assert attachment["stored_size"] == attachment["size"]
            assert attachment["stored_sha256"] == attachment["sha256"]
    status = kiosk_json("sync", "status", "--data-dir", str(data_dir), "--json")
    assert (status["pending"], status["needs_attention"], status["acknowledged"]) == (
        0,
        0,
        expected,
    )
    assert [a["status"] for a in kiosk_json("list", "--data-dir", str(data_dir), "--json")] == [
        "received"
    ] * expected


def decision_flows_back(data_dir: Path, server: ServerProcess) -> None:
    app_id = server.applications()[0]["id"]
    server.cli(
        "decide",
        app_id,
        "--status",
        "rejected",
        "--reason",
        "Foto KK buram",
        "--fix",
        "Foto ulang KK asli di tempat terang",
    )
    assert kiosk("sync", "--once", "--data-dir", str(data_dir)).returncode == 0
    store = Store.open(data_dir)
    try:
        [summary] = store.records.find_by_id(app_id)
        assert summary.status == "rejected"
        last = store.records.history(app_id, 1)[-1]
        assert (last["status"], last["reason"], last["fix_hint"]) == (
            "rejected",
            "Foto KK buram",
            "Foto ulang KK asli di tempat terang",
        )
    finally:
        store.close()


def scenario_run(
    scenario: Scenario, server: ServerProcess, tmp_path: Path, *, also: tuple[int, ...] = ()
) -> None:
    """`also`: ports of more server processes; the proxy alternates connections over all."""
    rng = random.Random(int(os.environ.get("FAULT_SEED", "4242")))
    data_dir = tmp_path / "kiosk"
    proxy = FaultProxy(server.port, also=also)
    try:
        code = server.enrollment_code(OFFICE)
        done = kiosk("enroll", "--data-dir", str(data_dir), "--server", proxy.url, "--code", code)
        assert done.returncode == 0, done.stderr
        proxy.set_down(True)
        queue_applications(data_dir, scenario.applications, rng)
        offline = kiosk("sync", "--once", "--data-dir", str(data_dir))
        assert offline.returncode == 1
        assert server.applications() == []
        proxy.set_down(False)
        proxy.log = type(proxy.log)()
        proxy.throttle(scenario.throttle_bytes_per_second)
        counts = run_faulty_sync(data_dir, server, proxy, scenario, rng)
        proxy.throttle(None)
        assert counts["kills"] >= scenario.kills
        assert counts["faults"] >= scenario.faults
        check_outcome(data_dir, server, scenario.applications)
        decision_flows_back(data_dir, server)
        if also:
            assert len(proxy.connections_to) == 1 + len(also), proxy.connections_to
    finally:
        proxy.close()


@pytest.mark.postgres
def test_queued_applications_reach_the_server_exactly_once_through_faults(
    server: ServerProcess, tmp_path: Path
) -> None:
    scenario_run(SMALL, server, tmp_path)


TWO_PROCESSES = Scenario(
    applications=12, faults=4, kills=1, server_restarts=1, throttle_bytes_per_second=1_500_000
)


@pytest.mark.postgres
def test_two_server_processes_on_s3_behind_one_proxy_still_end_exactly_once(
    postgres_cluster: PostgresCluster, seaweedfs: SeaweedS3, tmp_path: Path
) -> None:
    """Issue 17, point 2: two `serve` processes on one PostgreSQL and one S3 bucket, each with
    its own data dir (nothing shared on disk); connections alternate between the two, and the
    first one is killed and restarted mid-sync."""
    url = postgres_cluster.url(postgres_cluster.create_database())
    env = {**seaweedfs.env(), "KIOSK_SERVER_STORAGE_URL": seaweedfs.new_bucket_url()}
    first = ServerProcess(tmp_path / "server-1", url, env=env)
    first.cli("keys", "create")
    first.start()
    second = ServerProcess(tmp_path / "server-2", url, env=env)
    # Every host of one district holds the same keys (docs/server.md, several processes).
    shutil.copytree(first.data_dir / "keys", second.data_dir / "keys", dirs_exist_ok=True)
    second.start()
    try:
        scenario_run(TWO_PROCESSES, first, tmp_path, also=(second.port,))
    finally:
        second.stop()
        first.stop()


@pytest.mark.slow
@pytest.mark.postgres
def test_acceptance_300_applications_20_faults_5_kills(
    server: ServerProcess, tmp_path: Path
) -> None:
    scenario_run(LARGE, server, tmp_path)
