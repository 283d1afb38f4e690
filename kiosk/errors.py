"""Typed errors raised by the domain core.

The UI and the CLI turn these into plain-language messages; every error carries the Indonesian
and English text so non-UI callers (CLI, logs for support) can show it without a translator.
"""

from __future__ import annotations


class KioskError(Exception):
    """Base of every error the domain core raises on purpose."""

    code = "kiosk_error"

    def __init__(self, message_id: str, message_en: str, *, code: str | None = None) -> None:
        super().__init__(f"{message_id} / {message_en}")
        self.message_id = message_id
        self.message_en = message_en
        if code:
            self.code = code

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message_id, "message_en": self.message_en}


class CatalogError(KioskError):
    """The service catalog (or a district override of it) is malformed."""

    code = "catalog_invalid"


class IllegalTransition(KioskError):
    """An application was asked to move to a status its current status does not allow."""

    code = "illegal_transition"


class ApplicationInvalid(KioskError):
    """An application cannot be submitted: invalid data or a missing required document."""

    code = "application_invalid"

    def __init__(self, issues: list[dict[str, str]]) -> None:
        first = issues[0] if issues else {"message": "Data tidak valid", "message_en": "Invalid"}
        super().__init__(first["message"], first.get("message_en", first["message"]))
        self.issues = issues


class StorageError(KioskError):
    """The local store or the attachment vault cannot be used (disk full, corrupt file, ...)."""

    code = "storage_error"


class AttachmentUnreadable(StorageError):
    """An attachment file is missing, cannot be decrypted or does not match its hash."""

    code = "attachment_unreadable"
