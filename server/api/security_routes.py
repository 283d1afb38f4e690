"""HTTP routes of the security additions (issue 6); see the end of sync.protocol's docstring.

All of them need an enrolled device (server.api.routes.device_context), so they share its
authentication, operator header and per-device rate limit.
"""

from __future__ import annotations

from fastapi import APIRouter

from sync.protocol import (
    API_PREFIX,
    CredentialRotation,
    DeviceAuditBatch,
    DeviceAuditHead,
    ErrorBody,
    OperatorList,
    ServerPublicKey,
)

from .. import credentials, device_audit, operators
from ..errors import NotFound
from .routes import Context, Device

router = APIRouter(prefix=API_PREFIX)
_ERRORS: dict[int | str, dict[str, object]] = {
    status: {"model": ErrorBody} for status in (400, 401, 403, 404, 409, 413, 422, 429, 503)
}


@router.get("/operators", responses=_ERRORS)
def office_operators(context: Context, device: Device) -> OperatorList:
    """Every operator of the device's office (disabled ones too), with argon2id hashes."""
    return operators.office_operators(context.database, device.office_code)


@router.get("/audit/head", responses=_ERRORS)
def audit_head(context: Context, device: Device) -> DeviceAuditHead:
    """Where the server's copy of this device's audit chain ends: upload from last_seq + 1."""
    return device_audit.head(context.database, device)


@router.post("/audit", responses=_ERRORS)
def upload_audit(batch: DeviceAuditBatch, context: Context, device: Device) -> DeviceAuditHead:
    """Re-verifies and stores a batch of the device's audit entries (idempotent by seq)."""
    return device_audit.upload(context.database, device, batch)


@router.post("/credential/rotate", responses=_ERRORS)
def rotate_credential(context: Context, device: Device) -> CredentialRotation:
    """A new credential; the old one works until the new one is first used."""
    return credentials.rotate(context.database, device)


@router.get("/keys/public", responses=_ERRORS)
def public_key(context: Context, device: Device) -> ServerPublicKey:
    """The current key finalised applications are sealed to (sync.protocol.SEAL_FORMAT)."""
    current = context.keyring.current()
    if current is None:
        raise NotFound(
            "Server belum punya kunci segel; admin menjalankan `kiosk-server keys create` / "
            "the server has no sealing key yet; an admin runs `kiosk-server keys create`"
        )
    return current.as_public()
