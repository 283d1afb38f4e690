"""Sync protocol schemas shared with the server, and the kiosk's outbox sync engine."""
