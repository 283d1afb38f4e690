"""The whole application in one request (sync.protocol.whole): verify, store, one commit.

Every part is hashed, sized and (for a sealed manifest) header-checked before anything is
kept, so a refused body leaves nothing behind. The manifest, its completed attachments, the
status ``received``, the audit entries and the feed entry then commit in ONE transaction
(server.intake.manifests.put_manifest with `provided`), inside which the verified bytes are
written to the storage under their hash, after its writes and under the blob-reuse lock, so
a retention run cannot delete a blob between its write and the commit naming it
(content-addressed: a blob no row names is invisible to every office, see
office_holds_blob). A crash between the writes and the commit leaves only unnamed blobs; the
kiosk's retry stores them again and commits.
"""

from __future__ import annotations

import hashlib
import logging
import uuid

from pydantic import ValidationError

from sync.protocol import (
    ApplicationManifest,
    UploadStatus,
    WholeBody,
)

from ..errors import HashMismatch, InvalidRequest, SealInvalid
from .manifests import check_manifest, store_manifest
from .upload import SEAL_HEADER_BYTES, Intake, is_sealed_header

log = logging.getLogger("kiosk.server.intake")


def parse_manifest(body: WholeBody) -> ApplicationManifest:
    """The frame's manifest, validated like the JSON body of a manifest PUT (400 otherwise)."""
    try:
        return ApplicationManifest.model_validate_json(body.manifest)
    except ValidationError as exc:
        raise InvalidRequest(
            "Manifest di dalam kiriman tidak sah / the manifest inside the body is invalid: "
            f"{exc.error_count()} errors"
        ) from None


def put_whole(
    intake: Intake, application_id: uuid.UUID, version: int, body: WholeBody
) -> tuple[UploadStatus, bool]:
    """Stores a whole application, or recognises a replay; returns (status, created).

    Raises:
        InvalidRequest: a bad manifest, or a part the manifest does not name.
        HashMismatch: a part whose SHA-256 or size differs from the manifest; nothing kept.
        SealInvalid: a sealed manifest's part without its seal header; nothing kept.
        ManifestConflict, ParentInvalid, ManifestRefused: as for the manifest PUT.
    """
    manifest = parse_manifest(body)
    check_manifest(intake, application_id, version, manifest)
    refs = {ref.sha256: ref for ref in manifest.attachments}
    for sha256, data in body.parts.items():
        ref = refs.get(sha256)
        if ref is None:
            raise InvalidRequest(
                f"Bagian {sha256[:12]} tidak ada di manifest / part {sha256[:12]} is not in "
                "the manifest"
            )
        if len(data) != ref.size or hashlib.sha256(data).hexdigest() != sha256:
            raise HashMismatch(
                f"Lampiran {ref.document_code} rusak: SHA-256 atau ukuran tidak cocok dengan "
                f"manifest; tidak ada yang disimpan, kirim ulang / attachment "
                f"{ref.document_code} damaged: SHA-256 or size differs from the manifest; "
                "nothing was kept, send it again"
            )
        if manifest.sealed and not is_sealed_header(
            bytes(data[:SEAL_HEADER_BYTES]), intake.seal_key_ids
        ):
            raise SealInvalid(
                f"Lampiran {ref.document_code} tidak tersegel dengan kunci server; tidak ada "
                f"yang disimpan / attachment {ref.document_code} is not sealed to a server "
                "key; nothing was kept"
            )
    # One transaction, whose first read also answers an exact replay (a retry after a lost
    # answer: nothing written). Its checks (conflict, parent, number) all come before the
    # blobs are written, inside it; a refusal rolls back and leaves nothing.
    return store_manifest(intake, manifest, _parts_to_store(intake, manifest, body))


def _parts_to_store(
    intake: Intake, manifest: ApplicationManifest, body: WholeBody
) -> dict[str, memoryview]:
    """The verified parts to store with the manifest (server.intake.manifests writes them).

    A clear manifest while the server has a sealing key keeps its documents off the storage:
    they come by the chunked path and are sealed on arrival (server.clear_sealing).
    """
    if manifest.seal_key_id is None and intake.seal_key is not None:
        return {}
    return dict(body.parts)  # views into the request body: no copy of the attachments
