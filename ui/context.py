"""What every screen may use, handed over once instead of reached through globals."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.operator import Operator
from kiosk.settings import Profile, Settings
from ui.i18n import LanguageManager
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from kiosk.local_store import Store


class StoreNotOpen(RuntimeError):
    """The store was used before it finished opening (a screen forgot `when_store_open`)."""


class AppContext:
    """Settings, the store, background work, devices, sync and who is signed in.

    The app paints its first screen before the store is open (opening it imports SQLAlchemy
    and checks the migrations); `when_store_open` runs a callback at once or when it is.
    Tests and tools that open the store first pass it to the constructor as before.

    Sync (and in the demo, the demo server it talks to) starts after the store has been handed
    over, so sign-in never waits for it; `when_sync_known` runs a callback once it is known
    whether there is a SyncScheduler.
    """

    def __init__(
        self,
        *,
        settings: Settings,
        tasks: TaskRunner,
        languages: LanguageManager,
        store: Store | None = None,
        devices: Any = None,
        sync: Any = None,
        operator: Operator | None = None,
        demo: bool = False,
        run_profile: Profile | None = None,
        data_dir: Path | None = None,
        sync_pending: bool = False,
    ) -> None:
        self.settings = settings
        self.tasks = tasks
        self.languages = languages
        self._store = store
        self.devices = devices
        """The device set (camera, scanner, barcode reader); fakes in the demo profile."""
        self.sync = sync
        """The SyncScheduler when the device is enrolled, else None."""
        self.sync_pending = sync_pending
        """Sync is still being started (the shell's start-up): `sync` is not known yet."""
        self._waiting_for_sync: list[Callable[[], None]] = []
        self.operator = operator
        self.demo = demo
        self.extras: dict[str, Any] = {}
        self.run_profile = run_profile
        """`kiosk run --profile`: this run only; the saved `settings.profile` stays as it was."""
        self._waiting: list[Callable[[], None]] = []
        self._data_dir = data_dir

    @property
    def profile(self) -> Profile:
        """The profile this run opens in: the one-off flag, else the saved setting."""
        return self.run_profile or self.settings.profile

    @property
    def data_dir(self) -> Path | None:
        """The data folder: given by the shell before the store opens, else the store's, else
        None (a context built without either, in tests)."""
        if self._data_dir is not None:
            return self._data_dir
        return self._store.data_dir if self._store is not None else None

    @property
    def store(self) -> Store:
        if self._store is None:
            raise StoreNotOpen("the store is still opening")
        return self._store

    def when_store_open(self, callback: Callable[[], None]) -> None:
        """Runs `callback` on the main thread now if the store is open, else once it is."""
        if self._store is not None:
            callback()
        else:
            self._waiting.append(callback)

    def store_opened(self, store: Store) -> None:
        """The shell hands over the opened store; the waiting callbacks run in order."""
        self._store = store
        waiting, self._waiting = self._waiting, []
        for callback in waiting:
            callback()

    def when_sync_known(self, callback: Callable[[], None]) -> None:
        """Runs `callback` on the main thread now if `sync` is known, else once it is."""
        if self.sync_pending:
            self._waiting_for_sync.append(callback)
        else:
            callback()

    def sync_known(self, sync: Any) -> None:
        """The shell hands over the started SyncScheduler (None: not enrolled)."""
        self.sync, self.sync_pending = sync, False
        waiting, self._waiting_for_sync = self._waiting_for_sync, []
        for callback in waiting:
            callback()
