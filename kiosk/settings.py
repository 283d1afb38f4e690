"""Typed settings with a schema version and ordered migrations.

User preferences (language, profile, office) live in settings.json; machine state (device code,
sync cursor) lives in the database; window geometry is the UI's business (QSettings). Each
migration takes the raw dict of version N and returns version N+1, so a kiosk that skipped
several releases upgrades step by step.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kiosk.errors import KioskError
from kiosk.store.files import write_atomic

log = logging.getLogger("kiosk.settings")
SETTINGS_FILE = "settings.json"
CURRENT_SCHEMA_VERSION = 3


class Profile(StrEnum):
    COUNTER = "counter"
    SELFSERVICE = "selfservice"
    FIELD = "field"


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    schema_version: int = CURRENT_SCHEMA_VERSION
    profile: Profile = Profile.COUNTER
    language: str = Field(default="id", pattern=r"^(id|en)$")
    office_name: str = Field(default="", max_length=120)
    """Printed on receipts and recaps."""
    retention_days: int = Field(default=30, ge=0, le=3650)
    idle_lock_seconds: int = Field(default=300, ge=30, le=7200)
    sync_interval_seconds: int = Field(default=60, ge=5, le=3600)
    credential_rotation_days: int = Field(default=30, ge=1, le=365)
    """The device asks the server for a fresh credential this often (when online)."""
    receipt_printer: str = Field(default="", max_length=200)
    """The office's receipt printer (its system name); empty: the system's default printer."""
    receipt_paper: str = Field(default="a4", pattern=r"^(a4|80mm)$")
    """A4 sheets or an 80 mm thermal roll."""
    export_folder: str = Field(default="", max_length=1000)
    """Where receipts saved as PDF go; empty: the `ekspor` folder inside the data folder."""
    auto_capture: bool = False
    """The camera takes a document's picture by itself once it has been held steady and
    passes the checks for about a second (with a sound and a flash on screen)."""


def _v1_to_v2(raw: dict[str, Any]) -> dict[str, Any]:
    """v1 called the profile `mode` and had no retention setting."""
    upgraded = {k: v for k, v in raw.items() if k != "mode"}
    upgraded["profile"] = raw.get("mode", Profile.COUNTER.value)
    upgraded.setdefault("retention_days", 30)
    return upgraded


def _v2_to_v3(raw: dict[str, Any]) -> dict[str, Any]:
    """v2 had office_code, server_url and catalog_override, which nothing read: the server and
    office come from enrollment (machine state), the catalog override from its own file."""
    return {
        k: v for k, v in raw.items() if k not in ("office_code", "server_url", "catalog_override")
    }


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2, 2: _v2_to_v3}


def migrate_settings(raw: object) -> dict[str, Any]:
    """Upgrades a settings dict step by step; ValueError when it is not one at all."""
    if not isinstance(raw, dict):
        raise ValueError(f"expected an object, found {type(raw).__name__}")
    version = raw.get("schema_version", 1)
    if type(version) is not int:  # bool and float are not versions
        raise ValueError(f"schema_version must be a whole number, not {version!r}")
    if version > CURRENT_SCHEMA_VERSION:
        raise KioskError(
            "Pengaturan dibuat oleh versi aplikasi yang lebih baru; perbarui aplikasi",
            "The settings were written by a newer version of the app; update the app",
            code="settings_too_new",
        )
    while version < CURRENT_SCHEMA_VERSION:
        raw = MIGRATIONS[version](raw)
        version += 1
        raw["schema_version"] = version
    return raw


def load_settings(data_dir: Path) -> Settings:
    path = data_dir / SETTINGS_FILE
    if not path.exists():
        return Settings()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        settings = Settings.model_validate(migrate_settings(raw))
    except (ValueError, ValidationError, TypeError) as exc:  # JSON, UTF-8, shape, fields
        raise KioskError(
            f"Berkas pengaturan {path} rusak: {exc}",
            f"The settings file {path} is damaged: {exc}",
            code="settings_invalid",
        ) from exc
    if raw.get("schema_version") != settings.schema_version:
        save_settings(data_dir, settings)
    return settings


def settable_names() -> list[str]:
    """The settings a person may change (`kiosk settings set NAME VALUE`)."""
    return [name for name in Settings.model_fields if name != "schema_version"]


def with_setting(settings: Settings, name: str, text: str) -> Settings:
    """A copy of `settings` with one setting parsed from text, as typed on a command line.

    Raises KioskError (code `setting_unknown` or `setting_invalid`) naming the setting, so a
    typo never reaches settings.json.
    """
    if name not in settable_names():
        raise KioskError(
            f"Pengaturan {name!r} tidak ada; yang ada: {', '.join(settable_names())}",
            f"There is no setting {name!r}; the settings are: {', '.join(settable_names())}",
            code="setting_unknown",
        )
    try:
        return Settings.model_validate({**settings.model_dump(), name: text})
    except ValidationError as exc:
        problem = "; ".join(error["msg"] for error in exc.errors())
        raise KioskError(
            f"Nilai {text!r} tidak berlaku untuk {name}: {problem}",
            f"{text!r} is not a valid value for {name}: {problem}",
            code="setting_invalid",
        ) from None


def save_settings(data_dir: Path, settings: Settings) -> None:
    text = settings.model_dump_json(indent=2)
    write_atomic(data_dir / SETTINGS_FILE, text.encode("utf-8"), mode=0o600)
