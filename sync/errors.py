"""How a failed sync call is classified: try again later, or show it to a person."""

from __future__ import annotations

from enum import StrEnum


class ErrorClass(StrEnum):
    RETRYABLE = "retryable"
    """Network, timeout, 5xx, 429/503 with Retry-After, captive portal: back off and retry."""
    NEEDS_PERSON = "needs_person"
    """409, 422, 400, 413, 404: this application needs staff; the rest of the queue moves on."""
    DEVICE = "device"
    """401/403: the device itself is not (or no longer) enrolled; stop the whole pass."""


class SyncError(Exception):
    def __init__(
        self,
        kind: ErrorClass,
        code: str,
        message_id: str,
        message_en: str,
        *,
        retry_after: float | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(f"{code}: {message_en}")
        self.kind = kind
        self.code = code
        self.message_id = message_id
        self.message_en = message_en
        self.retry_after = retry_after
        self.status = status

    @property
    def message(self) -> str:
        return f"{self.message_id} / {self.message_en}"


def offline(detail: str) -> SyncError:
    return SyncError(
        ErrorClass.RETRYABLE,
        "offline",
        "Server tidak terjangkau; data tetap aman dan akan dikirim otomatis",
        f"The server cannot be reached ({detail}); data is safe and will be sent automatically",
    )


def captive_portal() -> SyncError:
    return SyncError(
        ErrorClass.RETRYABLE,
        "captive_portal",
        "Jaringan meminta login (hotspot/portal); buka peramban untuk masuk, lalu coba lagi",
        "The network wants a login page (hotspot/captive portal); sign in with a browser first",
    )
