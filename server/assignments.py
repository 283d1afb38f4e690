"""Who holds an application: taking it, releasing it, a supervisor reassigning it; audited.

An assignment covers every version of an application (a correction comes back to the same
verifier). Others see the holder in the queues and on the review page; only the holder or a
supervisor can release it, and only a supervisor takes over one someone else holds.
"""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from . import audit
from .db import Database
from .errors import Conflict, InvalidRequest
from .models import ApplicationAssignment, StaffUser, utc_now
from .staff import StaffMember
from .worklist import visible_version


def holder_of(session: Session, application_id: uuid.UUID) -> str | None:
    row = session.get(ApplicationAssignment, application_id)
    return None if row is None else row.username


def take(database: Database, member: StaffMember, application_id: uuid.UUID) -> None:
    """Assigns the application to the member. Someone else's: only a supervisor takes it over.

    Raises:
        NotFound: not visible to the member.
        Conflict: another verifier holds it (the message names them).
    """
    with database.write() as session:
        visible_version(session, member, application_id)
        row = session.get(ApplicationAssignment, application_id, with_for_update=True)
        if row is not None and row.username == member.username:
            return
        if row is not None and not member.is_supervisor:
            raise Conflict(
                f"Permohonan ini sedang dipegang {row.username} / {row.username} holds it"
            )
        previous = row.username if row is not None else None
        if row is None:
            session.add(
                ApplicationAssignment(
                    application_id=application_id,
                    username=member.username,
                    assigned_at=utc_now(),
                )
            )
        else:
            row.username, row.assigned_at = member.username, utc_now()
        audit.record(
            session,
            "assignment_taken",
            member.audit_id,
            application_id=application_id,
            detail=f"from {previous}" if previous else None,
        )


def release(
    database: Database,
    member: StaffMember,
    application_id: uuid.UUID,
    reassign_to: str | None = None,
) -> None:
    """Releases an application (its holder, or a supervisor); a supervisor may reassign it."""
    with database.write() as session:
        visible_version(session, member, application_id)
        row = session.get(ApplicationAssignment, application_id, with_for_update=True)
        if row is None and reassign_to is None:
            return
        if row is not None and row.username != member.username and not member.is_supervisor:
            raise Conflict(
                f"Hanya {row.username} atau supervisor yang dapat melepasnya / "
                f"only {row.username} or a supervisor can release it"
            )
        if reassign_to is not None:
            if not member.is_supervisor:
                raise InvalidRequest(
                    "Hanya supervisor yang dapat mengalihkan / only a supervisor reassigns"
                )
            target = session.get(StaffUser, reassign_to)
            if target is None or not target.active:
                raise InvalidRequest(
                    f"Pengguna {reassign_to} tidak ada atau nonaktif / "
                    f"user {reassign_to} does not exist or is disabled"
                )
            if row is None:
                session.add(
                    ApplicationAssignment(
                        application_id=application_id, username=reassign_to, assigned_at=utc_now()
                    )
                )
            else:
                row.username, row.assigned_at = reassign_to, utc_now()
            action, detail = "assignment_reassigned", reassign_to
        else:
            assert row is not None
            detail = row.username
            session.delete(row)
            action = "assignment_released"
        audit.record(session, action, member.audit_id, application_id=application_id, detail=detail)
