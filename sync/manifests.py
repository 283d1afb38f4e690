"""The manifest of one queued application version, as every route to the server sends it.

Network sync and the USB bundle (sync.bundle) build it here, so the server sees the same
content, hence the same manifest digest, whichever way an application arrives: the second
arrival is a replay, never a conflict or a second copy.
"""

from __future__ import annotations

from uuid import UUID

from kiosk.applications.sealed_files import applicant_fields
from kiosk.local_store import Store
from kiosk.store.outbox import OutboxItem
from sync import protocol as p


def application_manifest(store: Store, item: OutboxItem) -> p.ApplicationManifest:
    fields: dict[str, str | int | bool | None] = {}
    if item.seal_key_id is None:
        # The older clear form (a server without a sealing key): an audited read.
        applicant = store.records.read_applicant_audited(
            item.application_id, item.version, operator="system:sync", action="send"
        )
        fields.update(applicant_fields(applicant))
    return p.ApplicationManifest(
        application_id=UUID(item.application_id),
        version=item.version,
        parent_version=item.parent_version,
        number=item.number,
        service_code=item.service,
        submitted_by=item.operator,
        created_at=item.created_at,
        fields=fields,
        seal_key_id=item.seal_key_id,
        attachments=[
            p.AttachmentRef(
                document_code=a.document,
                sha256=a.sha256,
                size=a.size,
                content_type=a.content_type,
            )
            for a in item.attachments
        ],
    )
