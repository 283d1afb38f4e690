"""Named operator accounts, managed on the server and synced to the devices of their office.

The server is the source of truth: `kiosk-server operator add|disable|enable|password`
change it, every change bumps the operator's `version` and lands in the audit chain, and
devices fetch their office's list (GET /operators) to verify sign-ins offline. Passwords are
argon2id hashes with argon2-cffi's recommended parameters (the kiosk uses the same, so a
synced hash never needs rehashing on the device). Why shipping hashes to enrolled devices is
acceptable, and what it risks: docs/security.md.
"""

from __future__ import annotations

import logging
import re

import sqlalchemy as sa
from argon2 import PasswordHasher
from sqlalchemy.orm import Session

from sync.protocol import (
    MIN_PASSWORD_LENGTH,
    OFFICE_CODE_PATTERN,
    PRINTABLE_PATTERN,
    USERNAME_PATTERN,
    OperatorList,
    OperatorRecord,
    OperatorRole,
    canonical_sha256,
)

from . import audit
from .db import Database
from .errors import Conflict, InvalidRequest, NotFound
from .models import Operator, utc_now

log = logging.getLogger("kiosk.server.operators")

MAX_PASSWORD_LENGTH = 256  # hashing cost is per byte too: refuse megabyte "passwords"
_HASHER = PasswordHasher()


def hash_password(password: str) -> str:
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise InvalidRequest(
            f"Kata sandi harus {MIN_PASSWORD_LENGTH}-{MAX_PASSWORD_LENGTH} karakter / "
            f"a password has {MIN_PASSWORD_LENGTH}-{MAX_PASSWORD_LENGTH} characters"
        )
    return _HASHER.hash(password)


def _check_identity(username: str, office_code: str, display_name: str) -> None:
    if not re.match(USERNAME_PATTERN, username):
        raise InvalidRequest(
            "Nama pengguna 3-32 huruf kecil/angka (boleh . _ -) / "
            "a username has 3-32 lowercase letters/digits (. _ - allowed)"
        )
    if not re.match(OFFICE_CODE_PATTERN, office_code):
        raise InvalidRequest(
            "Kode kantor harus kode wilayah (mis. 51.08.01.2001) / "
            "the office must be a wilayah code (e.g. 51.08.01.2001)"
        )
    if not display_name.strip() or len(display_name) > 120:
        raise InvalidRequest("Nama tampilan 1-120 karakter / a display name has 1-120 characters")
    if not re.match(PRINTABLE_PATTERN, display_name):
        raise InvalidRequest(
            "Nama tampilan berisi karakter kontrol / the display name has control characters"
        )


def add_operator(
    database: Database,
    username: str,
    office_code: str,
    display_name: str,
    role: OperatorRole,
    password: str,
    actor: str,
) -> Operator:
    """Creates an operator; the username is unique across the district (audit attribution).

    Raises:
        InvalidRequest: a malformed username, office, name or password.
        Conflict: the username is taken (in any office).
    """
    username = username.strip().lower()
    display_name = display_name.strip()
    _check_identity(username, office_code, display_name)
    password_hash = hash_password(password)
    now = utc_now()
    with database.write() as session:
        if session.get(Operator, username, with_for_update=True) is not None:
            raise Conflict(
                f"Nama pengguna '{username}' sudah dipakai / username '{username}' is taken"
            )
        operator = Operator(
            username=username,
            office_code=office_code,
            display_name=display_name,
            role=role.value,
            password_hash=password_hash,
            active=True,
            version=1,
            created_at=now,
            updated_at=now,
        )
        session.add(operator)
        audit.record(
            session, "operator_added", actor, detail=f"{username} {role.value} {office_code}"
        )
    log.info("operator %s (%s) added to office %s", username, role.value, office_code)
    return operator


def _change(session: Session, username: str) -> Operator:
    operator = session.get(Operator, username.strip().lower(), with_for_update=True)
    if operator is None:
        raise NotFound(f"Petugas '{username}' tidak ada / no operator '{username}'")
    return operator


def set_active(database: Database, username: str, active: bool, actor: str) -> bool:
    """Disables (or re-enables) an operator; returns False when it already was so."""
    with database.write() as session:
        operator = _change(session, username)
        if operator.active == active:
            return False
        operator.active = active
        operator.version += 1
        operator.updated_at = utc_now()
        action = "operator_enabled" if active else "operator_disabled"
        audit.record(session, action, actor, detail=operator.username)
    log.info("operator %s %s", operator.username, "enabled" if active else "disabled")
    return True


def set_password(database: Database, username: str, password: str, actor: str) -> None:
    """Replaces an operator's password (e.g. forgotten); devices pick it up on next sync."""
    password_hash = hash_password(password)
    with database.write() as session:
        operator = _change(session, username)
        operator.password_hash = password_hash
        operator.version += 1
        operator.updated_at = utc_now()
        audit.record(session, "operator_password_set", actor, detail=operator.username)
    log.info("operator %s has a new password", operator.username)


def list_operators(database: Database, office_code: str | None = None) -> list[dict[str, object]]:
    """For the CLI: everything but the password hash."""
    query = sa.select(Operator).order_by(Operator.office_code, Operator.username)
    if office_code:
        query = query.where(Operator.office_code == office_code)
    with database.read() as session:
        return [
            {
                "username": o.username,
                "office_code": o.office_code,
                "display_name": o.display_name,
                "role": o.role,
                "active": o.active,
                "version": o.version,
                "updated_at": o.updated_at.isoformat(),
            }
            for o in session.scalars(query)
        ]


def office_operators(database: Database, office_code: str) -> OperatorList:
    """What a device of `office_code` needs to verify sign-ins offline (GET /operators)."""
    with database.read() as session:
        rows = session.scalars(
            sa.select(Operator)
            .where(Operator.office_code == office_code)
            .order_by(Operator.username)
        ).all()
        records = [
            OperatorRecord(
                username=o.username,
                display_name=o.display_name,
                role=OperatorRole(o.role),
                password_hash=o.password_hash,
                active=o.active,
                version=o.version,
                updated_at=o.updated_at,
            )
            for o in rows
        ]
    return OperatorList(
        office_code=office_code,
        operators=records,
        revision=canonical_sha256([r.model_dump(mode="json") for r in records]),
    )
