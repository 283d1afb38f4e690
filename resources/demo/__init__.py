"""Demo media for the fake devices: generated KTP/KK photos, selfies and a preview video."""
