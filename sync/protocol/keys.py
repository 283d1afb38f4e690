"""The server's public sealing key (request 8) and the seal format it implies.

The format itself is defined in kiosk.sealing, because the kiosk seals with it and kiosk/ may
not import sync/ (docs/adr/0004-one-home-for-each-contract.md); it is published here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from pydantic import Field

from kiosk import sealing
from kiosk.contract import SEALED_QUALITY_KEY as SEALED_QUALITY_KEY

from .base import API_PREFIX, Sha256, Strict

SEAL_ALGORITHM: Final = sealing.SEAL_ALGORITHM
SEAL_MAGIC: Final = sealing.SEAL_MAGIC
SEAL_HKDF_INFO: Final = sealing.SEAL_HKDF_INFO
SEAL_FORMAT: Final = sealing.SEAL_FORMAT
SEALED_FIELDS_DOCUMENT: Final = sealing.SEALED_FIELDS_DOCUMENT
SEAL_KEY_ID_PATTERN: Final = r"^[0-9a-f]{16}$"

PUBLIC_KEY_PATH: Final = f"{API_PREFIX}/keys/public"


class ServerPublicKey(Strict):
    key_id: str = Field(pattern=SEAL_KEY_ID_PATTERN, description="first 8 bytes of fingerprint")
    algorithm: str = SEAL_ALGORITHM
    public_key: str = Field(
        pattern=r"^[A-Za-z0-9_-]{43}$", description="raw X25519 key, base64url without padding"
    )
    fingerprint: Sha256 = Field(description="SHA-256 of the raw public key; compare aloud")
    created_at: datetime
