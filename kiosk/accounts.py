"""Named operators of this device: no shared logins, argon2id password hashes, lock-out.

Before the device is enrolled, a first-run path creates the first operator on the device
itself; after that only a supervisor or admin (with their password) adds more. Once the
server's operator list for this office has been taken, the server alone manages accounts:
every local account it does not list is retired (the first-run one too) and no account can
be added on the device (docs/security.md, "Kiosk side").
"""

from __future__ import annotations

import base64
import functools
import re
import secrets
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select

from kiosk.audit import AuditLog
from kiosk.contract import MIN_PASSWORD_LENGTH, USERNAME_PATTERN
from kiosk.errors import KioskError
from kiosk.operator import APPROVER_ROLES, AuthError, Operator, Role
from kiosk.store.clock import as_utc, utcnow
from kiosk.store.core import StoreCore
from kiosk.store.machine_state import CREDENTIAL, OPERATORS_MANAGED, read_in, write_in
from kiosk.store.models import OperatorRow

_USERNAME_RE = re.compile(USERNAME_PATTERN)
MAX_FAILURES = 5
LOCK_MINUTES = 5
_SEALED = "kv1:"
_HASHER = PasswordHasher()  # argon2id with the library's current recommended parameters
__all__ = ["APPROVER_ROLES", "Accounts", "AuthError", "Operator", "Role"]


