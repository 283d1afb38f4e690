"""Who works the kiosk, as every screen sees it: an operator, their role, who approves, and the
refusal of a sign-in.

Apart from `kiosk/accounts.py` (the stored accounts: SQLAlchemy, argon2) so the sign-in screen
and the self-service identity can be drawn before the store is opened; accounts re-exports
these names.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.contract import OperatorRole
from kiosk.errors import KioskError

Role = OperatorRole
"""petugas, supervisor, admin: the roles the server syncs (kiosk.contract)."""


APPROVER_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})
"""Who approves what a petugas may not decide alone, and unlocks a self-service kiosk."""


class AuthError(KioskError):
    code = "auth_failed"


@dataclass(frozen=True)
class Operator:
    username: str
    display_name: str
    role: Role
