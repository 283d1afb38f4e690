"""Signed-in browsers: session cookies, idle expiry, and the CSRF token of every form.

The cookie holds 32 random bytes; the database holds only their SHA-256, so a copy of the
database signs nobody in. Cookies are HttpOnly (no script reads them) and SameSite=Strict (no
other site's page sends them), and Secure when the back office is served over HTTPS. A session
ends when its person signs out, is disabled, or leaves it idle for `idle_minutes`.

CSRF: every state-changing request carries `csrf_token`, a per-session random value written
into each form; the sign-in form, which has no session yet, uses a double-submit cookie. A
missing or wrong token is 403 before anything is read or changed.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa

from ..db import Database
from ..models import StaffSession, StaffUser, utc_now
from ..staff import StaffMember, get_member

SESSION_COOKIE = "bo_session"
LOGIN_CSRF_COOKIE = "bo_login_csrf"
COOKIE_PATH = "/backoffice"
_TOUCH_EVERY = timedelta(seconds=30)


@dataclass(frozen=True)
class SignedIn:
    """The person behind a request and the CSRF token their forms must carry."""

    member: StaffMember
    csrf_token: str
    token_sha256: str


def _sha256(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def start_session(database: Database, member: StaffMember) -> tuple[str, str]:
    """A new session for a signed-in member; returns (cookie value, CSRF token)."""
    token, csrf = new_token(), new_token()
    now = utc_now()
    with database.write() as session:
        session.add(
            StaffSession(
                token_sha256=_sha256(token),
                username=member.username,
                csrf_token=csrf,
                created_at=now,
                last_seen_at=now,
            )
        )
    return token, csrf


def resume_session(database: Database, token: str | None, idle_minutes: int) -> SignedIn | None:
    """The session behind a cookie, or None: unknown, ended, idle too long, or user disabled."""
    if not token or len(token) > 100:
        return None
    digest = _sha256(token)
    now = utc_now()
    with database.read() as session:
        row = session.get(StaffSession, digest)
        if row is None or row.ended_at is not None:
            return None
        user = session.get(StaffUser, row.username)
        if user is None or not user.active:
            return None
        idle = now - row.last_seen_at
        member = get_member(session, row.username)
        csrf = row.csrf_token
    if member is None:
        return None
    if idle > timedelta(minutes=idle_minutes):
        end_session(database, digest)
        return None
    if idle > _TOUCH_EVERY:
        with database.write() as session:
            session.execute(
                sa.update(StaffSession)
                .where(StaffSession.token_sha256 == digest)
                .values(last_seen_at=now)
            )
    return SignedIn(member, csrf, digest)


def end_session(database: Database, token_sha256: str) -> None:
    with database.write() as session:
        session.execute(
            sa.update(StaffSession)
            .where(StaffSession.token_sha256 == token_sha256, StaffSession.ended_at.is_(None))
            .values(ended_at=utc_now())
        )


def same_token(expected: str | None, given: str | None) -> bool:
    """Constant-time comparison; a missing token on either side never matches."""
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode(), given.encode())
