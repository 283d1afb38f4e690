"""The district configuration on the kiosk: verified, checked, installed atomically, the
previous one kept, the last good one used when a newer copy is bad."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.district_config import ConfigInvalid, DistrictConfigStore, check_config
from kiosk.trust import (
    KIND_DISTRICT_CONFIG,
    TrustedKeys,
    UntrustedDocument,
    b64url,
    raw_public_key,
    sign_document,
)

KEY = Ed25519PrivateKey.generate()
TRUSTED = TrustedKeys.from_entries([{"public_key": b64url(raw_public_key(KEY.public_key()))}])


def config(version: int, **fields: Any) -> dict[str, Any]:
    payload = {"version": version, "published_at": datetime.now(UTC).isoformat(), **fields}
    return sign_document(KEY, KIND_DISTRICT_CONFIG, payload)


def test_install_keeps_the_previous_and_refuses_an_older_one(tmp_path: Path) -> None:
    store = DistrictConfigStore(tmp_path, TRUSTED)
    assert store.active() is None
    first = store.install(config(1, catalog_override={"disable_services": ["ktp-el-hilang"]}))
    assert first is not None
    assert "ktp-el-hilang" not in [s.code for s in first.catalog.services]
    assert store.install(config(1)) is None  # the same version again: nothing to do
    assert store.install(config(2, retention_days=7)) is not None
    assert json.loads(store.previous_path.read_text())["payload"]["version"] == 1
    with pytest.raises(ConfigInvalid, match="lebih lama"):
        store.install(config(1))
    assert store.current_version() == 2


def test_a_bad_copy_on_disk_falls_back_to_the_one_before(
    tmp_path: Path, expected_warnings: set[str]
) -> None:
    expected_warnings.add("kiosk.config")
    store = DistrictConfigStore(tmp_path, TRUSTED)
    store.install(config(1, idle_lock_seconds=120))
    store.install(config(2, idle_lock_seconds=200))
    envelope = json.loads(store.current_path.read_text())
    envelope["payload"]["idle_lock_seconds"] = 30  # edited on disk: the signature breaks
    store.current_path.write_text(json.dumps(envelope))
    active = store.active()
    assert active is not None
    assert active.config.version == 1
    assert active.config.idle_lock_seconds == 120


def test_refused_configurations_change_no_file(tmp_path: Path) -> None:
    store = DistrictConfigStore(tmp_path, TRUSTED)
    store.install(config(1))
    before = store.current_path.read_bytes()
    every = [s.code for s in check_config(json.loads(before)["payload"])[1].services]
    with pytest.raises(ConfigInvalid, match="Katalog di konfigurasi kabupaten ditolak"):
        store.install(config(2, catalog_override={"disable_services": every}))
    other = Ed25519PrivateKey.generate()
    with pytest.raises(UntrustedDocument, match="tidak dipercaya"):
        store.install(sign_document(other, KIND_DISTRICT_CONFIG, json.loads(before)["payload"]))
    with pytest.raises(ConfigInvalid, match="rejection_reasons"):
        store.install(config(2, rejection_reasons=[{"code": "x"}]))
    assert store.current_path.read_bytes() == before
    assert not store.previous_path.exists()


def test_duplicate_rejection_codes_are_refused() -> None:
    template = {"code": "kk-buram", "reason": {"id": "a", "en": "a"}, "fix": {"id": "b", "en": "b"}}
    payload = {"version": 1, "published_at": "2026-12-01T00:00:00Z"}
    with pytest.raises(ConfigInvalid, match="ganda"):
        check_config({**payload, "rejection_reasons": [template, template]})


def test_the_district_decides_retention_and_idle_lock_without_touching_settings(
    tmp_path: Path,
) -> None:
    from kiosk.settings import Settings

    store = DistrictConfigStore(tmp_path, TRUSTED)
    active = store.install(config(1, retention_days=9, idle_lock_seconds=90))
    assert active is not None
    mine = Settings(retention_days=30, idle_lock_seconds=300, language="en")
    applied = active.applied_to(mine)
    assert (applied.retention_days, applied.idle_lock_seconds, applied.language) == (9, 90, "en")
    assert (mine.retention_days, mine.idle_lock_seconds) == (30, 300)
    unset = store.install(config(2))
    assert unset is not None
    assert unset.applied_to(mine).retention_days == 30
