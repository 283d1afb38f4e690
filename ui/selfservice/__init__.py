"""The self-service profile (anjungan mandiri): a public kiosk a citizen uses without a login.

What differs from the counter profile, and why:
- Nobody signs in. Applications are made under the profile's own identity (SELF_SERVICE),
  which the audit log and the server record; it has the rights of a petugas, so a document
  that failed a quality check still needs a supervisor's approval.
- Only the application wizard is reachable: no list of applications, no recap, no details of
  anyone else's application.
- The session is WIPED, not kept, when the citizen walks away (idle), presses "Selesai", or
  the kiosk restarts after a power cut: the next citizen must see nothing of the last one.
  A draft exists only while the citizen is typing (so a crash mid-session loses nothing that
  a restart would not wipe anyway).
- A supervisor (or admin) unlocks the kiosk to use it as a counter; signing out, or idling,
  returns it to self-service.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from kiosk.operator import APPROVER_ROLES, AuthError, Operator, Role

if TYPE_CHECKING:
    from kiosk.local_store import Store

log = logging.getLogger("kiosk.ui")

SELF_SERVICE = Operator("selfservice", "Anjungan mandiri", Role.PETUGAS)
"""The identity applications made at a self-service kiosk carry (no person signs in)."""


def wipe_session(store: Store) -> int:
    """Deletes every self-service draft and every captured image no row needs any more.

    Returns how many drafts were deleted. Runs in a worker (the vault scan touches disk).
    """
    from kiosk.store.orphans import collect_orphans, drop_unreferenced

    drafts = store.drafts.list(SELF_SERVICE.username)
    captured: set[str] = set()
    for draft in drafts:
        captured |= store.drafts.delete(draft.id)
    removed = drop_unreferenced(store.core, captured) + collect_orphans(store.core)
    if drafts or removed:
        store.audit.record(
            "session_wiped",
            operator=SELF_SERVICE.username,
            detail=f"{len(drafts)} drafts, {removed} files",
        )
        log.info("self-service session wiped (%d drafts, %d files)", len(drafts), removed)
    return len(drafts)


def unlock(store: Store, username: str, password: str) -> Operator:
    """Signs in a supervisor or admin at a self-service kiosk; a petugas is refused."""
    operator = store.accounts.authenticate(username, password)
    if operator.role in APPROVER_ROLES:
        return operator
    store.audit.record(
        "sign_out", operator=operator.username, detail="not allowed to unlock self-service"
    )
    raise AuthError(
        "Hanya supervisor yang boleh membuka anjungan mandiri",
        "Only a supervisor may unlock the self-service kiosk",
        code="not_allowed",
    )
