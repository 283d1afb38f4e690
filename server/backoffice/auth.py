"""Signing in and out, who is signed in, and the CSRF check of every state-changing request."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from .. import staff
from .context import context_of, templates_of
from .sessions import (
    COOKIE_PATH,
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    SignedIn,
    end_session,
    new_token,
    resume_session,
    same_token,
    start_session,
)

router = APIRouter(prefix="/backoffice")
LOGIN_PATH = "/backoffice/login"


class SignInRequired(Exception):
    """Raised by `signed_in`; answered with a redirect to the sign-in page (GET) or 401."""


class CsrfRefused(Exception):
    """A state-changing request without the session's CSRF token: 403, nothing changes."""


def signed_in(request: Request) -> SignedIn:
    context = context_of(request)
    who = resume_session(
        context.database, request.cookies.get(SESSION_COOKIE), context.idle_minutes
    )
    if who is None:
        raise SignInRequired()
    return who


Who = Annotated[SignedIn, Depends(signed_in)]


async def checked_form(request: Request, who: Who) -> FormData:
    """The posted form, once its CSRF token is the session's; CsrfRefused otherwise."""
    form = await request.form()
    token = form.get("csrf_token")
    if not same_token(who.csrf_token, token if isinstance(token, str) else None):
        raise CsrfRefused()
    return form


Form = Annotated[FormData, Depends(checked_form)]


def render(request: Request, name: str, status_code: int = 200, **values: Any) -> HTMLResponse:
    return templates_of(request).TemplateResponse(request, name, values, status_code=status_code)


def _login_page(request: Request, error: str | None = None, status_code: int = 200) -> Response:
    # Reuse the browser's token: a second sign-in page (another tab, or the redirect a
    # favicon request gets) must not invalidate the form already shown.
    existing = request.cookies.get(LOGIN_CSRF_COOKIE) or ""
    token = existing if 40 <= len(existing) <= 64 else new_token()
    response = render(request, "login.html", status_code, csrf_token=token, error=error)
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=context_of(request).secure_cookies,
        path=COOKIE_PATH,
    )
    return response


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> Response:
    return _login_page(request)


@router.post("/login")
async def login(request: Request) -> Response:
    form = await request.form()
    token = form.get("csrf_token")
    if not same_token(
        request.cookies.get(LOGIN_CSRF_COOKIE), token if isinstance(token, str) else None
    ):
        raise CsrfRefused()
    username = str(form.get("username") or "").strip().lower()[:64]
    password = str(form.get("password") or "")
    context = context_of(request)
    try:
        member = staff.authenticate(context.database, username, password)
    except staff.SignInRefused as refused:
        error = "Nama pengguna atau kata sandi salah / wrong username or password"
        if refused.locked_until is not None:
            error = (
                "Akun dikunci sementara karena terlalu banyak percobaan; coba lagi nanti / "
                "the account is locked for a while after too many attempts; try again later"
            )
        return _login_page(request, error, 401)
    cookie, _csrf = start_session(context.database, member)
    response = RedirectResponse("/backoffice/", status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        cookie,
        httponly=True,
        samesite="strict",
        secure=context.secure_cookies,
        path=COOKIE_PATH,
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path=COOKIE_PATH)
    return response


@router.post("/logout")
def logout(request: Request, who: Who, _form: Form) -> Response:
    end_session(context_of(request).database, who.token_sha256)
    response = RedirectResponse(LOGIN_PATH, status_code=303)
    response.delete_cookie(SESSION_COOKIE, path=COOKIE_PATH)
    return response
