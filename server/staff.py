"""Back-office accounts: named district staff, their roles, offices, passwords and lock-out.

People, not shared logins: `kiosk-server user add|disable|reset-password|set-access|list`
and the back office's admin page (server.backoffice.admin_pages) manage them, through the
functions below, and every change
lands in the server's audit chain. Passwords are argon2id (argon2-cffi's recommended
parameters, as for the kiosk operators). After `MAX_FAILED_LOGINS` wrong passwords in a row
the account locks for `LOCKOUT_MINUTES`; a correct password during the lock is refused too, so
guessing gains nothing. A verifikator sees only the offices listed for them; a supervisor and
an admin see the whole district.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.orm import Session

from sync.protocol import OFFICE_CODE_PATTERN, PRINTABLE_PATTERN, USERNAME_PATTERN

from . import audit
from .db import Database
from .errors import Conflict, InvalidRequest, NotFound
from .models import StaffSession, StaffUser, StaffUserOffice, utc_now
from .operators import hash_password

MAX_FAILED_LOGINS = 5
LOCKOUT_MINUTES = 15
_HASHER = PasswordHasher()
_DUMMY_HASH = _HASHER.hash("not-a-real-password")
"""Verified against when the username is unknown, so timing does not reveal who exists."""


class StaffRole(StrEnum):
    VERIFIKATOR = "verifikator"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


@dataclass(frozen=True)
class StaffMember:
    """What the back office knows of a signed-in person; `offices` None = the whole district."""

    username: str
    display_name: str
    role: StaffRole
    offices: frozenset[str] | None
    active: bool

    @property
    def audit_id(self) -> str:
        return f"bo:{self.username}"

    @property
    def is_supervisor(self) -> bool:
        return self.role in (StaffRole.SUPERVISOR, StaffRole.ADMIN)

    def sees_office(self, office_code: str) -> bool:
        return self.offices is None or office_code in self.offices

    def as_dict(self) -> dict[str, object]:
        return {
            "username": self.username,
            "name": self.display_name,
            "role": self.role.value,
            "offices": sorted(self.offices) if self.offices is not None else None,
            "active": self.active,
        }


def _member(session: Session, user: StaffUser) -> StaffMember:
    role = StaffRole(user.role)
    offices: frozenset[str] | None = None
    if role == StaffRole.VERIFIKATOR:
        offices = frozenset(
            session.scalars(
                sa.select(StaffUserOffice.office_code).where(
                    StaffUserOffice.username == user.username
                )
            ).all()
        )
    return StaffMember(user.username, user.display_name, role, offices, user.active)


def check_office_code(office: str) -> None:
    """Raises InvalidRequest unless `office` is a wilayah code (e.g. 51.08.01.2001)."""
    if not re.match(OFFICE_CODE_PATTERN, office):
        raise InvalidRequest(
            f"Kode kantor {office!r} bukan kode wilayah (mis. 51.08.01.2001) / "
            f"office {office!r} is not a wilayah code (e.g. 51.08.01.2001)"
        )


def _check(username: str, display_name: str, role: StaffRole, offices: list[str]) -> None:
    if not re.match(USERNAME_PATTERN, username):
        raise InvalidRequest(
            "Nama pengguna 3-32 huruf kecil/angka (boleh . _ -) / "
            "a username has 3-32 lowercase letters/digits (. _ - allowed)"
        )
    if not display_name.strip() or len(display_name) > 120:
        raise InvalidRequest("Nama tampilan 1-120 karakter / a display name has 1-120 characters")
    if not re.match(PRINTABLE_PATTERN, display_name):
        raise InvalidRequest(
            "Nama tampilan berisi karakter kontrol / the display name has control characters"
        )
    for office in offices:
        check_office_code(office)
    if role == StaffRole.VERIFIKATOR and not offices:
        raise InvalidRequest(
            "Verifikator perlu minimal satu kantor (--office) / "
            "a verifikator needs at least one office (--office)"
        )


def add_user(
    database: Database,
    username: str,
    display_name: str,
    role: StaffRole,
    offices: list[str],
    password: str,
    actor: str,
) -> StaffMember:
    """Creates an account. Raises InvalidRequest (bad input) or Conflict (username taken)."""
    _check(username, display_name, role, offices)
    password_hash = hash_password(password)
    with database.write() as session:
        if session.get(StaffUser, username) is not None:
            raise Conflict(f"Pengguna {username} sudah ada / user {username} exists already")
        now = utc_now()
        session.add(
            StaffUser(
                username=username,
                display_name=display_name,
                role=role.value,
                password_hash=password_hash,
                active=True,
                failed_logins=0,
                created_at=now,
                updated_at=now,
            )
        )
        session.flush()
        for office in sorted(set(offices)):
            session.add(StaffUserOffice(username=username, office_code=office))
        audit.record(session, "staff_user_added", actor, detail=f"{username} {role.value}")
        session.flush()
        return _member(session, session.get(StaffUser, username))  # type: ignore[arg-type]


def disable_user(database: Database, username: str, actor: str) -> None:
    """Disables an account and ends its sessions at once (its next request is refused)."""
    with database.write() as session:
        user = session.get(StaffUser, username, with_for_update=True)
        if user is None:
            raise NotFound(f"Pengguna {username} tidak ada / no user {username}")
        user.active = False
        user.updated_at = utc_now()
        _end_sessions(session, username)
        audit.record(session, "staff_user_disabled", actor, detail=username)


def _end_sessions(session: Session, username: str) -> None:
    session.execute(
        sa.update(StaffSession)
        .where(StaffSession.username == username, StaffSession.ended_at.is_(None))
        .values(ended_at=utc_now())
    )


def reset_password(database: Database, username: str, password: str, actor: str) -> None:
    """Sets a new password, lifts a lock-out and ends the account's sessions; audited."""
    password_hash = hash_password(password)
    with database.write() as session:
        user = session.get(StaffUser, username, with_for_update=True)
        if user is None:
            raise NotFound(f"Pengguna {username} tidak ada / no user {username}")
        user.password_hash = password_hash
        user.failed_logins = 0
        user.locked_until = None
        user.updated_at = utc_now()
        _end_sessions(session, username)
        audit.record(session, "staff_password_reset", actor, detail=username)


