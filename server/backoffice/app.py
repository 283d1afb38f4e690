"""`create_backoffice_app`: the routers, the error pages and the security headers; nothing else."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import NotFound, ServerError
from ..statuses import STATUS_LABELS
from . import admin_pages, auth, bundle_pages, dates, queue_pages, review_pages
from .context import STATIC_DIR, TEMPLATES_DIR, BackofficeContext
from .outbox_worker import OutboxWorker
from .sessions import SESSION_COOKIE, resume_session

log = logging.getLogger("kiosk.server.backoffice")

SECURITY_HEADERS = {
    b"cache-control": b"no-store",
    b"x-content-type-options": b"nosniff",
    b"x-frame-options": b"DENY",
    b"referrer-policy": b"no-referrer",
    b"content-security-policy": (
        b"default-src 'self'; img-src 'self' blob:; style-src 'self'; script-src 'self'; "
        b"frame-ancestors 'none'; form-action 'self'"
    ),
}


class SecurityHeaders:
    """Citizen data must not stay in a browser cache, be framed, or be sniffed as HTML."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS.items() if k not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, with_headers)


def _wants_html(request: Request) -> bool:
    return request.method == "GET"


def create_backoffice_app(context: BackofficeContext) -> FastAPI:
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        worker = OutboxWorker(context) if context.channels else None
        if worker is not None:
            worker.start()
        try:
            yield
        finally:
            if worker is not None:
                worker.stop()

    app = FastAPI(
        lifespan=lifespan,
        title="Kantor belakang Disdukcapil / district back office",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.backoffice = context
    templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
    templates.env.globals["status_labels"] = {s.value: pair for s, pair in STATUS_LABELS.items()}
    dates.install(templates.env)
    app.state.templates = templates
    app.include_router(auth.router)
    app.include_router(queue_pages.router)
    app.include_router(review_pages.router)
    app.include_router(admin_pages.router)
    app.include_router(bundle_pages.router)
    app.mount("/backoffice/static", StaticFiles(directory=str(STATIC_DIR)), name="static")

    def error_page(request: Request, status: int, message: str) -> Response:
        who = resume_session(
            context.database, request.cookies.get(SESSION_COOKIE), context.idle_minutes
        )
        if who is None:  # signed out: no hint of what exists, only the way to sign in
            return _sign_in(request, auth.SignInRequired())
        return auth.render(request, "error.html", status, who=who, message=message)

    @app.exception_handler(auth.SignInRequired)
    def _sign_in(request: Request, _exc: auth.SignInRequired) -> Response:
        if _wants_html(request):
            return RedirectResponse(auth.login_redirect(request), status_code=303)
        # A form posted after the session ended: the sign-in form itself (401), saying that
        # nothing was saved, and coming back to the page the form was on.
        return auth.login_page(request, auth.SESSION_ENDED, 401, auth.return_path(request))

    @app.exception_handler(auth.CsrfRefused)
    def _csrf(request: Request, _exc: auth.CsrfRefused) -> Response:
        return JSONResponse(
            {
                "detail": "Token formulir tidak sah; muat ulang halaman / "
                "the form token is not valid; reload the page"
            },
            status_code=403,
        )

    @app.exception_handler(admin_pages.AdminRefused)
    def _admin_refused(request: Request, exc: admin_pages.AdminRefused) -> Response:
        return error_page(request, 403, exc.message)

    @app.exception_handler(ServerError)
    def _refused(request: Request, exc: ServerError) -> Response:
        status = 404 if isinstance(exc, NotFound) else exc.status
        return error_page(request, status, exc.detail)

    @app.exception_handler(HTTPException)
    def _http(request: Request, exc: HTTPException) -> Response:
        if exc.status_code == 404:
            return error_page(request, 404, "Halaman tidak ada / no such page")
        return JSONResponse({"detail": str(exc.detail)}, status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    def _invalid(request: Request, _exc: RequestValidationError) -> Response:
        return error_page(request, 400, "Permintaan tidak sah / invalid request")

    @app.get("/")
    def _root() -> Response:
        return RedirectResponse("/backoffice/", status_code=303)

    app.add_middleware(SecurityHeaders)
    return app
