"""Local storage: SQLite (WAL, synchronous=FULL) through one writer, the encrypted attachment
vault, the device keys, the outbox, drafts and typed machine state.

Nothing here knows about applications' rules; the parts that do (kiosk/applications/,
kiosk/audit.py, kiosk/accounts.py) take `StoreCore`, and kiosk/local_store.py wires them all
into the `Store` callers open.
"""
