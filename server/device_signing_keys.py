"""A device's bundle signing key: the Ed25519 public key its USB bundles are verified with.

Only the device holds the private half, so nobody who reads this server's database (which
holds credential hashes) can make a bundle that passes for the device's. The first key given
is kept: at enrollment (server.enrollment) or, for a device enrolled before, once with
``PUT /device/signing-key``. A different key later is refused and audited: whoever sends it
holds the device's credential but not its key (a copied credential). Only a supervisor's
re-enrollment (`kiosk-server rotate-device`) replaces it (docs/adr/0008-signed-field-bundles.md).
"""

from __future__ import annotations

import hmac
import logging

from . import audit
from .db import Database
from .enrollment import DeviceContext
from .errors import Conflict, NotFound
from .models import Device

log = logging.getLogger("kiosk.server.enrollment")
REGISTERED_ACTION = "device_signing_key_registered"
REFUSED_ACTION = "device_signing_key_refused"


def register(database: Database, device: DeviceContext, public_key: str) -> str:
    """Keeps `public_key` for the device unless it has one; returns the key now held.

    Raises:
        Conflict: the device already has a different key (the refusal is audited).
    """
    with database.write() as session:
        row = session.get(Device, device.device_id, with_for_update=True)
        if row is None:
            raise NotFound("Perangkat tidak dikenal / unknown device")
        held = row.signing_key
        if held is None:
            row.signing_key = public_key
            audit.record(
                session,
                REGISTERED_ACTION,
                device.operator_id[:80],
                device_id=device.device_id,
                detail=f"ed25519 {public_key[:16]}",
            )
            log.info("device %s registered its bundle signing key", device.device_id)
            return public_key
        if hmac.compare_digest(held, public_key):
            return held
        audit.record(
            session,
            REFUSED_ACTION,
            device.operator_id[:80],
            device_id=device.device_id,
            detail=f"held {held[:16]}, offered {public_key[:16]}",
        )
    # INFO, as every other refusal of a device's request: the audit entry is the record.
    log.info("device %s offered a second bundle signing key: refused", device.device_id)
    raise Conflict(
        "Server sudah menyimpan kunci tanda tangan lain untuk perangkat ini; minta supervisor "
        "mendaftarkan ulang perangkat (kiosk-server rotate-device) / this server already holds "
        "another signing key for this device; ask the supervisor to enroll it again "
        "(kiosk-server rotate-device)"
    )
