"""District configuration pushed to every kiosk: its schema, its checks, its local copies.

The district publishes one configuration for all its kiosks (`kiosk-server config publish`):
catalog overrides, rejection-reason templates, limits, retention, idle timeouts and office
details, numbered and signed (kiosk.trust). The server runs `check_config` before it signs; the
kiosk runs it again after verifying the signature, before anything uses it. Kept in the data
dir as `district-config/current.json` and `previous.json` (the signed envelopes, so a copy
edited on disk is refused at the next start like one altered on the wire); a new one replaces
`current.json` atomically, and a bad one changes nothing: the kiosk keeps the last good one.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from kiosk.catalog import CatalogView, catalog_with_override
from kiosk.errors import CatalogError, KioskError
from kiosk.settings import Settings
from kiosk.store.files import write_atomic
from kiosk.trust import KIND_DISTRICT_CONFIG, TrustedKeys, UntrustedDocument

log = logging.getLogger("kiosk.config")
OFFICE_CODE_PATTERN = r"^[0-9]{2}(?:\.[0-9]{2}){0,2}(?:\.[0-9]{4})?$"
MAX_CONFIG_BYTES = 256 * 1024


class ConfigInvalid(KioskError):
    """A district configuration that must not be used (its shape or its catalog is wrong)."""

    code = "config_invalid"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Bilingual(_Strict):
    id: str = Field(min_length=1, max_length=500)
    en: str = Field(min_length=1, max_length=500)


class RejectionTemplate(_Strict):
    """A standard reason a verifier picks, with what the citizen must fix."""

    code: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,47}$")
    reason: Bilingual
    fix: Bilingual


class Limits(_Strict):
    """How long and how much a kiosk may work without reaching the server.

    The offline budget (kiosk.offline_budget): past `offline_warn_days` without a sync or a
    bundle receipt the kiosk warns at every start; past `offline_block_days` it refuses new
    applications until one of them. `offline_budget_days`, the block limit's first name, is
    still read from configurations published before the warn limit existed.
    """

    offline_warn_days: int = Field(default=7, ge=1, le=365)
    offline_block_days: int = Field(default=30, ge=1, le=365)
    offline_budget_days: int | None = Field(default=None, ge=1, le=365)
    max_pending_applications: int = Field(default=500, ge=10, le=100_000)

    @model_validator(mode="before")
    @classmethod
    def _block_from_first_name(cls, data: Any) -> Any:
        """An older configuration's `offline_budget_days` is its block limit; its warn limit,
        never given, is the default or (for a short budget) one day before the block."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        if "offline_block_days" not in data and data.get("offline_budget_days") is not None:
            data["offline_block_days"] = data["offline_budget_days"]
        block = data.get("offline_block_days")
        if "offline_warn_days" not in data and isinstance(block, int) and block <= 7:
            data["offline_warn_days"] = max(block - 1, 1)
        return data

    @model_validator(mode="after")
    def _warn_before_block(self) -> Limits:
        if self.offline_warn_days > self.offline_block_days:
            raise ValueError("offline_warn_days must not exceed offline_block_days")
        return self


class OfficeDetails(_Strict):
    office_code: str = Field(pattern=OFFICE_CODE_PATTERN, max_length=13)
    name: str = Field(min_length=1, max_length=120)
    address: str = Field(default="", max_length=300)
    phone: str = Field(default="", max_length=40)
    hours: str = Field(default="", max_length=120)


class DistrictConfig(_Strict):
    """What `kiosk-server config publish FILE` reads (the server adds version and time)."""

    version: int = Field(ge=1)
    published_at: datetime
    catalog_override: dict[str, Any] | None = None
    rejection_reasons: list[RejectionTemplate] = Field(default_factory=list, max_length=200)
    limits: Limits = Field(default_factory=Limits)
    retention_days: int | None = Field(default=None, ge=0, le=3650)
    idle_lock_seconds: int | None = Field(default=None, ge=30, le=7200)
    selfservice_idle_seconds: int | None = Field(default=None, ge=15, le=600)
    offices: list[OfficeDetails] = Field(default_factory=list, max_length=1000)

    def office(self, office_code: str | None) -> OfficeDetails | None:
        return next((o for o in self.offices if o.office_code == office_code), None)


def _details(exc: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()[:5]
    )


