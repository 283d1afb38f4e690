"""What the "Tentang" (about) screen and `kiosk about` show: versions, updates, configuration.

Read from the store and the releases folder on a worker (it reads files and the database),
never on the main thread.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from kiosk.local_store import Store
from kiosk.store import machine_state as ms
from kiosk.updates import Releases


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def about_info(store: Store, releases: Releases) -> dict[str, Any]:
    state = releases.state()
    active = store.district_config.active()
    config = None if active is None else active.config
    office = None if config is None else config.office(store.state.get(ms.OFFICE_CODE) or None)
    return {
        "version": state.running,
        "update": {
            "channel": store.state.get(ms.UPDATE_CHANNEL),
            "current": state.current,
            "previous": state.previous,
            "pending": state.pending,
            "failed": state.failed,
            "forced_after": _iso(state.forced_after),
            "problem": store.state.get(ms.UPDATE_PROBLEM) or None,
        },
        "config": {
            "version": None if config is None else config.version,
            "published_at": None if config is None else _iso(config.published_at),
            "problem": store.state.get(ms.CONFIG_PROBLEM) or None,
            "rejection_reasons": 0 if config is None else len(config.rejection_reasons),
            "retention_days": None if config is None else config.retention_days,
            "idle_lock_seconds": None if config is None else config.idle_lock_seconds,
        },
        "office": None if office is None else office.model_dump(),
        "services": [s.code for s in store.catalog.services],
    }
