"""A stand-in for the district server's sealing key pair, and opening what a kiosk sealed."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from kiosk.sealing import (
    SEALED_FIELDS_DOCUMENT,
    b64encode,
    key_id_of,
    open_sealed,
    seal_context,
)


@dataclass(frozen=True)
class ServerKey:
    private: X25519PrivateKey

    @property
    def public_raw(self) -> bytes:
        return self.private.public_key().public_bytes_raw()

    @property
    def key_id(self) -> str:
        return key_id_of(self.public_raw)

    @property
    def public_b64(self) -> str:
        return b64encode(self.public_raw)

    def open(self, application_id: str, document: str, sealed: bytes) -> bytes:
        return open_sealed(self.private, sealed, seal_context(application_id, document))

    def open_fields(self, application_id: str, sealed: bytes) -> dict[str, Any]:
        opened: dict[str, Any] = json.loads(
            self.open(application_id, SEALED_FIELDS_DOCUMENT, sealed)
        )
        return opened


def new_server_key() -> ServerKey:
    return ServerKey(X25519PrivateKey.generate())
