"""A supervisor's approval of a quality override: who needs one, and the check itself.

A petugas may not decide alone to accept an image that failed a quality check (blur,
glare, ...): a supervisor or admin confirms it with their own password at the petugas's
counter. A supervisor or admin signed in themselves decides without one. The check runs on a
TaskRunner worker (argon2 takes ~0.1 s, and it writes the audit log and the lock-out count).
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.accounts import APPROVER_ROLES, Operator
from kiosk.local_store import Store
from ui.viewmodels.capture import CapturedFile


def needs_approval(operator: Operator | None) -> bool:
    """Whether an override by `operator` waits for a supervisor (nobody signed in: it does)."""
    return operator is None or operator.role not in APPROVER_ROLES


@dataclass(frozen=True)
class OverrideRequest:
    """What the supervisor is asked to approve: this image of this document, for this reason."""

    document: str
    codes: tuple[str, ...]
    reason: str
    requested_by: str

    @classmethod
    def of(cls, captured: CapturedFile, reason: str, requested_by: str) -> OverrideRequest:
        return cls(captured.document, captured.codes, " ".join(reason.split()), requested_by)

    @property
    def purpose(self) -> str:
        """How the approval reads in the audit log ("override kk: blurry for petugas1")."""
        return f"override {self.document}: {','.join(self.codes)}"


def missing_field(username: str, password: str) -> str | None:
    """The field still empty ("username" or "password"), else None.

    Checked before any attempt, so an Enter pressed too early never counts towards the
    supervisor's lock-out.
    """
    if not username.strip():
        return "username"
    if not password:
        return "password"
    return None


def approve_override(store: Store, request: OverrideRequest, username: str, password: str) -> str:
    """Checks the approver's password and role; returns their username.

    Raises AuthError: "wrong_credentials", "locked", or "not_allowed" for a petugas's account.
    Both outcomes are audited by Accounts.approve (approval / approval_failed).
    """
    approver = store.accounts.approve(
        username, password, purpose=request.purpose, on_behalf_of=request.requested_by
    )
    return approver.username
