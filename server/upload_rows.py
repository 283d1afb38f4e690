"""An application version and its attachments as the intake writes and reads them.

Every chunk of every kiosk goes through these (server.intake.chunks): plain rows read with
two statements on the tables and written back with one UPDATE per changed row, instead of
ORM objects, whose loading, identity map and unit-of-work flush cost more CPU than the rest
of a chunk's handling (docs/performance.md). A new manifest (server.intake.manifests, the
one request of every application of a herd) is inserted the same way: one INSERT of the
application with its final status and one INSERT of all its attachments (`insert_upload`).
What the ORM objects of server.models offer elsewhere (relationships, lazy loads) these
paths never needed.
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
    number: str
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
_INSERT_APPLICATION = sa.insert(APPLICATIONS).returning(APPLICATIONS.c.pk)
_INSERTED_COLUMNS = tuple(column.name for column in APPLICATIONS.c if column.name != "pk")
_blob_reuse = sa.select(
    sa.func.pg_advisory_xact_lock_shared(sa.bindparam("blob_reuse_lock", type_=sa.BigInteger))
).cte("blob_reuse")


def _typed(column: sa.Column[Any]) -> sa.ColumnElement[Any]:
    """The column's parameter, cast to its type unless a string: a parameter in a SELECT list
    has no type of its own (text), and a cast to VARCHAR(n) would cut a longer value where an
    INSERT refuses it."""
    value = sa.bindparam(column.name, type_=column.type)
    return value if isinstance(column.type, sa.String) else sa.cast(value, column.type)


_INSERT_APPLICATION_LOCKED = (
    sa.insert(APPLICATIONS)
    .from_select(
        _INSERTED_COLUMNS,
        sa.select(*(_typed(APPLICATIONS.c[name]) for name in _INSERTED_COLUMNS)).select_from(
            _blob_reuse
        ),
    )
    .returning(APPLICATIONS.c.pk)
)
"""PostgreSQL: the shared blob-reuse lock and the insert in one statement (one round trip
fewer). The lock is a volatile function in a WITH query, so PostgreSQL runs it exactly once,
before the row is inserted."""
_INSERT_ATTACHMENTS = sa.insert(ATTACHMENTS).returning(
    ATTACHMENTS.c.pk, sort_by_parameter_order=True
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


@dataclass(frozen=True)
class NewUpload:
    """What a new application's rows hold beyond its `ApplicationRow` (set on insert)."""

    parent_version: int | None
    service_code: str
    device_id: uuid.UUID
    submitted_by: str
    fields: dict[str, Any]
    sealed_fields: bytes | None
    manifest_sha256: str
    created_at: datetime
    uploaded_at: datetime
    content_types: tuple[str, ...]
    """One per attachment, in the order of `ApplicationRow.attachments` (their positions)."""


def insert_upload(
    session: Session, app: ApplicationRow, new: NewUpload, *, blob_reuse_lock: int | None = None
) -> None:
    """Inserts a new application and its attachments as they stand; sets their `pk`s.

    Two statements: the application (RETURNING its key), then every attachment in one
    multi-row INSERT. `app` is built, and its status decided, before: a one-request upload
    is inserted `received` at once, with no UPDATE after. `blob_reuse_lock`: the key of
    server.db.lock_blob_reuse, taken shared by the application's INSERT itself (PostgreSQL;
    SQLite's one writer orders the intake against retention already).
    """
    values: dict[str, Any] = {name: None for name in _INSERTED_COLUMNS}
    values.update((name, getattr(app, name)) for name in _APP_COLUMNS if name != "pk")
    values.update(
        parent_version=new.parent_version,
        service_code=new.service_code,
        device_id=new.device_id,
        submitted_by=new.submitted_by,
        fields=new.fields,
        sealed_fields=new.sealed_fields,
        manifest_sha256=new.manifest_sha256,
        created_at=new.created_at,
        uploaded_at=new.uploaded_at,
    )
    statement = _INSERT_APPLICATION
    if blob_reuse_lock is not None and session.get_bind().dialect.name == "postgresql":
        statement = _INSERT_APPLICATION_LOCKED
        values["blob_reuse_lock"] = blob_reuse_lock
    app.pk = session.execute(statement, values).scalar_one()
    if not app.attachments:
        return
    rows = [
        {
            **{name: getattr(attachment, name) for name in _ATTACHMENT_COLUMNS if name != "pk"},
            "application_pk": app.pk,
            "position": position,
            "content_type": content_type,
        }
        for position, (attachment, content_type) in enumerate(
            zip(app.attachments, new.content_types, strict=True)
        )
    ]
    keys = session.execute(_INSERT_ATTACHMENTS, rows).scalars().all()
    for attachment, pk in zip(app.attachments, keys, strict=True):
        attachment.pk = pk
