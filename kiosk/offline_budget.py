"""The offline budget: how long a device may work without its queue reaching the server.

MOSIP freezes a registration client after too long unsynced, silently. Here the budget is
visible: the status bar shows the days since the last contact, the queue and the days left;
past the district's warn limit the kiosk says so at every start; past the block limit it
refuses NEW applications, while everything queued stays and is still synced or exported,
until a sync pass succeeds or the server's receipt for a USB bundle is taken (either is a
"contact": the server provably holds what was sent). Limits come from the district
configuration (kiosk.district_config.Limits; defaults warn 7, block 30 days).

A device that was never enrolled (a demo, a counter without a server yet) has no budget:
there is nothing to reach. An enrolled one that never synced counts from its enrollment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from kiosk.district_config import DistrictConfigStore, Limits
from kiosk.errors import KioskError
from kiosk.store import machine_state as ms
from kiosk.store.clock import as_utc, utcnow
from kiosk.store.machine_state import MachineState
from kiosk.store.outbox import Outbox, OutboxState


class BudgetLevel(StrEnum):
    NONE = "none"  # not enrolled: no budget
    OK = "ok"
    WARN = "warn"
    BLOCKED = "blocked"


class OfflineBudgetExhausted(KioskError):
    """A new application past the block limit: sync, or take a bundle receipt, first."""

    code = "offline_budget_exhausted"


@dataclass(frozen=True)
class BudgetStatus:
    level: BudgetLevel
    last_contact: datetime | None
    days_offline: int | None
    queued: int
    warn_days: int
    block_days: int

    @property
    def days_left(self) -> int | None:
        """Whole days until new applications are refused (0 once they are)."""
        if self.days_offline is None:
            return None
        return max(self.block_days - self.days_offline, 0)

    def message(self) -> tuple[str, str]:
        """What the status bar and the start-up warning say (Indonesian, English)."""
        if self.level is BudgetLevel.NONE or self.days_offline is None:
            return ("", "")
        queued_id, queued_en = f"{self.queued} permohonan antre", f"{self.queued} queued"
        if self.level is BudgetLevel.BLOCKED:
            return (
                f"{self.days_offline} hari tanpa sinkron; {queued_id}. Permohonan baru "
                "ditolak sampai sinkron berhasil atau tanda terima bundel USB diambil.",
                f"{self.days_offline} days without a sync; {queued_en}. New applications are "
                "refused until a sync succeeds or a USB bundle receipt is taken.",
            )
        return (
            f"{self.days_offline} hari sejak sinkron; {queued_id}; sisa {self.days_left} hari "
            "sebelum permohonan baru ditolak.",
            f"{self.days_offline} days since the last sync; {queued_en}; {self.days_left} "
            "days left before new applications are refused.",
        )

    def as_dict(self) -> dict[str, object]:
        message_id, message_en = self.message()
        return {
            "level": self.level.value,
            "last_contact": self.last_contact.isoformat() if self.last_contact else None,
            "days_offline": self.days_offline,
            "days_left": self.days_left,
            "queued": self.queued,
            "warn_days": self.warn_days,
            "block_days": self.block_days,
            "message": message_id,
            "message_en": message_en,
        }


class OfflineBudget:
    def __init__(
        self,
        state: MachineState,
        outbox: Outbox,
        district_config: DistrictConfigStore,
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        self._state = state
        self._outbox = outbox
        self._config = district_config
        self._now = now

    def limits(self) -> Limits:
        active = self._config.active()
        return active.config.limits if active is not None else Limits()

    def last_contact(self) -> datetime | None:
        """The newest proof that the server holds this device's queue (or the enrollment)."""
        moments = [
            self._state.get(ms.LAST_SUCCESS),
            self._state.get(ms.LAST_BUNDLE_ACK),
            self._state.get(ms.CREDENTIAL_SINCE),
        ]
        known = [as_utc(m) for m in moments if m is not None]
        return max(known) if known else None

    def status(self, now: datetime | None = None) -> BudgetStatus:
        limits = self.limits()
        counts = self._outbox.counts()
        queued = sum(counts[s] for s in OutboxState if s is not OutboxState.ACKNOWLEDGED)
        contact = self.last_contact() if self._state.is_enrolled() else None
        if contact is None:
            return BudgetStatus(
                BudgetLevel.NONE,
                None,
                None,
                queued,
                limits.offline_warn_days,
                limits.offline_block_days,
            )
        days = max(((now or self._now()) - contact).days, 0)
        if days >= limits.offline_block_days:
            level = BudgetLevel.BLOCKED
        elif days >= limits.offline_warn_days:
            level = BudgetLevel.WARN
        else:
            level = BudgetLevel.OK
        return BudgetStatus(
            level, contact, days, queued, limits.offline_warn_days, limits.offline_block_days
        )

    def check_new_application(self, now: datetime | None = None) -> None:
        """Raises OfflineBudgetExhausted past the block limit (queued ones are not touched)."""
        status = self.status(now)
        if status.level is BudgetLevel.BLOCKED:
            message_id, message_en = status.message()
            raise OfflineBudgetExhausted(message_id, message_en)
