"""Domain core of the kiosk: catalog, validation, applications, local store.

This package never imports Qt widgets (enforced by tests/test_import_boundaries.py).
"""
