"""Jemput bola end to end: a field laptop's sealed USB bundles and network sync are one upload.

Real `kiosk` and `kiosk-server` processes on PostgreSQL. The laptop queues applications with
the link down, exports two overlapping bundles; damaged, truncated, tampered and other-device
copies, and one forged with what the server's database knows (the credential hash), are
refused and change nothing; the good bundle is imported twice; the laptop then
syncs over the fault proxy (resending what the bundle already delivered); the overlapping
bundle is imported after that; the receipt is taken with `kiosk bundle ack`. The server holds
each application exactly once with the laptop's hashes, and the laptop shows all acknowledged.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import zipfile
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from kiosk.contract import canonical_json
from kiosk.local_store import Store
from kiosk.store import machine_state as ms
from kiosk.store.clock import utcnow
from sync.enrollment import load_enrollment
from sync.protocol import bundles as b
from sync.signing_key import signing_key
from tests.e2e.test_offline_sync import OFFICE, check_outcome, queue_applications
from tests.helpers.faultproxy import FaultProxy
from tests.helpers.postgres import PostgresCluster
from tests.helpers.processes import ENV, ServerProcess, enroll, kiosk, kiosk_json

FIRST = int(os.environ.get("KIOSK_E2E_FIELD_APPLICATIONS", "20"))
"""How many applications the laptop queues before its first bundle: 20 in CI, 200 at full size
(`KIOSK_E2E_FIELD_APPLICATIONS=200`)."""
MORE = max(FIRST // 4, 1)
MONTH = 30


def out_for_a_month(data_dir: Path) -> Callable[[int], datetime]:
    """The fake clock of a month in the field: the laptop's last contact with the server moves
    to 31 days ago, and the i-th application is queued on day i * 30 / (FIRST + MORE) of the
    month after it; the bundles are written on day 31, past the block limit (which refuses
    new applications only: the queue still leaves)."""
    start = utcnow() - timedelta(days=MONTH + 1)
    store = Store.open(data_dir)
    try:
        store.state.set(ms.CREDENTIAL_SINCE, start)
    finally:
        store.close()
    return lambda i: start + timedelta(days=i * MONTH / (FIRST + MORE), hours=1)


@pytest.fixture
def server(postgres_cluster: PostgresCluster, tmp_path: Path) -> Iterator[ServerProcess]:
    database = postgres_cluster.create_database()
    process = ServerProcess(tmp_path / "server", postgres_cluster.url(database))
    process.cli("keys", "create")
    process.start()
    yield process
    process.stop()


def import_bundle(server: ServerProcess, path: Path) -> tuple[int, Any]:
    """(0, the JSON report) or (the exit code, what it wrote on stderr)."""
    done = subprocess.run(
        server.command("bundle", "import", str(path), "--json"),
        capture_output=True,
        text=True,
        env=ENV,
        timeout=300,
    )
    if done.returncode == 0:
        return 0, json.loads(done.stdout)
    return done.returncode, done.stderr


def export(data_dir: Path, out: Path) -> dict:
    result: dict = kiosk_json(
        "bundle", "export", "--data-dir", str(data_dir), "--out", str(out), "--json"
    )
    assert result["ok"], result
    return result


def rezip(
    source: Path, target: Path, manifest: bytes | None = None, sig: str | None = None
) -> None:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for name in old.namelist():
            data = old.read(name)
            if name == b.MANIFEST_MEMBER and manifest is not None:
                data = manifest
            if name == b.SIGNATURE_MEMBER and sig is not None:
                data = sig.encode()
            new.writestr(name, data)


def damaged_copies(bundle: Path, laptop: Path, other_kiosk: Path, out: Path) -> dict[str, Path]:
    data = bundle.read_bytes()
    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0x01
    copies = {"flipped": out / "flipped.bundle", "truncated": out / "truncated.bundle"}
    copies["flipped"].write_bytes(bytes(flipped))
    copies["truncated"].write_bytes(data[: len(data) * 2 // 3])
    with zipfile.ZipFile(bundle) as archive:
        raw = json.loads(archive.read(b.MANIFEST_MEMBER))
    tampered = dict(raw, applications=raw["applications"][:-1])  # one application hidden
    copies["tampered"] = out / "tampered.bundle"
    rezip(bundle, copies["tampered"], manifest=canonical_json(tampered).encode())
    # The same content, signed with another enrolled device's own key.
    store = Store.open(other_kiosk)
    try:
        other_key = signing_key(store)
    finally:
        store.close()
    manifest_bytes = canonical_json(raw).encode()
    copies["other_device"] = out / "other-device.bundle"
    rezip(bundle, copies["other_device"], sig=b.sign_manifest(other_key, manifest_bytes))
    # What a reader of the server's database can make: the old format, MAC'd with the laptop's
    # credential hash (devices.credential_sha256).
    store = Store.open(laptop)
    try:
        known = b.credential_hash(b.secret_of(load_enrollment(store).credential))
    finally:
        store.close()
    old_format = canonical_json(dict(raw, format=b.MAC_BUNDLE_FORMAT)).encode()
    copies["forged_with_hash"] = out / "forged-with-hash.bundle"
    rezip(
        bundle,
        copies["forged_with_hash"],
        manifest=old_format,
        sig=b.bundle_mac(known, b.BUNDLE_LABEL, old_format),
    )
    return copies


@pytest.mark.postgres
def test_bundles_and_network_sync_deliver_each_application_once(
    server: ServerProcess, tmp_path: Path
) -> None:
    rng = random.Random(1616)
    laptop, other = tmp_path / "laptop", tmp_path / "other"
    stick = tmp_path / "stick"
    stick.mkdir()
    proxy = FaultProxy(server.port)
    try:
        enroll(server, laptop, OFFICE, proxy.url)
        enroll(server, other, OFFICE)
        proxy.set_down(True)  # a month in the field: no link
        day = out_for_a_month(laptop)
        queue_applications(laptop, FIRST, rng, at=day)
        first = export(laptop, stick / "minggu-1.bundle")
        assert (first["applications"], first["not_sealed"]) == (FIRST, 0)
        queue_applications(laptop, MORE, rng, at=lambda i: day(FIRST + i))
        status = kiosk_json("sync", "status", "--data-dir", str(laptop), "--json")
        assert status["pending"] == FIRST + MORE
        budget = status["offline_budget"]
        assert (budget["level"], budget["days_offline"]) == ("blocked", MONTH + 1)
        second = export(laptop, stick / "minggu-2.bundle")  # overlaps the first
        assert second["applications"] == FIRST + MORE

        for name, copy in damaged_copies(stick / "minggu-1.bundle", laptop, other, stick).items():
            code, message = import_bundle(server, copy)
            assert code == 1, (name, message)
            assert "Bundel ditolak" in message, message
            assert "Nothing was imported" in message, message
            assert server.applications() == [], name

        code, once = import_bundle(server, stick / "minggu-1.bundle")
        assert code == 0, once
        assert (once["new"], once["already_held"], once["refused"]) == (FIRST, 0, [])
        code, twice = import_bundle(server, stick / "minggu-1.bundle")
        assert (twice["new"], twice["already_held"]) == (0, FIRST)
        assert len(server.applications()) == FIRST

        # Back in range: network sync, through cuts, resends all; the first bundle's are replays.
        proxy.set_down(False)
        proxy.reset_after_upstream_bytes(300_000)
        for _ in range(10):
            done = kiosk(
                "sync", "--once", "--data-dir", str(laptop), env={"KIOSK_SYNC_STALL_SECONDS": "4"}
            )
            if done.returncode == 0:
                break
            proxy.cut()
        assert done.returncode == 0, done.stderr
        assert proxy.log.total >= 1
        assert len(server.applications()) == FIRST + MORE

        code, after_sync = import_bundle(server, stick / "minggu-2.bundle")
        assert (after_sync["new"], after_sync["already_held"]) == (0, FIRST + MORE)
        receipt = Path(after_sync["receipt"])
        acked = kiosk_json("bundle", "ack", "--data-dir", str(laptop), str(receipt), "--json")
        assert (acked["acknowledged"], acked["already"]) == (0, FIRST + MORE)
        check_outcome(laptop, server, FIRST + MORE)
        status = kiosk_json("sync", "status", "--data-dir", str(laptop), "--json")
        assert status["offline_budget"]["level"] == "ok"  # the sync lifted the block
        # The laptop's audit chain reached the server and still verifies there.
        assert server.cli("audit", "verify").returncode == 0
    finally:
        proxy.close()


@pytest.mark.postgres
def test_a_receipt_acknowledges_the_laptop_and_a_forged_one_changes_nothing(
    server: ServerProcess, tmp_path: Path
) -> None:
    laptop, stick = tmp_path / "laptop", tmp_path / "stick"
    enroll(server, laptop, OFFICE)
    queue_applications(laptop, 3, random.Random(7))
    export(laptop, stick / "b.bundle")
    code, imported = import_bundle(server, stick / "b.bundle")
    assert code == 0, imported
    receipt = Path(imported["receipt"])
    forged = stick / "forged.receipt.json"
    body = json.loads(receipt.read_text())
    body["receipt"]["received"].append(dict(body["receipt"]["received"][0], version=2))
    forged.write_text(json.dumps(body))
    refused = kiosk("bundle", "ack", "--data-dir", str(laptop), str(forged))
    assert refused.returncode == 1
    assert "Tanda terima tidak sah" in refused.stderr
    assert kiosk_json("sync", "status", "--data-dir", str(laptop), "--json")["pending"] == 3

    copy = stick / "copy.receipt.json"
    shutil.copy(receipt, copy)
    acked = kiosk_json("bundle", "ack", "--data-dir", str(laptop), str(copy), "--json")
    assert acked["acknowledged"] == 3
    status = kiosk_json("sync", "status", "--data-dir", str(laptop), "--json")
    assert (status["pending"], status["acknowledged"]) == (0, 3)
    assert [a["status"] for a in kiosk_json("list", "--data-dir", str(laptop), "--json")] == [
        "received"
    ] * 3