def check_config(payload: Any) -> tuple[DistrictConfig, CatalogView]:
    """The configuration and the catalog it makes, or ConfigInvalid saying what is wrong."""
    try:
        config = DistrictConfig.model_validate(payload)
    except ValidationError as exc:
        raise ConfigInvalid(
            f"Konfigurasi kabupaten tidak valid: {_details(exc)}",
            f"The district configuration is invalid: {_details(exc)}",
        ) from exc
    codes = [t.code for t in config.rejection_reasons]
    if len(codes) != len(set(codes)):
        raise ConfigInvalid(
            "Kode alasan penolakan ganda di konfigurasi",
            "A rejection reason code appears twice in the configuration",
        )
    try:
        catalog = catalog_with_override(config.catalog_override)
    except CatalogError as exc:
        raise ConfigInvalid(
            f"Katalog di konfigurasi kabupaten ditolak: {exc.message_id}",
            f"The configuration's catalog is refused: {exc.message_en}",
        ) from exc
    if not catalog.services:
        raise ConfigInvalid(
            "Konfigurasi mematikan semua layanan; ditolak",
            "The configuration disables every service; refused",
        )
    return config, catalog


@dataclass(frozen=True)
class ActiveConfig:
    config: DistrictConfig
    catalog: CatalogView

    def applied_to(self, settings: Settings) -> Settings:
        """The machine's settings with the district's retention and idle lock in force (the
        district decides them; a copy, so settings.json keeps the machine's own values)."""
        changes: dict[str, Any] = {}
        if self.config.retention_days is not None:
            changes["retention_days"] = self.config.retention_days
        if self.config.idle_lock_seconds is not None:
            changes["idle_lock_seconds"] = self.config.idle_lock_seconds
        return settings.model_copy(update=changes)


class DistrictConfigStore:
    """The signed configurations this kiosk holds: the current one and the one before it."""

    def __init__(self, data_dir: Path, trusted: TrustedKeys | None = None) -> None:
        self.folder = data_dir / "district-config"
        self._trusted = trusted

    @property
    def trusted(self) -> TrustedKeys:
        if self._trusted is None:
            self._trusted = TrustedKeys.load()
        return self._trusted

    @property
    def current_path(self) -> Path:
        return self.folder / "current.json"

    @property
    def previous_path(self) -> Path:
        return self.folder / "previous.json"

    def verify(self, envelope: Any) -> ActiveConfig:
        """Signature first, then the contents: UntrustedDocument or ConfigInvalid."""
        payload = self.trusted.verify(envelope, KIND_DISTRICT_CONFIG)
        config, catalog = check_config(payload)
        return ActiveConfig(config, catalog)

    def _read(self, path: Path) -> ActiveConfig | None:
        try:
            envelope = json.loads(path.read_text(encoding="utf-8"))
            return self.verify(envelope)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, UntrustedDocument, ConfigInvalid) as exc:
            log.warning("district configuration %s not used: %s", path.name, exc)
            return None

    def active(self) -> ActiveConfig | None:
        """The last good configuration: current.json, or previous.json if current is bad."""
        return self._read(self.current_path) or self._read(self.previous_path)

    def current_version(self) -> int | None:
        active = self.active()
        return None if active is None else active.config.version

    def install(self, envelope: Any) -> ActiveConfig | None:
        """Verifies and keeps a configuration; None when it is the one already held.

        Raises UntrustedDocument or ConfigInvalid before anything is written: a refused
        configuration leaves both files as they were. An older version than the one held is
        refused too (a replayed old configuration is not a rollback a district asked for).
        """
        candidate = self.verify(envelope)
        held = self.active()
        if held is not None and candidate.config.version <= held.config.version:
            if candidate.config.version == held.config.version:
                return None
            raise ConfigInvalid(
                f"Konfigurasi versi {candidate.config.version} lebih lama dari yang dipakai "
                f"(versi {held.config.version}); diabaikan",
                f"Configuration version {candidate.config.version} is older than the one in "
                f"use ({held.config.version}); ignored",
            )
        data = json.dumps(envelope, ensure_ascii=False, sort_keys=True).encode("utf-8")
        if len(data) > MAX_CONFIG_BYTES:
            raise ConfigInvalid(
                "Konfigurasi kabupaten terlalu besar", "The district configuration is too large"
            )
        if self.current_path.exists() and self._read(self.current_path) is not None:
            write_atomic(self.previous_path, self.current_path.read_bytes())
        write_atomic(self.current_path, data)
        log.info("district configuration version %d installed", candidate.config.version)
        return candidate
