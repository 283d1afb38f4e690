"""Signing in and out, who is signed in, and the CSRF check of every state-changing request."""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
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
HOME_PATH = "/backoffice/"
SESSION_ENDED = (
    "Sesi Anda berakhir karena lama tidak dipakai. Masuk lagi; tindakan tadi belum disimpan. / "
    "Your session ended after a while unused. Sign in again; what you just did was not saved."
)
# Where a sign-in may send the browser back to: a back-office path, never another site.
_SAFE_NEXT = re.compile(r"^/backoffice/[A-Za-z0-9/_.~=&%-]*(\?[A-Za-z0-9/_.~=&%+:-]*)?$")
_APPLICATION_ACTION = re.compile(r"^(/backoffice/applications/[0-9a-fA-F-]{36})/")


class SignInRequired(Exception):
    """Raised by `signed_in`; answered with a redirect to the sign-in page (GET) or 401."""


def safe_next(target: str | None) -> str:
    """`target` when it is a back-office page, else the queue (no open redirect)."""
    if target and _SAFE_NEXT.match(target) and "//" not in target and ".." not in target:
        return target
    return HOME_PATH


def return_path(request: Request) -> str:
    """The page to come back to after signing in again: the page asked for, or for a form
    posted from an application's page, that page (the post itself is not replayed)."""
    path = request.url.path
    if request.method == "GET":
        query = request.url.query
        return safe_next(path + ("?" + query if query else ""))
    action = _APPLICATION_ACTION.match(path)
    if action:
        return action.group(1)
    for section in ("/backoffice/admin/", "/backoffice/bundles/"):
        if path.startswith(section):
            return section
    return HOME_PATH


def login_redirect(request: Request) -> str:
    """The sign-in page's address, carrying where to come back to (the queue needs no hint)."""
    back = return_path(request)
    return LOGIN_PATH if back == HOME_PATH else f"{LOGIN_PATH}?next={quote(back, safe='/')}"


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


def login_page(
    request: Request,
    error: str | None = None,
    status_code: int = 200,
    next_path: str = HOME_PATH,
) -> Response:
    # Reuse the browser's token: a second sign-in page (another tab, or the redirect a
    # favicon request gets) must not invalidate the form already shown.
    existing = request.cookies.get(LOGIN_CSRF_COOKIE) or ""
    token = existing if 40 <= len(existing) <= 64 else new_token()
    response = render(
        request,
        "login.html",
        status_code,
        csrf_token=token,
        error=error,
        next_path=safe_next(next_path),
    )
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
def login_form(
    request: Request, next_path: Annotated[str, Query(alias="next")] = HOME_PATH
) -> Response:
    return login_page(request, next_path=next_path)


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
        return login_page(request, error, 401, str(form.get("next") or HOME_PATH))
    cookie, _csrf = start_session(context.database, member)
    response = RedirectResponse(safe_next(str(form.get("next") or "")), status_code=303)
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
