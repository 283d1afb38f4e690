"""Every error leaves as the one ErrorBody ({detail, code}), whatever raised it.

Our service errors, FastAPI's validation, Starlette's 404/405, a busy database: each becomes
JSON with the right status and a machine-readable code. That uniformity is what lets the
kiosk classify errors without parsing prose.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException

from sync.protocol import ErrorBody, ErrorCode

from ..errors import ServerError
from .deps import ServerContext

log = logging.getLogger("kiosk.server.api")

_HTTP_CODES = {
    404: ErrorCode.NOT_FOUND,
    408: ErrorCode.STALLED,
    413: ErrorCode.BODY_TOO_LARGE,
}
_HTTP_DETAILS = {
    400: "Isi permintaan tidak dapat dibaca / the request body could not be read",
    404: "Alamat tidak ditemukan / not found",
    405: "Metode tidak diizinkan / method not allowed",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI `responses` of a route that may answer these statuses with ErrorBody."""
    return {status: {"model": ErrorBody} for status in statuses}


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
    response.headers.update(context.gate.retry_after_headers())
    return response


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ServerError, _server_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(OperationalError, _database_busy)
