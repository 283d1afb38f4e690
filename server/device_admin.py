"""Administering enrolled devices: revoke, suspend, list (the CLI and the back office's admin)."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

import sqlalchemy as sa

from . import audit
from .db import Database
from .errors import NotFound
from .models import Device, utc_now

log = logging.getLogger("kiosk.server.enrollment")


def revoke_device(database: Database, device_id: uuid.UUID, operator_id: str) -> datetime:
    """Revokes a device at once; returns when it was (first) revoked. Idempotent."""
    with database.write() as session:
        device = session.get(Device, device_id, with_for_update=True)
        if device is None:
            raise NotFound(f"Perangkat {device_id} tidak ada / no device {device_id}")
        if device.revoked_at is None:
            device.revoked_at = utc_now()
            audit.record(session, "device_revoked", operator_id, device_id=device_id)
            log.info("device %s revoked", device_id)
        return device.revoked_at


def suspend_device(database: Database, device_id: uuid.UUID, operator_id: str) -> None:
    """Suspends a device (a laptop gone missing, to be checked): its requests are refused
    until a supervisor re-enrolls it (`kiosk-server rotate-device`). Idempotent; audited."""
    with database.write() as session:
        device = session.get(Device, device_id, with_for_update=True)
        if device is None:
            raise NotFound(f"Perangkat {device_id} tidak ada / no device {device_id}")
        if device.suspended_at is None:
            device.suspended_at = utc_now()
            audit.record(session, "device_suspended", operator_id, device_id=device_id)
            log.info("device %s suspended", device_id)


def list_devices(database: Database) -> list[dict[str, object]]:
    """Every enrolled device, oldest first, with its revocation and suspension state and its
    bundle signing key (None until it registers one)."""
    with database.read() as session:
        devices = session.scalars(sa.select(Device).order_by(Device.enrolled_at)).all()
        return [
            {
                "device_id": str(d.id),
                "name": d.name,
                "office_code": d.office_code,
                "enrolled_at": d.enrolled_at.isoformat(),
                "revoked_at": d.revoked_at.isoformat() if d.revoked_at else None,
                "suspended_at": d.suspended_at.isoformat() if d.suspended_at else None,
                "must_reenroll": d.credential_sha256 == "",
                "credential_changed_at": (
                    d.credential_changed_at.isoformat() if d.credential_changed_at else None
                ),
                "signing_key": d.signing_key,
            }
            for d in devices
        ]
