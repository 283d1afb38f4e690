"""Frozen copies of the capture checks before the colour-edge detector (bench only)."""
