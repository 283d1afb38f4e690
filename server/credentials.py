"""Per-device credential rotation (by the device) and forced re-enrollment (by an admin).

Rotation without lock-outs: `rotate` stores the hash of a NEW random secret beside the
current one and returns it. The old secret keeps working until the new one is first used
(server.enrollment.authenticate promotes it), then stops. A device whose answer was lost
still holds a working credential and simply rotates again; the unused secret is replaced.
A copy cannot win silently: the superseded secret's hash is kept, and presenting it after
the rotation (whoever rotated first, the device or the thief) suspends the device.

Forced re-enrollment (`kiosk-server rotate-device`): the device's credential is blanked at
once (its next request gets 401 "enroll again") and a one-time code BOUND to that device id
is printed. This is also how a supervisor clears a suspended device. The kiosk keeps its
device id across enrollments (sync.enrollment), so its audit chain and applications stay
attributed to the same device; nobody else can use the code.
"""

from __future__ import annotations

import base64
import logging
import secrets
import uuid
from datetime import timedelta

from sqlalchemy.orm import Session

from sync.protocol import CredentialRotation

from . import audit
from .db import Database
from .enrollment import DeviceContext, new_code, sha256_hex
from .errors import DeviceRevoked, NotFound
from .models import Device, EnrollmentCode, utc_now

log = logging.getLogger("kiosk.server.credentials")


def _new_secret() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii").rstrip("=")


def _load(session: Session, device_id: uuid.UUID) -> Device:
    device = session.get(Device, device_id, with_for_update=True)
    if device is None:
        raise NotFound(f"Perangkat {device_id} tidak ada / no device {device_id}")
    if device.revoked_at is not None:
        raise DeviceRevoked(
            "Perangkat ini sudah dicabut; hubungi admin Disdukcapil / "
            "this device has been revoked; contact the district administrator"
        )
    return device


def rotate(database: Database, device: DeviceContext) -> CredentialRotation:
    """Issues a new credential for the calling device (pending until its first use)."""
    secret = _new_secret()
    with database.write() as session:
        row = _load(session, device.device_id)
        row.next_credential_sha256 = sha256_hex(secret)
        audit.record(
            session, "credential_rotation_issued", device.operator_id, device_id=device.device_id
        )
    log.info("device %s was issued a rotated credential", device.device_id)
    return CredentialRotation(device_id=device.device_id, credential=f"{device.device_id}.{secret}")


def force_reenrollment(
    database: Database, device_id: uuid.UUID, ttl_hours: int, operator_id: str
) -> str:
    """Invalidates the device's credentials now; returns a one-time code only it may use."""
    code = new_code()
    now = utc_now()
    with database.write() as session:
        row = _load(session, device_id)
        row.credential_sha256 = ""  # matches no secret: 401 from the next request on
        row.next_credential_sha256 = None
        row.previous_credential_sha256 = None
        row.credential_changed_at = now
        row.suspended_at = None  # a suspended device is cleared by enrolling it again
        session.add(
            EnrollmentCode(
                code_sha256=sha256_hex(code),
                office_code=row.office_code,
                created_at=now,
                expires_at=now + timedelta(hours=ttl_hours),
                for_device_id=device_id,
            )
        )
        audit.record(session, "device_reenrollment_forced", operator_id, device_id=device_id)
    log.info("device %s must enroll again", device_id)
    return code
