"""Capture widgets: the live camera preview with its overlay, and the signature pad."""
