"""The FastAPI application: wiring of context, middleware, error handlers and routes.

It wires and does nothing else: the context and the dependencies handlers take live in
server.api.deps, the error bodies in server.api.error_bodies, the routes (one module per
resource) in server.api.routers.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from sync.protocol import API_VERSION

from ..audit import BACKLOG_SWEEP_SECONDS
from ..config import ServerSettings
from ..db import Database
from .deps import build_context
from .error_bodies import install_error_handlers
from .middleware import ApiMarkerMiddleware, BodyLimitMiddleware
from .observability import ObservabilityMiddleware
from .openapi import install_strict_openapi
from .routers import ROUTERS
from .slow_clients import PreAuthGateMiddleware, SlowBodyMiddleware

log = logging.getLogger("kiosk.server.api")


async def _sweep_audit_backlog(database: Database) -> None:
    """Chains audit entries that found the head busy at their commit (server.audit)."""
    failing = False
    while True:
        await asyncio.sleep(BACKLOG_SWEEP_SECONDS)
        try:
            await run_in_threadpool(database.chain_audit_backlog)
        except Exception as exc:  # noqa: BLE001 - a database outage: /readyz says so; retried
            if not failing:  # once per outage, not every half second
                log.warning("audit backlog not chained (%s); retrying", type(exc).__name__)
            failing = True
        else:
            if failing:
                log.info("audit backlog chained again")
            failing = False


def create_app(settings: ServerSettings, database: Database | None = None) -> FastAPI:
    """A ready application. The schema must already be migrated (`kiosk-server migrate`).

    Args:
        settings: where the database and data dir are, and the back-pressure limits.
        database: an existing Database to share (tests); otherwise one is made and disposed
            of with the application.
    """
    context = build_context(settings, database)
    owns_database = database is None

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        sweeper = None
        if not context.database.is_sqlite:
            sweeper = asyncio.create_task(_sweep_audit_backlog(context.database))
        yield
        if sweeper is not None:
            sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sweeper
        if owns_database:
            context.database.dispose()

    app = FastAPI(
        title="kiosk-server",
        version=str(API_VERSION),
        description="Intake of the kelurahan kiosks: enrollment, applications, status feed, "
        "operators, audit upload, credential rotation, the sealing key.",
        lifespan=lifespan,
        redoc_url=None,  # one docs page is enough surface (and one CSP to maintain)
    )
    app.state.context = context
    for router in ROUTERS:
        app.include_router(router)
    install_strict_openapi(app)
    install_error_handlers(app)
    app.add_middleware(BodyLimitMiddleware)
    app.add_middleware(SlowBodyMiddleware, settings=settings)
    app.add_middleware(PreAuthGateMiddleware, settings=settings)  # refuses before any read
    app.add_middleware(ApiMarkerMiddleware)  # marks every answer
    # Outermost: every answer (refusals of the middlewares too) is counted and logged.
    app.add_middleware(ObservabilityMiddleware, metrics=lambda: context.metrics)
    return app
