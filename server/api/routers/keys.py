"""The key finalised applications are sealed to: ``GET /keys/public``."""

from __future__ import annotations

from fastapi import APIRouter

from sync.protocol import API_PREFIX, ServerPublicKey

from ...errors import NotFound
from ..deps import Context, Device
from ..error_bodies import error_responses

router = APIRouter(prefix=API_PREFIX)


@router.get("/keys/public", responses=error_responses(400, 401, 403, 404, 409, 413, 422, 429, 503))
def public_key(context: Context, device: Device) -> ServerPublicKey:
    """The current key finalised applications are sealed to (sync.protocol.SEAL_FORMAT)."""
    current = context.keyring.current()
    if current is None:
        raise NotFound(
            "Server belum punya kunci segel; admin menjalankan `kiosk-server keys create` / "
            "the server has no sealing key yet; an admin runs `kiosk-server keys create`"
        )
    return current.as_public()
