"""Append-only audit log of the server (INVARIANT 4): who did what to which application.

Rows are only ever inserted, in the same transaction as the change they describe, so the log
and the data cannot disagree. `detail` is for codes and counts, never citizen data.
"""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from .models import AuditEvent


def record(
    session: Session,
    action: str,
    operator_id: str,
    *,
    device_id: uuid.UUID | None = None,
    application_id: uuid.UUID | None = None,
    version: int | None = None,
    detail: str | None = None,
) -> None:
    """Adds one audit row to the caller's transaction."""
    session.add(
        AuditEvent(
            action=action,
            operator_id=operator_id,
            device_id=device_id,
            application_id=application_id,
            version=version,
            detail=detail[:500] if detail else None,
        )
    )
