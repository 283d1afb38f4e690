"""What every screen may use, handed over once instead of reached through globals."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kiosk.accounts import Operator
from kiosk.local_store import Store
from kiosk.settings import Profile, Settings
from ui.i18n import LanguageManager
from ui.tasks import TaskRunner


@dataclass
class AppContext:
    store: Store
    settings: Settings
    tasks: TaskRunner
    languages: LanguageManager
    devices: Any = None
    """The device set (camera, scanner, barcode reader); fakes in the demo profile."""
    sync: Any = None
    """The SyncScheduler when the device is enrolled, else None."""
    operator: Operator | None = None
    demo: bool = False
    extras: dict[str, Any] = field(default_factory=dict)
    run_profile: Profile | None = None
    """`kiosk run --profile`: this run only; the saved `settings.profile` stays as it was."""

    @property
    def profile(self) -> Profile:
        """The profile this run opens in: the one-off flag, else the saved setting."""
        return self.run_profile or self.settings.profile
