"""This device's Ed25519 key pair that signs its USB bundles, and its registration.

The private key is made once, before the enrollment request (so a retry sends the same public
key), and kept in machine state encrypted with the device key, exactly as the credential is
(sync.enrollment). Only the public key leaves the device: in the enrollment request, or for
a device enrolled before signing keys once with ``PUT /device/signing-key`` at a sync pass.
The server never holds anything that can sign a bundle (docs/adr/0008-signed-field-bundles.md).
"""

from __future__ import annotations

import base64
import logging

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.local_store import Store
from kiosk.store import machine_state as ms
from sync.client import SyncClient
from sync.protocol import bundles as b

log = logging.getLogger("kiosk.sync")

_AAD = b"sync/signing-key/v1"


def _new_sealed_key(store: Store) -> str:
    raw = Ed25519PrivateKey.generate().private_bytes_raw()
    return base64.b64encode(store.core.keys.encrypt(raw, _AAD)).decode()


def signing_key(store: Store) -> Ed25519PrivateKey:
    """The device's signing key; made (and kept, in the same transaction) on first use."""
    sealed = store.state.setdefault(ms.SIGNING_KEY, lambda: _new_sealed_key(store))
    raw = store.core.keys.decrypt(base64.b64decode(sealed), _AAD)
    return Ed25519PrivateKey.from_private_bytes(raw)


def public_key(store: Store) -> str:
    return b.public_key_hex(signing_key(store))


def is_registered(store: Store) -> bool:
    """True once the server confirmed it holds this device's public key: bundles are signed."""
    registered = store.state.get(ms.SIGNING_KEY_REGISTERED)
    return bool(registered) and registered == public_key(store)


def note_registered(store: Store, held: str | None) -> None:
    """Keeps what the server said it holds; a key other than ours is not a registration."""
    mine = public_key(store)
    store.state.set(ms.SIGNING_KEY_REGISTERED, mine if held == mine else "")
    if held is not None and held != mine:
        log.warning("the server holds another signing key for this device")


def register_signing_key(store: Store, client: SyncClient) -> None:
    """Registers the public key once (a sync pass step); a no-op once the server holds it.

    Raises SyncError: offline, or (409, needs a person) the server holds a different key for
    this device: a copy of the device's credential registered first, or the data dir was
    restored without its key. Bundles then stay in the transitional format, which the server
    refuses: a supervisor must enroll the device again (`rotate-device`).
    """
    if is_registered(store):
        return
    note_registered(store, client.put_signing_key(public_key(store)).public_key)
    log.info("bundle signing key registered with the server")
