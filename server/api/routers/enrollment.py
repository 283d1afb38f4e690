"""A device's enrollment, credential and signing key: ``POST /enroll``, ``POST /credential/rotate``,
``PUT /device/signing-key``."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from sync.protocol import API_PREFIX, CredentialRotation, EnrollRequest, EnrollResponse
from sync.protocol.enrollment import DeviceSigningKey

from ... import credentials, device_signing_keys, enrollment
from ..deps import Context, Device
from ..error_bodies import error_responses

router = APIRouter(prefix=API_PREFIX)


@router.post(
    "/enroll",
    status_code=201,
    responses={
        **error_responses(400, 401, 403, 404, 408, 409, 413, 416, 422, 429, 503),
        200: {"model": EnrollResponse, "description": "replay: same answer"},
    },
    # An older kiosk refuses unknown keys: `signing_key` is only sent to one that sent its own.
    response_model_exclude_none=True,
)
def enroll(
    body: EnrollRequest, request: Request, response: Response, context: Context
) -> EnrollResponse:
    """201 for a new enrollment, 200 for a replay by the same device with the same code."""
    context.enroll_limiter.check(request.client.host if request.client else "unknown")
    result, created = enrollment.enroll(context.database, context.enrollment_key, body)
    if not created:
        response.status_code = 200
    return result


@router.post(
    "/credential/rotate",
    responses=error_responses(400, 401, 403, 404, 409, 413, 422, 429, 503),
)
def rotate_credential(context: Context, device: Device) -> CredentialRotation:
    """A new credential; the old one works until the new one is first used."""
    return credentials.rotate(context.database, device)


@router.put(
    "/device/signing-key",
    responses=error_responses(400, 401, 403, 404, 409, 413, 422, 429, 503),
)
def register_signing_key(
    body: DeviceSigningKey, context: Context, device: Device
) -> DeviceSigningKey:
    """Keeps the device's bundle signing key; the same key again is a no-op, another is 409."""
    held = device_signing_keys.register(context.database, device, body.public_key)
    return DeviceSigningKey(public_key=held)
