from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.errors import KioskError
from kiosk.settings import (
    CURRENT_SCHEMA_VERSION,
    Profile,
    Settings,
    load_settings,
    migrate_settings,
    save_settings,
)


def test_defaults_when_no_file(data_dir: Path) -> None:
    settings = load_settings(data_dir)
    assert settings.profile is Profile.COUNTER
    assert settings.schema_version == CURRENT_SCHEMA_VERSION


def test_round_trip(data_dir: Path) -> None:
    save_settings(data_dir, Settings(profile=Profile.FIELD, office_name="Kelurahan Ubud"))
    loaded = load_settings(data_dir)
    assert (loaded.profile, loaded.office_name) == (Profile.FIELD, "Kelurahan Ubud")


def test_version_1_file_is_migrated_and_rewritten(data_dir: Path) -> None:
    (data_dir / "settings.json").write_text(json.dumps({"mode": "selfservice", "language": "en"}))
    loaded = load_settings(data_dir)
    assert loaded.profile is Profile.SELFSERVICE
    assert loaded.retention_days == 30
    assert json.loads((data_dir / "settings.json").read_text())["schema_version"] == 3


def test_migrations_run_in_order_from_every_old_version() -> None:
    assert migrate_settings({"schema_version": 1, "mode": "field"}) == {
        "schema_version": 3,
        "profile": "field",
        "retention_days": 30,
    }


def test_version_2_loses_the_fields_nothing_read(data_dir: Path) -> None:
    old = {
        "schema_version": 2,
        "profile": "field",
        "office_code": "31.71.01",
        "office_name": "Kelurahan Gambir",
        "server_url": "https://dukcapil.example",
        "catalog_override": "/etc/layanan.json",
    }
    (data_dir / "settings.json").write_text(json.dumps(old))
    loaded = load_settings(data_dir)
    assert (loaded.profile, loaded.office_name) == (Profile.FIELD, "Kelurahan Gambir")
    assert json.loads((data_dir / "settings.json").read_text()) == {
        **loaded.model_dump(mode="json"),
        "schema_version": 3,
    }
    assert "server_url" not in json.loads((data_dir / "settings.json").read_text())


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ("{broken", "settings_invalid"),
        (json.dumps({"schema_version": 2, "profile": "kiosk"}), "settings_invalid"),
        (json.dumps({"schema_version": 99}), "settings_too_new"),
        ("[]", "settings_invalid"),
        ('"counter"', "settings_invalid"),
        (json.dumps({"schema_version": "dua"}), "settings_invalid"),
        (json.dumps({"schema_version": None}), "settings_invalid"),
        (json.dumps({"schema_version": 1.5}), "settings_invalid"),
        (json.dumps({"schema_version": True}), "settings_invalid"),
    ],
)
def test_bad_settings_file_is_a_clear_error(data_dir: Path, content: str, code: str) -> None:
    (data_dir / "settings.json").write_text(content)
    with pytest.raises(KioskError) as info:
        load_settings(data_dir)
    assert info.value.code == code
