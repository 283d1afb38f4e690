"""The central district server the kiosks sync to."""
