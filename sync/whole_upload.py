"""The kiosk's choice between one request per application and the resumable two phases.

A small application (manifest and attachments within MAX_WHOLE_BODY_BYTES) goes in one
request (sync.protocol.whole): one credential check, one admission slot and one transaction
on the server instead of one per chunk. The two phases stay for everything else:

- an older server (404 or 405 on the route): remembered for the rest of the pass;
- 413 (a proxy with a smaller body limit): that application goes by chunks from then on;
- the one request cut or timed out once for an application: a bad field link makes progress
  with resumable chunks instead of starting the whole body again (remembered while the
  engine lives, so a restart of the kiosk tries the one request once more).
"""

from __future__ import annotations

import logging

from kiosk.local_store import Store
from kiosk.store.outbox import OutboxItem
from sync import protocol as p
from sync.client import SyncClient, is_offline
from sync.errors import SyncError

log = logging.getLogger("kiosk.sync")
OLD_SERVER_STATUSES = frozenset({404, 405})


class WholeUploads:
    """What the engine learned about the one-request path (see the module docstring)."""

    def __init__(self) -> None:
        self.server_lacks_it = False
        self._by_chunks: set[tuple[str, int]] = set()

    def start_pass(self) -> None:
        """A new pass asks the server again: it may have been upgraded meanwhile."""
        self.server_lacks_it = False

    def fits(self, item: OutboxItem, manifest: p.ApplicationManifest) -> bool:
        if self.server_lacks_it or (item.application_id, item.version) in self._by_chunks:
            return False
        size = p.frame_size(manifest.model_dump_json().encode(), (a.size for a in item.attachments))
        return size <= p.MAX_WHOLE_BODY_BYTES

    def send(
        self, client: SyncClient, store: Store, item: OutboxItem, manifest: p.ApplicationManifest
    ) -> tuple[p.UploadStatus, int] | None:
        """(status, attachment bytes sent), or None when this item must go by the two phases.

        Raises:
            SyncError: anything else, as the two-phase path would (the item is marked for
                chunks first when the request was cut or timed out).
        """
        parts = [(a.sha256, store.records.read_attachment(a.sha256)) for a in item.attachments]
        try:
            status = client.put_whole(manifest, parts, item.operator)
        except SyncError as error:
            if error.status in OLD_SERVER_STATUSES:
                log.info("the server has no one-request upload; using chunks this pass")
                self.server_lacks_it = True
                return None
            if error.status == 413:
                self._by_chunks.add((item.application_id, item.version))
                return None
            if is_offline(error) or error.code == "stalled":
                self._by_chunks.add((item.application_id, item.version))
            raise
        return status, sum(len(data) for _, data in parts)
