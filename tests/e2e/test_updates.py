"""Updates with rollback, end to end: a real `kiosk-server` on PostgreSQL publishes versions,
a real `kiosk` downloads them through the fault proxy (cut mid-download, resumed), verifies and
stages them, and the real launcher script switches to N+1, then rolls a broken N+2 back by
itself. A manifest with a bad signature and a package with a wrong hash are refused with a
message in Bahasa Indonesia, and nothing changes.

The "app dirs" are small folders whose `kiosk` program starts this source tree's kiosk (the
version the launcher gives it), or, for the broken version, exits before any screen.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.helpers.distribution import PACKAGED, Rig, app_dir, make_rig, package
from tests.helpers.faultproxy import FaultProxy
from tests.helpers.postgres import PostgresCluster
from tests.helpers.processes import kiosk


@pytest.fixture
def rig(postgres_cluster: PostgresCluster, tmp_path: Path) -> Iterator[Rig]:
    yield from make_rig(postgres_cluster, tmp_path)


def publish(rig: Rig, version: str, *, broken: bool = False, padding: int = 0) -> None:
    folder = app_dir(rig.work / "builds" / version, broken=broken, padding=padding)
    archive = package(folder, rig.work / f"app-{version}.tar.gz")
    rig.server.cli("release", "publish", str(archive), "--version", version, "--channel", "stable")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "downloads" not in p.parts
    }


def cut_after_downstream(proxy: FaultProxy, amount: int) -> threading.Thread:
    def watch() -> None:
        deadline = time.monotonic() + 120
        while proxy.bytes_downstream < amount and time.monotonic() < deadline:
            time.sleep(0.005)
        proxy.set_down(True)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread


def test_update_downloads_resumes_switches_and_rolls_back(rig: Rig) -> None:
    size = 3 * 1024 * 1024 + 12_345
    publish(rig, "0.9.1", padding=size)
    rig.proxy.throttle(2_000_000, 256_000)
    start = rig.proxy.bytes_downstream
    watcher = cut_after_downstream(rig.proxy, start + 1_700_000)
    rig.sync()  # the link goes down half way through the package
    watcher.join()
    parts = list((rig.releases / "downloads").glob("*.part"))
    assert len(parts) == 1
    held = parts[0].stat().st_size
    assert 0 < held < size, held
    assert not (rig.releases / "pending").exists()
    rig.proxy.set_down(False)
    before_resume = rig.proxy.bytes_downstream
    assert rig.sync().returncode == 0
    resumed = rig.proxy.bytes_downstream - before_resume
    assert resumed < size - held + 1_000_000, "the download started over instead of resuming"
    assert (rig.releases / "pending").read_text().strip() == "0.9.1"
    assert (rig.releases / "0.9.1" / "kiosk").is_file()
    assert (rig.releases / "0.9.1" / "payload.bin").stat().st_size == size
    assert rig.about()["update"]["pending"] == "0.9.1"

    # Next start: the launcher tries 0.9.1, which reaches sign-in and stays.
    first = rig.launch("run", "--smoke-test", "--data-dir", str(rig.data_dir))
    assert first.returncode == 0, first.stderr
    assert "READY signin" in first.stdout
    assert (rig.releases / "current").read_text().strip() == "0.9.1"
    assert (rig.releases / "previous").read_text().strip() == PACKAGED
    assert (rig.releases / "0.9.1" / ".healthy").exists()
    assert not (rig.releases / "trying").exists()

    # 0.9.2 is broken: it dies before any screen; the launcher goes back to 0.9.1 by itself.
    publish(rig, "0.9.2", broken=True)
    rig.proxy.throttle(None)
    env_now = {**rig.env, "KIOSK_RUNNING_VERSION": "0.9.1"}
    assert kiosk("sync", "--once", "--data-dir", str(rig.data_dir), env=env_now).returncode == 0
    assert (rig.releases / "pending").read_text().strip() == "0.9.2"
    second = rig.launch("run", "--smoke-test", "--data-dir", str(rig.data_dir))
    assert second.returncode == 0, second.stderr
    assert "READY signin" in second.stdout  # the user still got a working kiosk
    assert "versi 0.9.2 gagal mencapai layar masuk" in second.stderr
    assert (rig.releases / "current").read_text().strip() == "0.9.1"
    assert (rig.releases / "failed" / "0.9.2").exists()
    # ...and it is never offered to the launcher again.
    assert kiosk("sync", "--once", "--data-dir", str(rig.data_dir), env=env_now).returncode == 0
    assert not (rig.releases / "pending").exists()
    third = rig.launch("run", "--smoke-test", "--data-dir", str(rig.data_dir))
    assert "READY signin" in third.stdout
    assert "0.9.2" not in third.stderr


def test_killed_try_is_rolled_back_at_the_next_start(rig: Rig, tmp_path: Path) -> None:
    publish(rig, "0.9.1")
    assert rig.sync().returncode == 0
    assert (rig.releases / "pending").read_text().strip() == "0.9.1"
    # The power goes while 0.9.1 is being tried: "trying" is left, no health marker.
    (rig.releases / "pending").unlink()
    (rig.releases / "trying").write_text("0.9.1\n")
    done = rig.launch("--version")
    assert done.returncode == 0
    assert done.stdout.strip().startswith("kiosk ")
    assert (rig.releases / "failed" / "0.9.1").exists()
    assert not (rig.releases / "trying").exists()
    assert not (rig.releases / "current").exists()  # still the packaged version


def _tamper_offer(rig: Rig, change: dict) -> None:
    engine = sa.create_engine(rig.server.database_url)
    with engine.begin() as connection:
        text = connection.execute(sa.text("SELECT envelope_json FROM releases")).scalar_one()
        envelope = json.loads(text)
        envelope["payload"].update(change)
        connection.execute(
            sa.text("UPDATE releases SET envelope_json = :t"), {"t": json.dumps(envelope)}
        )
    engine.dispose()


def test_bad_signature_and_wrong_hash_are_refused_and_change_nothing(rig: Rig) -> None:
    publish(rig, "0.9.1", padding=50_000)
    # Someone with the intake database (not the signing key) points the manifest elsewhere.
    _tamper_offer(rig, {"grace_days": 0})
    rig.releases.mkdir(parents=True, exist_ok=True)
    before = snapshot(rig.releases)
    assert rig.sync().returncode == 0
    about = rig.about()
    assert "Tanda tangan manifes pembaruan tidak sah" in about["update"]["problem"]
    assert "tidak ada yang berubah" in about["update"]["problem"]
    assert snapshot(rig.releases) == before
    assert not list((rig.releases).glob("0.9.*"))

    # A genuine manifest whose package was swapped on the server's disk.
    publish(rig, "0.9.3", padding=50_000)
    blob = next((rig.server.data_dir / "releases").glob("*.tar.gz"))
    for stored in (rig.server.data_dir / "releases").glob("*.tar.gz"):
        data = bytearray(stored.read_bytes())
        data[-10] ^= 0xFF
        stored.write_bytes(bytes(data))
    assert blob.exists()
    assert rig.sync().returncode == 0
    about = rig.about()
    assert "tidak cocok dengan manifesnya" in about["update"]["problem"]
    assert about["update"]["pending"] is None
    assert not list(rig.releases.glob("0.9.*"))
    assert not list((rig.releases / "downloads").glob("*.part"))
    launched = rig.launch("--version")
    assert launched.returncode == 0
    assert launched.stdout.strip().startswith("kiosk ")
