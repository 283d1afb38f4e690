"""The release manifest: what `kiosk-server release publish` signs and the kiosk verifies."""

from __future__ import annotations

import platform
import sys
from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict, Field

VERSION_PATTERN = r"^[0-9]{1,4}(?:\.[0-9]{1,6}){1,3}(?:(?:a|b|rc|\.post|\.dev)[0-9]{1,4})?$"
CHANNEL_PATTERN = r"^[a-z][a-z0-9-]{0,31}$"
PLATFORM_PATTERN = r"^(linux|windows)-(x86_64|arm64)$"
MAX_PACKAGE_BYTES = 2 * 1024**3
DEFAULT_GRACE_DAYS = 60
"""As MOSIP: a district's kiosks have 60 days to take an update before it is forced."""


def current_platform() -> str:
    system = "windows" if sys.platform == "win32" else "linux"
    machine = platform.machine().lower()
    return f"{system}-{'arm64' if machine in ('aarch64', 'arm64') else 'x86_64'}"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ReleaseNotes(_Strict):
    id: str = Field(default="", max_length=2000)
    en: str = Field(default="", max_length=2000)


class ReleaseManifest(_Strict):
    version: str = Field(pattern=VERSION_PATTERN, max_length=40)
    channel: str = Field(pattern=CHANNEL_PATTERN)
    platform: str = Field(pattern=PLATFORM_PATTERN)
    filename: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,120}\.tar\.gz$")
    size: int = Field(ge=1, le=MAX_PACKAGE_BYTES)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    published_at: datetime
    grace_days: int = Field(default=DEFAULT_GRACE_DAYS, ge=0, le=365)
    notes: ReleaseNotes = Field(default_factory=ReleaseNotes)

    @property
    def forced_after(self) -> datetime:
        """From this moment the kiosk restarts into the update at its next idle moment."""
        return self.published_at + timedelta(days=self.grace_days)
