"""What the kiosk and the district server must agree on byte for byte, defined once.

The rule (docs/adr/0004-one-home-for-each-contract.md): the wire contract belongs to
``sync.protocol``; both sides import it from there and nobody writes a copy. The kiosk's own
domain, the bottom layer, may not import ``sync``, yet it needs some pieces of that contract
itself: it hashes its audit chain, cuts audit details, names statuses and roles. Those pieces
live here (and the seal format in kiosk.sealing), stdlib only, and ``sync.protocol``
re-exports them, so the server (which imports sync.protocol) and the kiosk use one
definition. A piece moves here only when kiosk/ needs it; everything else stays in
sync.protocol.

Changing anything here changes the wire and stored data (audit hashes, manifest digests):
it needs a protocol version, not an edit.
"""

from __future__ import annotations

import hashlib
import json
import re
from enum import StrEnum
from typing import Any, Final


def canonical_json(value: Any) -> str:
    """The one canonical JSON text: sorted keys, no spaces, UTF-8 kept as is."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical_sha256(value: Any) -> str:
    """SHA-256 (hex) of `value`'s canonical JSON: audit hashes, manifest digests, revisions."""
    return hashlib.sha256(canonical_json(value).encode("utf-8")).hexdigest()


# --- audit chains ----------------------------------------------------------------------------
AUDIT_GENESIS: Final = "0" * 64
"""prev_hash of the first entry of every audit chain (the kiosk's and the server's)."""
AUDIT_CHAIN_FIELDS: Final = (
    "seq",
    "at",
    "device",
    "operator",
    "action",
    "application_id",
    "number",
    "detail",
    "prev_hash",
)
"""The fields of a kiosk's audit entry that its hash covers (everything but the hash)."""
MAX_AUDIT_DETAIL_CHARS: Final = 500
"""What an audit entry keeps of its detail, on the kiosk and on the server."""


def audit_entry_hash(fields: dict[str, Any]) -> str:
    """The hash of an audit entry: SHA-256 of the canonical JSON of its chained fields."""
    return canonical_sha256(fields)


# --- the sealed applicant document ------------------------------------------------------------
SEALED_QUALITY_KEY: Final = "quality"
"""In the sealed fields document (kiosk.sealing.SEALED_FIELDS_DOCUMENT), a document's entry
may carry the kiosk's quality findings for that image under this key (quality_entry). Absent:
nothing recorded (a clean image, a PDF, or a kiosk older than this); readers accept both."""


def quality_entry(
    failed_checks: tuple[str, ...] | list[str], override_reason: str | None, approved_by: str | None
) -> dict[str, Any]:
    """`{"failed_checks": [...], "override_reason": ..., "approved_by": ...}`: the checks the
    image failed, why the operator accepted it anyway, and the supervisor who approved that
    (None when the operator could decide alone)."""
    return {
        "failed_checks": list(failed_checks),
        "override_reason": override_reason,
        "approved_by": approved_by,
    }


# --- vocabularies ----------------------------------------------------------------------------
class ApplicationStatus(StrEnum):
    """Server-side status of one application version.

    ``incomplete`` only ever means "manifest stored, attachments still missing": such an
    application is never counted as received (INVARIANT 2).
    """

    INCOMPLETE = "incomplete"
    RECEIVED = "received"
    VERIFIED = "verified"
    PROCESSING = "processing"
    READY = "ready"
    COLLECTED = "collected"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


class OperatorRole(StrEnum):
    """Roles of kiosk.accounts.Role: petugas (counter staff), supervisor, admin."""

    PETUGAS = "petugas"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


USERNAME_PATTERN: Final = r"^[a-z0-9][a-z0-9._-]{2,31}$"
"""Operator usernames, wherever an account is made (kiosk or server)."""
MIN_PASSWORD_LENGTH: Final = 8
"""The shortest password either side accepts for an operator."""


CONTACT_CONSENT_FIELD: Final = "extra_kontak_izin"
"""Sealed field: the channels the citizen agreed to be contacted on, comma-separated
("whatsapp", "email"); absent or empty means no consent, and nobody is contacted. The
WhatsApp number is the applicant's `phone`."""
CONTACT_EMAIL_FIELD: Final = "extra_kontak_email"
"""Sealed field: the email address the citizen gave for contact."""
CONTACT_CHANNELS: Final = ("whatsapp", "email")


FIX_TARGET_PATTERN: Final = r"\[(dokumen|isian) ([a-z0-9._-]{1,64})\]"
"""How a rejection's `fix` text names what to fix: "[dokumen kk] Foto ulang KK asli; [isian nik]
Periksa NIK". Readable as it is on the kiosk's screen, and parsed by the kiosk's "Perbaiki"
to reopen exactly those documents (the back office writes it, server.review)."""
_FIX_KINDS: Final = {"dokumen": "document", "isian": "field"}


def fix_target_marker(target: str) -> str:
    """`document:kk` -> `[dokumen kk]`; `field:nik` -> `[isian nik]`."""
    kind, name = target.split(":", 1)
    word = next(word for word, known in _FIX_KINDS.items() if known == kind)
    return f"[{word} {name}]"


def fix_targets(fix: str | None) -> list[str]:
    """The targets a fix text names, in order, each once: ["document:kk", "field:nik"]."""
    found = [f"{_FIX_KINDS[w]}:{n}" for w, n in re.findall(FIX_TARGET_PATTERN, fix or "")]
    return list(dict.fromkeys(found))
