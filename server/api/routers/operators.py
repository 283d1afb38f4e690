"""The operators of the device's office: ``GET /operators``."""

from __future__ import annotations

from fastapi import APIRouter

from sync.protocol import API_PREFIX, OperatorList

from ... import operators
from ..deps import Context, Device
from ..error_bodies import error_responses

router = APIRouter(prefix=API_PREFIX)


@router.get("/operators", responses=error_responses(400, 401, 403, 404, 409, 413, 422, 429, 503))
def office_operators(context: Context, device: Device) -> OperatorList:
    """Every operator of the device's office (disabled ones too), with argon2id hashes."""
    return operators.office_operators(context.database, device.office_code)
