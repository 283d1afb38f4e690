"""Sealing, on the server, the applicant fields of applications that arrived in clear.

Before the district created a sealing key, kiosks sent applications in clear: the NIK, name
and phone sit in `applications.fields`. When a key is created or rotated, every such
application gets its fields sealed to that key (the kiosk's format, kiosk.sealing, with the
context ``seal_context(application_id, SEALED_FIELDS_DOCUMENT)``) into
`applications.sealed_fields`, and `fields` is emptied IN THE SAME TRANSACTION, with one
audit entry per application: there is no moment with neither copy, nor one with both.
Running it again changes nothing (an application already sealed is skipped). The documents
stay as uploaded: their bytes are content-addressed and shared, re-encrypting them is a
separate job. Only the public key is needed, so no passphrase is asked. A clear application
arriving while a key exists (a kiosk not upgraded yet) is sealed the same way at intake
(server.intake.manifests), in the transaction that records it.
"""

from __future__ import annotations

import json
import logging

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kiosk.sealing import seal_context
from sync.protocol import SEALED_FIELDS_DOCUMENT

from . import audit
from .db import Database
from .models import Application
from .seal_keys import SealKey, seal

log = logging.getLogger("kiosk.server.clear_sealing")

BATCH = 200


def fields_context(app: Application) -> bytes:
    return seal_context(str(app.application_id), SEALED_FIELDS_DOCUMENT)


def seal_fields(session: Session, app: Application, key: SealKey, operator_id: str) -> None:
    """Seals one clear application's fields to `key` and empties them, in `session`."""
    document = json.dumps({"fields": app.fields}, ensure_ascii=False)
    app.sealed_fields = seal(key.public_raw, document.encode(), fields_context(app))
    app.fields = {}
    audit.record(
        session,
        "application_fields_sealed",
        operator_id,
        application_id=app.application_id,
        version=app.version,
        detail=key.key_id,
    )


def seal_clear_applications(database: Database, key: SealKey, operator_id: str) -> int:
    """Seals every clear application's fields to `key`; returns how many were sealed."""
    sealed, last_pk = 0, 0
    while True:
        with database.write() as session:
            apps = list(
                session.scalars(
                    sa.select(Application)
                    .where(Application.seal_key_id.is_(None))
                    .where(Application.sealed_fields.is_(None))
                    .where(Application.pk > last_pk)
                    .order_by(Application.pk)
                    .limit(BATCH)
                    .with_for_update()
                )
            )
            if not apps:
                break
            last_pk = apps[-1].pk
            for app in (app for app in apps if app.fields):
                seal_fields(session, app, key, operator_id)
                sealed += 1
    log.info("sealed the fields of %d clear applications to key %s", sealed, key.key_id)
    return sealed
