"""The FastAPI application: wiring of context, middleware, error handlers and routes.

Every error leaves as ErrorBody JSON ({detail, code}) with the right status, whatever raised
it: our service errors, FastAPI's validation, Starlette's 404/405, a busy database. That
uniformity is what lets the kiosk classify errors without parsing prose.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException

from sync.protocol import API_VERSION, HEADER_RETRY_AFTER, ErrorCode

from ..config import ServerSettings
from ..db import Database
from ..enrollment import load_server_key
from ..errors import ServerError
from ..sealing import KeyRing
from ..storage import AttachmentStorage, LocalDiskStorage
from .backpressure import UploadGate
from .middleware import ApiMarkerMiddleware, BodyLimitMiddleware
from .openapi import install_strict_openapi
from .ratelimit import TokenBuckets

log = logging.getLogger("kiosk.server.api")

_HTTP_CODES = {
    404: ErrorCode.NOT_FOUND,
    413: ErrorCode.BODY_TOO_LARGE,
}
_HTTP_DETAILS = {
    400: "Isi permintaan tidak dapat dibaca / the request body could not be read",
    404: "Alamat tidak ditemukan / not found",
    405: "Metode tidak diizinkan / method not allowed",
}


@dataclass
class ServerContext:
    """What request handlers need; one per application instance, no globals."""

    settings: ServerSettings
    database: Database
    storage: AttachmentStorage
    server_key: bytes
    gate: UploadGate
    device_limiter: TokenBuckets
    enroll_limiter: TokenBuckets
    keyring: KeyRing


def _error(status: int, detail: str, code: ErrorCode, **extra: Any) -> JSONResponse:
    return JSONResponse({"detail": detail, "code": code.value, **extra}, status_code=status)


async def _server_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ServerError)
    response = _error(exc.status, exc.detail, exc.code)
    response.headers.update(exc.headers)
    return response


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    # Only where and why: the offending input may be citizen data, so it is not echoed.
    errors = [
        {"loc": [str(part) for part in error.get("loc", ())], "msg": str(error.get("msg", ""))}
        for error in exc.errors()[:20]
    ]
    return _error(
        422,
        "Data permintaan tidak valid / invalid request data",
        ErrorCode.INVALID_REQUEST,
        errors=errors,
    )


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    code = _HTTP_CODES.get(exc.status_code, ErrorCode.INVALID_REQUEST)
    detail = _HTTP_DETAILS.get(exc.status_code, str(exc.detail))
    response = _error(exc.status_code, detail, code)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


async def _database_busy(request: Request, exc: Exception) -> JSONResponse:
    # The message of a DBAPI error can quote SQL parameters: log the class names only.
    orig = getattr(exc, "orig", None)
    log.warning("database unavailable (%s/%s)", type(exc).__name__, type(orig).__name__)
    response = _error(
        503,
        "Basis data sibuk; coba lagi sebentar / database busy; retry shortly",
        ErrorCode.OVERLOADED,
    )
    context: ServerContext = request.app.state.context
    response.headers[HEADER_RETRY_AFTER] = str(context.settings.retry_after_seconds)
    return response


def build_context(settings: ServerSettings, database: Database | None = None) -> ServerContext:
    return ServerContext(
        settings=settings,
        database=database or Database(settings.database_url),
        storage=LocalDiskStorage(settings.attachments_dir),
        server_key=load_server_key(settings.keys_dir),
        gate=UploadGate(
            settings.max_concurrent_uploads,
            settings.max_uploads_per_device,
            settings.retry_after_seconds,
        ),
        device_limiter=TokenBuckets(settings.device_rate, settings.device_burst),
        enroll_limiter=TokenBuckets(settings.enroll_rate, settings.enroll_burst),
        keyring=KeyRing(settings.seal_keys_dir),
    )


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
        yield
        if owns_database:
            context.database.dispose()

    from .routes import router
    from .security_routes import router as security_router

    app = FastAPI(
        title="kiosk-server",
        version=str(API_VERSION),
        description="Intake of the kelurahan kiosks: enrollment, applications, status feed, "
        "operators, audit upload, credential rotation, the sealing key.",
        lifespan=lifespan,
        redoc_url=None,  # one docs page is enough surface (and one CSP to maintain)
    )
    app.state.context = context
    app.include_router(router)
    app.include_router(security_router)
    install_strict_openapi(app)
    app.add_exception_handler(ServerError, _server_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(OperationalError, _database_busy)
    app.add_middleware(BodyLimitMiddleware)
    app.add_middleware(ApiMarkerMiddleware)  # added last = outermost: marks every answer
    return app
