"""Names for the codes the review page shows, Indonesian first: from the service catalog.

Documents, forms and services are named by resources/catalog/services.json (the kiosk's
catalog, shipped with the server); quality findings by the protocol's QUALITY_CHECKS (the
codes are the kiosk's); contact channels and sex by short lists here. A code nobody names
shows as itself.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from sync.protocol import QUALITY_CHECKS, corner_check

CATALOG_FILE = Path(__file__).resolve().parents[2] / "resources" / "catalog" / "services.json"
CHANNELS = {"whatsapp": ("WhatsApp", "WhatsApp"), "email": ("email", "email")}
SEX = {"L": ("Laki-laki", "Male"), "P": ("Perempuan", "Female")}
FIELD_LABELS = {
    "nik": ("NIK", "NIK"),
    "no_kk": ("Nomor KK", "KK number"),
    "name": ("Nama lengkap", "Full name"),
}
"""Field targets of a rejection reason (the full list of labels is the review page's)."""


@lru_cache(maxsize=1)
def _catalog() -> dict[str, tuple[str, str]]:
    """Code (lower case) -> (Indonesian, English) for every document, form and service."""
    data = json.loads(CATALOG_FILE.read_text(encoding="utf-8"))
    names: dict[str, tuple[str, str]] = {}
    for section in ("documents", "forms", "services"):
        for entry in data.get(section, []):
            names[str(entry["code"]).lower()] = (entry["name"]["id"], entry["name"]["en"])
    return names


def code_name(code: str) -> tuple[str, str]:
    """A document's, form's or service's name; the code itself when the catalog lacks it."""
    return _catalog().get(code.lower(), (code, code))


def quality(code: str) -> tuple[str, str]:
    """A quality finding's name (``glare`` -> pantulan cahaya / glare)."""
    label = QUALITY_CHECKS.get(code)
    return (label.label_id, label.label_en) if label is not None else (code, code)


def corners(choice: str) -> tuple[str, str]:
    """How a document's corners were set (``adjusted`` -> Sudut digeser petugas / ...)."""
    return quality(corner_check(choice))


def target(text: str) -> tuple[str, str]:
    """`document:kk` -> the KK's name; `field:nik` -> the field's label."""
    kind, _, code = text.partition(":")
    if kind == "document":
        return code_name(code)
    return FIELD_LABELS.get(code, (code, code))


def field_value(key: str, value: object) -> tuple[str, str] | None:
    """The sex and the contact consent in words; None for every other field."""
    if key == "sex" and isinstance(value, str) and value in SEX:
        return SEX[value]
    if key == "extra_kontak_izin" and isinstance(value, str) and value:
        parts = [CHANNELS.get(part.strip(), (part.strip(),) * 2) for part in value.split(",")]
        return ", ".join(p[0] for p in parts), ", ".join(p[1] for p in parts)
    return None
