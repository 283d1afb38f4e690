"""The device's audit chain on the server: ``GET /audit/head``, ``POST /audit``, ``/problem``."""

from __future__ import annotations

from fastapi import APIRouter

from sync.protocol import API_PREFIX, DeviceAuditBatch, DeviceAuditHead, DeviceAuditProblem

from ... import device_audit
from ..deps import Context, Device
from ..error_bodies import error_responses

router = APIRouter(prefix=API_PREFIX)
_ERRORS = error_responses(400, 401, 403, 404, 409, 413, 422, 429, 503)


@router.get("/audit/head", responses=_ERRORS)
def audit_head(context: Context, device: Device) -> DeviceAuditHead:
    """Where the server's copy of this device's audit chain ends: upload from last_seq + 1."""
    return device_audit.head(context.database, device)


@router.post("/audit", responses=_ERRORS)
def upload_audit(batch: DeviceAuditBatch, context: Context, device: Device) -> DeviceAuditHead:
    """Re-verifies and stores a batch of the device's audit entries (idempotent by seq)."""
    return device_audit.upload(context.database, device, batch)


@router.post("/audit/problem", responses=_ERRORS)
def report_audit_problem(
    problem: DeviceAuditProblem, context: Context, device: Device
) -> DeviceAuditHead:
    """The device found its own chain cut short or changed: recorded for `audit verify`."""
    return device_audit.report_problem(context.database, device, problem)
