"""The district's signing key for release manifests and configuration (Ed25519).

Kept as a PEM file readable by its owner only, optionally encrypted with a passphrase. It
belongs on the machine that publishes (an administrator's, or the back office's), not on an
internet-facing intake host: kiosks verify with the public half, which ships with them.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    BestAvailableEncryption,
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)

from kiosk.store.files import write_atomic
from kiosk.trust import KINDS, b64url, key_id_of, raw_public_key

from ..errors import InvalidRequest

ENV_SIGNING_KEY = "KIOSK_SERVER_SIGNING_KEY"


def default_key_path(keys_dir: Path) -> Path:
    return keys_dir / "signing" / "district-signing.pem"


def resolve_key_path(explicit: str | None, keys_dir: Path) -> Path:
    chosen = explicit or os.environ.get(ENV_SIGNING_KEY)
    return Path(chosen) if chosen else default_key_path(keys_dir)


def create_key(path: Path, passphrase: bytes | None = None) -> Ed25519PrivateKey:
    if path.exists():
        raise InvalidRequest(
            f"Kunci penanda tangan sudah ada di {path}; tidak ditimpa / a signing key already "
            f"exists at {path}; not overwritten"
        )
    key = Ed25519PrivateKey.generate()
    encryption = BestAvailableEncryption(passphrase) if passphrase else NoEncryption()
    pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, encryption)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_atomic(path, pem, mode=0o600)
    return key


def load_key(path: Path, passphrase: bytes | None = None) -> Ed25519PrivateKey:
    try:
        key = load_pem_private_key(path.read_bytes(), passphrase)
    except FileNotFoundError as exc:
        raise InvalidRequest(
            f"Kunci penanda tangan tidak ada di {path}; buat dengan `kiosk-server signing-key "
            f"create` / no signing key at {path}; create one with `signing-key create`"
        ) from exc
    except (TypeError, ValueError) as exc:
        raise InvalidRequest(
            f"Kunci penanda tangan {path} tidak terbaca (frasa sandi?) / the signing key "
            f"{path} cannot be read (passphrase?)"
        ) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise InvalidRequest(f"{path} bukan kunci Ed25519 / is not an Ed25519 key")
    return key


def public_entry(key: Ed25519PrivateKey) -> dict[str, Any]:
    """One entry of a kiosk's trusted_keys.json (kiosk.trust)."""
    raw = raw_public_key(key.public_key())
    return {"key_id": key_id_of(raw), "public_key": b64url(raw), "purposes": list(KINDS)}


def public_entry_json(key: Ed25519PrivateKey) -> str:
    return json.dumps(public_entry(key), indent=1)
