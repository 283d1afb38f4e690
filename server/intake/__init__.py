"""Two-phase intake: manifest upsert by (id, version), then resumable, verified attachments.

INVARIANT 2 lives here: an application turns `received` in the same transaction in which
its last attachment is verified and stored, never earlier; the unique (id, version)
constraint turns a racing duplicate into a replay of the winner, never a second copy.

Locks are taken in one order everywhere (application row, attachment row, feed counter) so
concurrent retries wait for each other instead of deadlocking.

Every step that writes takes one `Intake`: the database, the attachment storage, the calling
device and the seal key ids its sealed files may use. Phase one is server.intake.manifests,
phase two server.intake.chunks, what they share server.intake.upload; both phases in one
request (small applications) server.intake.whole.
"""

from __future__ import annotations

from .chunks import append_chunk, get_progress
from .manifests import check_sealed_manifest, get_upload_status, put_manifest
from .upload import Intake, find_application, is_sealed_header, upload_status
from .whole import put_whole

__all__ = [
    "Intake",
    "append_chunk",
    "check_sealed_manifest",
    "find_application",
    "get_progress",
    "get_upload_status",
    "is_sealed_header",
    "put_manifest",
    "put_whole",
    "upload_status",
]
