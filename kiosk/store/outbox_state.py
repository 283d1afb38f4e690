"""The states of an outbox row, apart from the outbox itself (SQLAlchemy) so the status bar can
name them before the store is opened; `kiosk.store.outbox` re-exports them."""

from __future__ import annotations

from enum import StrEnum


class OutboxState(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    ACKNOWLEDGED = "acknowledged"
    NEEDS_ATTENTION = "needs_attention"