class Accounts:
    def __init__(self, core: StoreCore, audit: AuditLog) -> None:
        self._core = core
        self._audit = audit

    def count(self) -> int:
        with self._core.read_session() as session:
            return int(session.scalar(select(func.count()).select_from(OperatorRow)) or 0)

    def needs_first_run(self) -> bool:
        """No operator yet on a device not enrolled: the first one is made here."""
        with self._core.read_session() as session:
            if read_in(session, CREDENTIAL) or read_in(session, OPERATORS_MANAGED):
                return False  # an enrolled device takes its operators from the server
        return self.count() == 0

    def server_managed(self) -> bool:
        """Whether the server's operator list rules this device (no local accounts)."""
        with self._core.read_session() as session:
            return bool(read_in(session, OPERATORS_MANAGED))

    def create(
        self,
        username: str,
        display_name: str,
        password: str,
        role: Role,
        *,
        created_by: Operator | None = None,
    ) -> Operator:
        username = username.strip().lower()
        if not _USERNAME_RE.match(username):
            raise AuthError(
                "Nama pengguna 3-32 huruf kecil/angka (boleh . _ -)",
                "A username has 3-32 lowercase letters/digits (. _ - allowed)",
                code="username_invalid",
            )
        if len(password) < MIN_PASSWORD_LENGTH:
            raise AuthError(
                f"Kata sandi minimal {MIN_PASSWORD_LENGTH} karakter",
                f"A password has at least {MIN_PASSWORD_LENGTH} characters",
                code="password_too_short",
            )
        if self.server_managed():
            raise AuthError(
                "Akun petugas perangkat ini dikelola server Dukcapil: tambahkan di server "
                "(kiosk-server operator add), lalu sinkronkan",
                "This device's operators are managed by the district server: add the "
                "account there (kiosk-server operator add), then sync",
                code="server_managed",
            )
        first_run = self.needs_first_run()
        if not first_run and (created_by is None or created_by.role is Role.PETUGAS):
            raise AuthError(
                "Hanya supervisor atau admin yang bisa menambah petugas",
                "Only a supervisor or admin can add operators",
                code="not_allowed",
            )
        with self._core.write_session() as session:
            if session.get(OperatorRow, username) is not None:
                raise AuthError(
                    "Nama pengguna sudah dipakai", "That username is taken", code="username_taken"
                )
            session.add(
                OperatorRow(
                    username=username,
                    display_name=display_name.strip()[:120] or username,
                    role=role.value,
                    password_hash=self._protect(username, _HASHER.hash(password)),
                    active=True,
                    failed_attempts=0,
                    created_at=utcnow(),
                )
            )
            self._audit.record_in(
                session,
                "operator_created",
                operator=created_by.username if created_by else username,
                detail=f"{username} ({role.value}){' first run' if first_run else ''}",
            )
        return Operator(username, display_name, role)

    def replace_from_server(self, records: list[dict[str, Any]]) -> int:
        """The server's list of this office's operators becomes the device's.

        Accounts on the server win over local ones with the same username, so an operator
        disabled at the district office cannot sign in here, even offline; a local account
        the list does not name (a first-run account, one added on the device) is retired, as
        the protocol says of operators missing from the list. An empty list (a server that
        manages no operators for this office yet, like the demo's) changes nothing, so an
        office is never locked out of its own device by an unset server.
        """
        changed = 0
        if not records:
            return 0
        listed = {str(r["username"]) for r in records}
        with self._core.write_session() as session:
            write_in(session, OPERATORS_MANAGED, "yes")
            retired = []
            for local in session.scalars(
                select(OperatorRow)
                .where(OperatorRow.active.is_(True))
                .order_by(OperatorRow.username)
            ):
                if local.username not in listed:
                    local.active = False
                    retired.append(local.username)
            changed += len(retired)
            if retired:
                self._audit.record_in(
                    session,
                    "operators_synced",
                    operator="system:sync",
                    detail=f"retired local accounts not on the server: {', '.join(retired)}",
                )
            for record in records:
                row = session.get(OperatorRow, record["username"])
                if row is None:
                    row = OperatorRow(
                        username=record["username"], failed_attempts=0, created_at=utcnow()
                    )
                    session.add(row)
                values = (
                    record["display_name"],
                    record["role"],
                    record["password_hash"],
                    bool(record["active"]),
                )
                held = self._reveal(row.username, row.password_hash) if row.password_hash else None
                if (row.display_name, row.role, held, row.active) != values:
                    row.display_name, row.role, row.active = values[0], values[1], values[3]
                    row.password_hash = self._protect(row.username, values[2])
                    changed += 1
            if changed:
                self._audit.record_in(
                    session,
                    "operators_synced",
                    operator="system:sync",
                    detail=f"{changed} accounts updated from the server",
                )
        return changed

    # Password hashes are kept under the device key, so a copied data folder without the
    # key gives no hash to attack offline (docs/security.md). Rows from before this (plain
    # argon2 strings) still verify and are protected at the next successful sign-in.
    def _protect(self, username: str, password_hash: str) -> str:
        blob = self._core.keys.encrypt(password_hash.encode(), _hash_aad(username))
        return _SEALED + base64.b64encode(blob).decode("ascii")

    def _reveal(self, username: str, stored: str) -> str:
        if not stored.startswith(_SEALED):
            return stored
        try:
            blob = base64.b64decode(stored[len(_SEALED) :])
            return self._core.keys.decrypt(blob, _hash_aad(username)).decode()
        except (ValueError, KioskError):
            return ""  # damaged or moved between rows: never matches any password

    def authenticate(self, username: str, password: str, now: datetime | None = None) -> Operator:
        """Signs an operator in (audited as sign_in / sign_in_failed)."""
        return self._check(username, password, now, ("sign_in", "sign_in_failed"), "")

    def approve(
        self,
        username: str,
        password: str,
        *,
        purpose: str,
        on_behalf_of: str,
        now: datetime | None = None,
    ) -> Operator:
        """A supervisor (or admin) confirms a decision at someone else's session.

        Used for what a petugas may not decide alone: accepting a document that failed a
        quality check, unlocking a self-service kiosk. Wrong passwords count towards the
        same lock-out as sign-ins. Audited as approval / approval_failed, naming the
        approver, whose session it was, and what was approved.
        """
        detail = f"{purpose} for {on_behalf_of}"
        operator = self._check(username, password, now, ("approval", "approval_failed"), detail)
        if operator.role not in APPROVER_ROLES:
            self._audit.record(
                "approval_failed", operator=operator.username, detail=f"{detail}: not allowed"
            )
            raise AuthError(
                "Hanya supervisor yang boleh menyetujui ini",
                "Only a supervisor may approve this",
                code="not_allowed",
            )
        return operator

    def _check(
        self,
        username: str,
        password: str,
        now: datetime | None,
        actions: tuple[str, str],
        detail: str,
    ) -> Operator:
        success, failure = actions
        now = now or utcnow()
        username = username.strip().lower()
        wrong = AuthError(
            "Nama pengguna atau kata sandi salah",
            "Wrong username or password",
            code="wrong_credentials",
        )
        locked_for: int | None = None
        with self._core.write_session() as session:
            row = session.get(OperatorRow, username)
            if row is None or not row.active:
                # The same argon2 work as a wrong password, so the answer's timing does not
                # tell which usernames exist. Recorded, then refused after the commit
                # (raising here would roll the record back).
                _password_matches(_decoy_hash(), password)
                self._audit.record_in(session, failure, operator=username[:64], detail=detail)
            elif row.locked_until is not None and as_utc(row.locked_until) > now:
                _password_matches(_decoy_hash(), password)
                locked_for = int((as_utc(row.locked_until) - now).total_seconds() // 60) + 1
                self._audit.record_in(
                    session, failure, operator=username, detail=_joined(detail, "locked")
                )
            elif not _password_matches(self._reveal(username, row.password_hash), password):
                row.failed_attempts += 1
                if row.failed_attempts >= MAX_FAILURES:
                    row.locked_until = now + timedelta(minutes=LOCK_MINUTES)
                    row.failed_attempts = 0
                self._audit.record_in(session, failure, operator=username, detail=detail)
            else:
                row.failed_attempts, row.locked_until = 0, None
                held = self._reveal(username, row.password_hash)
                if _HASHER.check_needs_rehash(held) or not row.password_hash.startswith(_SEALED):
                    row.password_hash = self._protect(username, _HASHER.hash(password))
                self._audit.record_in(session, success, operator=username, detail=detail)
                return Operator(row.username, row.display_name, Role(row.role))
        if locked_for is not None:
            raise AuthError(
                f"Akun terkunci karena salah kata sandi berulang; coba lagi {locked_for} menit "
                "lagi atau minta supervisor membuka",
                f"The account is locked after repeated wrong passwords; try again in "
                f"{locked_for} minutes or ask a supervisor",
                code="locked",
            )
        raise wrong


def _joined(detail: str, note: str) -> str:
    return f"{detail}; {note}" if detail else note


@functools.cache
def _decoy_hash() -> str:
    """A hash no password is tried against for real: checked for unknown and locked accounts
    so every refusal costs one argon2 verification (made once, on the first such attempt)."""
    return _HASHER.hash(secrets.token_urlsafe(16))


def _hash_aad(username: str) -> bytes:
    return f"operator/{username}/password".encode()


def _password_matches(password_hash: str, password: str) -> bool:
    try:
        return bool(_HASHER.verify(password_hash, password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
