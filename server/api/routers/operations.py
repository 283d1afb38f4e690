"""Probes and metrics for the operator's tooling: ``/healthz``, ``/readyz``, ``/metrics``.

Outside the versioned API (they belong to systemd, the load balancer and Prometheus, not to
kiosks) and outside the OpenAPI document. `/healthz`: the process answers. `/readyz`: the
database and the attachment storage answer now; 503 otherwise, so a load balancer sends no
kiosk to a process that could only refuse it. `/metrics` answers loopback and the networks of
`--metrics-allow` only (404 to anyone else): the numbers hold no citizen data, but the office
counts and traffic are nobody else's business.
"""

from __future__ import annotations

import ipaddress
import logging

import sqlalchemy as sa
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from ...errors import NotFound, StorageUnavailable
from ..deps import Context

router = APIRouter(include_in_schema=False)
log = logging.getLogger("kiosk.server.api")


@router.get("/healthz")
def healthz() -> JSONResponse:
    """The process is up and answering; checks nothing else."""
    return JSONResponse({"status": "ok"})


@router.get("/readyz")
def readyz(context: Context) -> JSONResponse:
    """Whether the database and the storage answer; 200 when both do, 503 otherwise."""
    database = True
    try:
        with context.database.engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError as exc:
        log.warning("not ready: database unreachable (%s)", type(exc).__name__)
        database = False
    storage = True
    try:
        context.storage.check_reachable()
    except StorageUnavailable:
        storage = False
    ready = database and storage
    return JSONResponse(
        {"ready": ready, "database": database, "storage": storage},
        status_code=200 if ready else 503,
    )


def metrics_allowed(address: str | None, allowed: tuple[str, ...]) -> bool:
    if address is None:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if ip.is_loopback:
        return True
    return any(ip in ipaddress.ip_network(network, strict=False) for network in allowed)


@router.get("/metrics")
def metrics(request: Request, context: Context) -> Response:
    """Prometheus text format, for loopback and the --metrics-allow networks only."""
    address = request.client.host if request.client else None
    if not metrics_allowed(address, context.settings.metrics_allow):
        raise NotFound("Tidak ditemukan / not found")
    return Response(generate_latest(context.metrics.registry), media_type=CONTENT_TYPE_LATEST)
