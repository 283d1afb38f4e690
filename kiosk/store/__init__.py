"""The durable local store: SQLite (WAL, synchronous=FULL) plus an encrypted attachment vault."""

from kiosk.store.repository import ApplicationSummary, Store, Submitted

__all__ = ["ApplicationSummary", "Store", "Submitted"]
