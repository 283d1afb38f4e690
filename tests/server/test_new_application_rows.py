"""A new application's rows as the intake inserts them (server.upload_rows.insert_upload).

Plain INSERTs instead of ORM objects: these check what the ORM used to guarantee by itself
(every column of the manifest, the attachments' positions, the feed entry pointing at the
application's key) and what the intake guarantees on top (the audit entries in the order
they happened, one unbroken chain), on SQLite and PostgreSQL.
"""

from __future__ import annotations

import os
from typing import Any

import sqlalchemy as sa

from server.audit import verify_server_chain
from server.models import Application as ApplicationModel
from server.models import Attachment, AuditEvent, StatusChange

from .builders import Application, Document, Kiosk, documents, put_manifest, submit
from .conftest import Harness
from .test_sealed_applications import make_key
from .test_whole_upload import frame, put_whole


def trail(server: Harness, app: Application) -> list[tuple[int, str, str | None]]:
    """(seq, action, detail) of the application's audit entries, in chain order."""
    server.database.chain_audit_backlog(wait=True)
    with server.database.engine.connect() as connection:
        rows = connection.execute(
            sa.select(AuditEvent.seq, AuditEvent.action, AuditEvent.detail)
            .where(AuditEvent.application_id == app.application_id)
            .order_by(AuditEvent.seq)
        ).all()
    return [(row.seq, row.action, row.detail) for row in rows]


def stored(server: Harness, app: Application) -> tuple[Any, list[Any], list[Any]]:
    """The application's row, its attachments by position and its feed entries."""
    with server.database.engine.connect() as connection:
        row = connection.execute(
            sa.select(ApplicationModel.__table__).where(
                ApplicationModel.application_id == app.application_id
            )
        ).one()
        attachments = connection.execute(
            sa.select(Attachment.__table__)
            .where(Attachment.application_pk == row.pk)
            .order_by(Attachment.position)
        ).all()
        changes = connection.execute(
            sa.select(StatusChange.__table__).where(StatusChange.application_pk == row.pk)
        ).all()
    return row, list(attachments), list(changes)


def test_a_whole_application_is_audited_in_order_in_one_unbroken_chain(
    server: Harness, kiosk: Kiosk
) -> None:
    apps = [Application(documents(20_000, 30_000, 40_000)) for _ in range(3)]
    for app in apps:
        assert put_whole(server.client, kiosk, app, frame(app)).status_code == 201
    for app in apps:
        entries = trail(server, app)
        assert [(action, detail) for _seq, action, detail in entries] == [
            ("manifest_accepted", "3 attachments"),
            ("attachment_stored", "kk"),
            ("attachment_stored", "ktp-el"),
            ("attachment_stored", "f-1.02"),
            ("application_received", None),
        ]
        first = entries[0][0]
        assert [seq for seq, _action, _detail in entries] == list(range(first, first + 5))
    with server.database.read() as session:
        check = verify_server_chain(session)
    assert check.ok, check.problem


def test_a_whole_application_stores_every_column_of_its_manifest(
    server: Harness, kiosk: Kiosk
) -> None:
    docs = [
        Document("kk", os.urandom(30_000), "application/pdf"),
        Document("ktp-el", os.urandom(20_000)),
        Document("f-1.02", os.urandom(10_000), "image/png"),
    ]
    app = Application(docs)
    assert put_whole(server.client, kiosk, app, frame(app)).status_code == 201
    row, attachments, changes = stored(server, app)
    manifest = app.manifest()
    assert (
        row.version,
        row.parent_version,
        row.number,
        row.service_code,
        row.office_code,
        row.device_id,
        row.submitted_by,
        row.fields,
        row.sealed_fields,
        row.seal_key_id,
        row.status,
        row.reason,
        row.fix,
        row.erased_at,
    ) == (
        1,
        None,
        app.number,
        manifest["service_code"],
        kiosk.office_code,
        kiosk.device_id,
        manifest["submitted_by"],
        app.fields,
        None,
        None,
        "received",
        None,
        None,
        None,
    )
    assert len(row.manifest_sha256) == 64
    assert row.received_at is not None
    assert row.received_at == row.updated_at == row.uploaded_at
    assert [
        (a.position, a.document_code, a.sha256, a.size, a.content_type, a.received_bytes)
        for a in attachments
    ] == [(n, d.code, d.sha256, d.size, d.content_type, d.size) for n, d in enumerate(docs)]
    assert all(a.completed_at == row.received_at for a in attachments)
    assert all(a.server_sealed_sha256 is None and a.last_chunk_at is None for a in attachments)
    assert [(c.office_code, c.status, c.changed_at) for c in changes] == [
        (kiosk.office_code, "received", row.received_at)
    ]


def test_a_manifest_alone_inserts_its_attachments_missing_and_no_feed_entry(
    server: Harness, kiosk: Kiosk
) -> None:
    app = Application(documents(20_000, 30_000))
    response = put_manifest(server.client, kiosk, app)
    assert response.status_code == 201, response.text
    assert [m["offset"] for m in response.json()["missing"]] == [0, 0]
    row, attachments, changes = stored(server, app)
    assert (row.status, row.received_at, changes) == ("incomplete", None, [])
    assert [(a.received_bytes, a.completed_at) for a in attachments] == [(0, None), (0, None)]
    assert [action for _seq, action, _detail in trail(server, app)] == ["manifest_accepted"]
    # The chunks then find the rows the insert wrote and complete them.
    assert submit(server.client, kiosk, app)["status"] == "received"
    _row, _attachments, changes = stored(server, app)
    assert [c.status for c in changes] == ["received"]


def test_clear_fields_sealed_on_arrival_are_audited_before_the_manifest(
    server: Harness, kiosk: Kiosk
) -> None:
    make_key(server)
    app = Application(documents(20_000))
    assert submit(server.client, kiosk, app)["status"] == "received"
    row, _attachments, _changes = stored(server, app)
    assert (row.fields, row.sealed_fields is not None) == ({}, True)
    actions = [action for _seq, action, _detail in trail(server, app)]
    assert actions[:2] == ["application_fields_sealed", "manifest_accepted"]
    assert actions[-1] == "application_received"
