"""Cameras, scanners, barcode reading and image processing, each behind a small Protocol."""
