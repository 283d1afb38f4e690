"""Publishing the district configuration every kiosk pulls (kiosk.district_config).

`publish_config` checks a file with the very checks the kiosk runs (the catalog merged and
validated as a whole), numbers it one above the last, signs it and stores the signed text: a
bad configuration is refused here with the reason, and a kiosk never sees it.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.district_config import ConfigInvalid, check_config
from kiosk.trust import KIND_DISTRICT_CONFIG, sign_document

from .. import audit
from ..db import Database
from ..errors import InvalidRequest
from ..models import DistrictConfigVersion


def publish_config(
    database: Database, key: Ed25519PrivateKey, document: Any, operator: str
) -> dict[str, Any]:
    """Checks, numbers, signs and stores `document`; returns the signed envelope."""
    if not isinstance(document, dict):
        raise InvalidRequest(
            "Konfigurasi harus berupa objek JSON / the configuration must be a JSON object"
        )
    if "version" in document or "published_at" in document:
        raise InvalidRequest(
            "Versi dan waktu terbit diisi server; hapus 'version' dan 'published_at' dari "
            "berkas / the server sets version and published_at; remove them from the file"
        )
    with database.write() as session:
        last = session.scalar(sa.select(sa.func.max(DistrictConfigVersion.version))) or 0
        payload = {
            **document,
            "version": last + 1,
            "published_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        }
        try:
            config, _catalog = check_config(payload)
        except ConfigInvalid as exc:
            raise InvalidRequest(f"{exc.message_id} / {exc.message_en}") from exc
        signed = sign_document(key, KIND_DISTRICT_CONFIG, config.model_dump(mode="json"))
        session.add(
            DistrictConfigVersion(
                version=config.version,
                envelope_json=json.dumps(signed, ensure_ascii=False),
                published_by=operator,
            )
        )
        audit.record(session, "config_published", operator, detail=f"version {config.version}")
    return signed


def current_config(database: Database) -> str | None:
    """The newest signed configuration's text, None before the first is published."""
    with database.read() as session:
        return session.scalar(
            sa.select(DistrictConfigVersion.envelope_json)
            .order_by(DistrictConfigVersion.version.desc())
            .limit(1)
        )


def list_configs(database: Database) -> list[dict[str, Any]]:
    with database.read() as session:
        rows = session.scalars(
            sa.select(DistrictConfigVersion).order_by(DistrictConfigVersion.version)
        )
        return [
            {"version": r.version, "published_at": r.published_at.isoformat(), "by": r.published_by}
            for r in rows
        ]
