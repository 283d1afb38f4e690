"""HTTP routes of protocol version 1, one module per resource (see sync.protocol).

Handlers stay thin: parse and authenticate (server.api.deps), decide in the service modules
(server.enrollment, server.intake, server.feed, ...). Blocking work (database, fsync) runs in
the thread pool; only the chunk upload is async, because it must read its raw body and hold
an upload slot while doing so.
"""

from __future__ import annotations

from fastapi import APIRouter

from . import (
    applications,
    audit,
    distribution,
    enrollment,
    feed,
    health,
    keys,
    operations,
    operators,
    survey,
)

ROUTERS: tuple[APIRouter, ...] = (
    health.router,
    enrollment.router,
    applications.router,
    feed.router,
    operators.router,
    audit.router,
    keys.router,
    distribution.router,
    survey.router,
    operations.router,
)
"""In the order the OpenAPI document lists them."""
