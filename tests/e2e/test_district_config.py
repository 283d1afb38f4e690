"""District configuration pushed to every kiosk, end to end: a real `kiosk-server` on
PostgreSQL publishes a catalog change; two kiosks take it on their next sync (one a running
Store whose services change without a restart, one the `kiosk` command); a malformed file is
refused by the server with the reason; a tampered or invalid configuration that reaches a
kiosk anyway is refused there, and the kiosk keeps working on the last good one.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from kiosk.local_store import Store
from kiosk.trust import KIND_DISTRICT_CONFIG, sign_document
from server.distribution.signing_key import default_key_path, load_key
from sync.engine import SyncEngine
from tests.helpers.distribution import Rig, enroll_kiosk, kiosk_json_env, make_rig
from tests.helpers.postgres import PostgresCluster
from tests.helpers.processes import ENV, ROOT, kiosk

GONE = "ktp-el-hilang"


@pytest.fixture
def rig(postgres_cluster: PostgresCluster, tmp_path: Path) -> Iterator[Rig]:
    yield from make_rig(postgres_cluster, tmp_path)


def publish_config(rig: Rig, document: object) -> subprocess.CompletedProcess[str]:
    path = rig.work / "config.json"
    path.write_text(json.dumps(document))
    return subprocess.run(
        rig.server.command("config", "publish", str(path)),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=ENV,
        timeout=120,
    )


CONFIG = {
    "catalog_override": {"disable_services": [GONE]},
    "rejection_reasons": [
        {
            "code": "kk-buram",
            "reason": {"id": "Foto KK buram", "en": "The KK photo is blurred"},
            "fix": {"id": "Foto ulang KK", "en": "Photograph the KK again"},
        }
    ],
    "retention_days": 14,
    "idle_lock_seconds": 240,
    "offices": [
        {"office_code": "31.71.01", "name": "Kelurahan Uji", "hours": "Senin-Jumat 08.00-15.00"}
    ],
}


def test_a_catalog_change_reaches_two_kiosks_and_a_bad_one_is_refused(
    rig: Rig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, expected_warnings: set[str]
) -> None:
    expected_warnings.add("kiosk.sync")  # the refused versions 2 and 3
    for name, value in rig.env.items():
        monkeypatch.setenv(name, value)
    second = tmp_path / "kiosk-2"
    enroll_kiosk(rig, second)
    running = Store.open(rig.data_dir)  # kiosk 1: an app that stays open throughout
    try:
        engine = SyncEngine(running)
        assert GONE in [s.code for s in running.catalog.services]

        # A malformed configuration never leaves the server.
        refused = publish_config(rig, {"catalog_override": {"services": [{"code": "baru"}]}})
        assert refused.returncode == 1
        assert "Katalog di konfigurasi kabupaten ditolak" in refused.stderr
        assert "services" in refused.stderr
        assert publish_config(rig, {"limits": {"offline_budget_days": 0}}).returncode == 1

        published = publish_config(rig, CONFIG)
        assert published.returncode == 0, published.stderr
        assert published.stdout.strip() == "1"

        report = engine.run_once(force=True)
        assert report.distribution.config_installed == 1
        services = [s.code for s in running.catalog.services]
        assert GONE not in services  # no restart: the open Store offers the new catalog
        assert "ktp-el-baru" in services
        about = kiosk_json_env(rig.env, "about", "--data-dir", str(second), "--json")
        assert about["config"]["version"] is None
        assert kiosk("sync", "--once", "--data-dir", str(second), env=rig.env).returncode == 0
        about = kiosk_json_env(rig.env, "about", "--data-dir", str(second), "--json")
        assert about["config"]["version"] == 1
        assert GONE not in about["services"]
        assert about["office"]["name"] == "Kelurahan Uji"
        assert about["config"]["idle_lock_seconds"] == 240

        # Version 2 is signed with the district's key but invalid (it got through somehow),
        # version 3 is valid but altered after signing: both refused, version 1 stays.
        key = load_key(default_key_path(rig.server.data_dir / "keys"))
        bad = json.loads(rig.server.cli("config", "show").stdout)["payload"]
        bad.update(version=2, catalog_override={"disable_services": "semua"})
        signed_bad = sign_document(key, KIND_DISTRICT_CONFIG, bad)
        _insert_config(rig, 2, signed_bad)
        report = engine.run_once(force=True)
        assert report.distribution.config_installed is None
        assert "harus daftar kode layanan" in (report.distribution.config_refused or "")
        assert running.district_config.current_version() == 1
        assert GONE not in [s.code for s in running.catalog.services]

        altered = {**signed_bad, "payload": {**signed_bad["payload"], "version": 3}}
        altered["payload"]["catalog_override"] = {}
        _insert_config(rig, 3, altered)
        assert kiosk("sync", "--once", "--data-dir", str(second), env=rig.env).returncode == 0
        about = kiosk_json_env(rig.env, "about", "--data-dir", str(second), "--json")
        assert about["config"]["version"] == 1
        assert "Tanda tangan konfigurasi kabupaten tidak sah" in about["config"]["problem"]
        assert GONE not in about["services"]
    finally:
        running.close()

    # A damaged copy on disk: the kiosk starts on the one before it, or the shipped catalog.
    (second / "district-config" / "current.json").write_text("{not json")
    about = kiosk_json_env(rig.env, "about", "--data-dir", str(second), "--json")
    assert about["config"]["version"] is None
    assert GONE in about["services"]


def _insert_config(rig: Rig, version: int, envelope: dict) -> None:
    engine = sa.create_engine(rig.server.database_url)
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO district_configs (version, envelope_json, published_at, "
                "published_by) VALUES (:v, :e, now(), 'test')"
            ),
            {"v": version, "e": json.dumps(envelope)},
        )
    engine.dispose()
