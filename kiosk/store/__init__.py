"""The durable local store: SQLite (WAL, synchronous=FULL) plus an encrypted attachment vault.

`Store` is loaded lazily so that modules the repository itself uses (accounts, audit) can
import `kiosk.store.models` and friends without an import cycle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.store.repository import ApplicationSummary, Store, Submitted

__all__ = ["ApplicationSummary", "Store", "Submitted"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from kiosk.store import repository

        return getattr(repository, name)
    raise AttributeError(name)
