"""What a manifest must be beyond its schema: a known service, documents, allowed types.

The probe behind issue 11 (point 12): an unknown service with zero attachments became
"received"; `text/html` and `application/x-msdownload` attachments were accepted. A kiosk
never sends these, so whoever does is not a kiosk doing its job: refuse (409 manifest_refused).
"""

from __future__ import annotations

from collections.abc import Collection
from functools import lru_cache
from pathlib import Path

from kiosk.sealing import SEALED_FIELDS_CONTENT_TYPE
from sync.protocol import SEALED_FIELDS_DOCUMENT, ApplicationManifest

from ..errors import ManifestRefused

ALLOWED_CONTENT_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "application/pdf"})
"""What the kiosk captures and sniffs (kiosk.applications.intake), plus the sealed fields."""
CATALOG_OVERRIDE_NAME = "catalog.json"
"""A district's catalog override in the server's data dir, the same file its kiosks use."""


@lru_cache(maxsize=8)
def service_codes(override: Path | None = None) -> frozenset[str]:
    """Every service code of the shipped catalog, plus the district's override if any."""
    from kiosk.catalog.loader import load_catalog

    chosen = override if override is not None and override.is_file() else None
    return frozenset(s.code for s in load_catalog(chosen).catalog.services)


def check_manifest_content(manifest: ApplicationManifest, known_services: Collection[str]) -> None:
    """Raises ManifestRefused (409) for a manifest no kiosk would send."""
    if manifest.service_code not in known_services:
        raise ManifestRefused(
            f"Layanan {manifest.service_code} tidak dikenal server / the server does not know "
            f"service {manifest.service_code}"
        )
    documents = [a for a in manifest.attachments if a.document_code != SEALED_FIELDS_DOCUMENT]
    if not documents:
        raise ManifestRefused(
            "Permohonan tanpa dokumen tidak diterima / an application without documents is "
            "not accepted"
        )
    for ref in manifest.attachments:
        allowed = (
            {SEALED_FIELDS_CONTENT_TYPE}
            if ref.document_code == SEALED_FIELDS_DOCUMENT
            else ALLOWED_CONTENT_TYPES
        )
        if ref.content_type not in allowed:
            raise ManifestRefused(
                f"Jenis berkas {ref.content_type} untuk {ref.document_code} tidak diterima "
                f"(hanya JPEG, PNG, WebP, PDF) / content type {ref.content_type} of "
                f"{ref.document_code} is not accepted (only JPEG, PNG, WebP, PDF)"
            )
