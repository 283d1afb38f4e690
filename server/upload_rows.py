"""An application version and its attachments as the chunk upload reads and writes them.

Every chunk of every kiosk goes through these (server.intake.chunks): plain rows read with
two statements on the tables and written back with one UPDATE per changed row, instead of
ORM objects, whose loading, identity map and unit-of-work flush cost more CPU than the rest
of a chunk's handling (docs/performance.md). What the ORM objects of server.models offer
elsewhere (relationships, lazy loads) the chunk path never needed.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .models import Application, Attachment, Base

APPLICATIONS = Base.metadata.tables[Application.__tablename__]
ATTACHMENTS = Base.metadata.tables[Attachment.__tablename__]


@dataclass
class AttachmentRow:
    pk: int
    document_code: str
    sha256: str
    size: int
    received_bytes: int
    completed_at: datetime | None
    server_sealed_sha256: str | None
    last_chunk_at: datetime | None


@dataclass
class ApplicationRow:
    pk: int
    application_id: uuid.UUID
    version: int
    office_code: str
    status: str
    reason: str | None
    fix: str | None
    seal_key_id: str | None
    received_at: datetime | None
    updated_at: datetime
    attachments: list[AttachmentRow]


_APP_COLUMNS = tuple(f.name for f in fields(ApplicationRow) if f.name != "attachments")
_ATTACHMENT_COLUMNS = tuple(f.name for f in fields(AttachmentRow))
_APP_WRITABLE = ("status", "received_at", "updated_at")
_ATTACHMENT_WRITABLE = ("received_bytes", "completed_at", "server_sealed_sha256", "last_chunk_at")

_LOCK_APPLICATION = (
    sa.select(*(APPLICATIONS.c[name] for name in _APP_COLUMNS))
    .where(
        APPLICATIONS.c.application_id == sa.bindparam("application_id"),
        APPLICATIONS.c.version == sa.bindparam("version"),
    )
    .with_for_update()
)
_ATTACHMENTS_OF = (
    sa.select(*(ATTACHMENTS.c[name] for name in _ATTACHMENT_COLUMNS))
    .where(ATTACHMENTS.c.application_pk == sa.bindparam("application_pk"))
    .order_by(ATTACHMENTS.c.position)
)

_WRITE_ATTACHMENT = (
    sa.update(ATTACHMENTS)
    .where(ATTACHMENTS.c.pk == sa.bindparam("row_pk"))
    .values({name: sa.bindparam(f"new_{name}") for name in _ATTACHMENT_WRITABLE})
)
_WRITE_APPLICATION = (
    sa.update(APPLICATIONS)
    .where(APPLICATIONS.c.pk == sa.bindparam("row_pk"))
    .values({name: sa.bindparam(f"new_{name}") for name in _APP_WRITABLE})
)
"""Built once: building a statement per chunk costs more CPU than executing it."""


@dataclass
class LockedUpload:
    """An application locked for one chunk, with what it was when read (to write changes)."""

    app: ApplicationRow
    read: dict[str, Any]
    read_attachments: dict[int, dict[str, Any]]

    def write(self, session: Session) -> None:
        """One UPDATE per row that changed (all its writable columns)."""
        for attachment in self.app.attachments:
            values = _values(attachment, _ATTACHMENT_WRITABLE)
            if values != _values(self.read_attachments[attachment.pk], _ATTACHMENT_WRITABLE):
                session.execute(_WRITE_ATTACHMENT, {"row_pk": attachment.pk, **values})
        values = _values(self.read, _APP_WRITABLE)
        if _values(self.app, _APP_WRITABLE) != values:
            values = _values(self.app, _APP_WRITABLE)
            session.execute(_WRITE_APPLICATION, {"row_pk": self.app.pk, **values})


def _values(row: object, names: tuple[str, ...]) -> dict[str, Any]:
    """The row's writable columns, as bind parameters of the UPDATE (new_<name>)."""
    if isinstance(row, dict):
        return {f"new_{name}": row[name] for name in names}
    return {f"new_{name}": getattr(row, name) for name in names}


def lock_upload(session: Session, application_id: uuid.UUID, version: int) -> LockedUpload | None:
    """The application locked until commit (SELECT ... FOR UPDATE; SQLite: the writer lock of
    `Database.write`), then its attachments: read after the lock is held, so a racing chunk's
    commit is seen (PostgreSQL reads each statement at its own start in READ COMMITTED)."""
    found = session.execute(
        _LOCK_APPLICATION, {"application_id": application_id, "version": version}
    ).one_or_none()
    if found is None:
        return None
    read = found._asdict()
    attachments = [
        AttachmentRow(**row._asdict())
        for row in session.execute(_ATTACHMENTS_OF, {"application_pk": read["pk"]})
    ]
    app = ApplicationRow(**read, attachments=attachments)
    read_attachments = {
        a.pk: {name: getattr(a, name) for name in _ATTACHMENT_COLUMNS} for a in attachments
    }
    return LockedUpload(app, read, read_attachments)