def set_access(
    database: Database, username: str, role: StaffRole, offices: list[str], actor: str
) -> StaffMember:
    """Changes an account's role and assigned offices; its open sessions end (the next request
    signs in again with the new rights). Audited; an admin cannot demote themself."""
    with database.write() as session:
        user = session.get(StaffUser, username, with_for_update=True)
        if user is None:
            raise NotFound(f"Pengguna {username} tidak ada / no user {username}")
        _check(username, user.display_name, role, offices)
        if actor == f"bo:{username}" and role != StaffRole(user.role):
            raise InvalidRequest(
                "Peran sendiri tidak dapat diubah; minta admin lain / you cannot change your "
                "own role; ask another admin"
            )
        user.role = role.value
        user.updated_at = utc_now()
        session.execute(sa.delete(StaffUserOffice).where(StaffUserOffice.username == username))
        for office in sorted(set(offices)):
            session.add(StaffUserOffice(username=username, office_code=office))
        _end_sessions(session, username)
        detail = f"{username} {role.value} {','.join(sorted(set(offices))) or '*'}"
        audit.record(session, "staff_access_changed", actor, detail=detail[:500])
        session.flush()
        return _member(session, user)


def list_users(database: Database) -> list[StaffMember]:
    with database.read() as session:
        users = session.scalars(sa.select(StaffUser).order_by(StaffUser.username)).all()
        return [_member(session, user) for user in users]


def get_member(session: Session, username: str) -> StaffMember | None:
    user = session.get(StaffUser, username)
    return None if user is None else _member(session, user)


class SignInRefused(Exception):
    """Wrong username or password, a disabled or a locked account (one message for all)."""

    def __init__(self, locked_until: datetime | None = None) -> None:
        super().__init__("sign-in refused")
        self.locked_until = locked_until


def authenticate(database: Database, username: str, password: str) -> StaffMember:
    """The account when the password is right and the account may sign in; audited.

    Raises:
        SignInRefused: for every refusal alike, so a guesser learns nothing about accounts.
    """
    refused: SignInRefused | None = None
    with database.write() as session:
        user = session.get(StaffUser, username, with_for_update=True) if username else None
        now = utc_now()
        if user is None or len(password) > 256:
            _verify(_DUMMY_HASH, password[:256])
            refused = SignInRefused()
        elif user.locked_until is not None and user.locked_until > now:
            refused = SignInRefused(user.locked_until)
        elif not _verify(user.password_hash, password) or not user.active:
            user.failed_logins += 1
            if user.failed_logins >= MAX_FAILED_LOGINS:
                user.locked_until = now + timedelta(minutes=LOCKOUT_MINUTES)
                user.failed_logins = 0
            locked = user.locked_until if user.locked_until and user.locked_until > now else None
            refused = SignInRefused(locked)
        else:
            user.failed_logins = 0
            user.locked_until = None
            audit.record(session, "staff_signed_in", f"bo:{username}")
            return _member(session, user)
        # Recorded and committed (the failure counter too) before the refusal is raised.
        audit.record(session, "staff_sign_in_refused", f"bo:{username[:32]}")
    raise refused


def check_password(database: Database, member: StaffMember, password: str) -> bool:
    """Re-authentication before a bulk action: the signed-in person types their password."""
    with database.read() as session:
        user = session.get(StaffUser, member.username)
        return user is not None and user.active and _verify(user.password_hash, password[:256])


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
