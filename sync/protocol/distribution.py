"""Releases and district configuration (requests 9 and 10): signed envelopes, downloads.

The envelope and both payloads are defined in the kiosk's domain (kiosk.trust,
kiosk.updates.manifest, kiosk.district_config), because the kiosk verifies and validates them
and kiosk/ may not import sync/ (ADR 0004); they are published here.
"""

from __future__ import annotations

from typing import Any, Final

from pydantic import Field

from kiosk import trust
from kiosk.district_config import DistrictConfig
from kiosk.updates.manifest import CHANNEL_PATTERN, PLATFORM_PATTERN, ReleaseManifest

from .base import API_PREFIX, Strict

RELEASE_OFFER_PATH: Final = f"{API_PREFIX}/releases/offer"
DISTRICT_CONFIG_PATH: Final = f"{API_PREFIX}/config/current"
MAX_DOWNLOAD_CHUNK_BYTES: Final = 1024 * 1024
"""Largest range one package request answers; a kiosk asks for ranges of at most this."""
HEADER_RANGE: Final = "Range"
KIND_RELEASE: Final = trust.KIND_RELEASE
KIND_DISTRICT_CONFIG: Final = trust.KIND_DISTRICT_CONFIG
RELEASE_CHANNEL_PATTERN: Final = CHANNEL_PATTERN
RELEASE_PLATFORM_PATTERN: Final = PLATFORM_PATTERN


def package_path(sha256: str) -> str:
    return f"{API_PREFIX}/releases/packages/{sha256}"


class SignedEnvelope(Strict):
    kind: str = Field(pattern=r"^(release|district-config)$")
    payload: dict[str, Any]
    key_id: str = Field(pattern=trust.KEY_ID_PATTERN)
    signature: str = Field(pattern=trust.SIGNATURE_PATTERN)


__all__ = [
    "DISTRICT_CONFIG_PATH",
    "DistrictConfig",
    "HEADER_RANGE",
    "KIND_DISTRICT_CONFIG",
    "KIND_RELEASE",
    "MAX_DOWNLOAD_CHUNK_BYTES",
    "RELEASE_CHANNEL_PATTERN",
    "RELEASE_OFFER_PATH",
    "RELEASE_PLATFORM_PATTERN",
    "ReleaseManifest",
    "SignedEnvelope",
    "package_path",
]
