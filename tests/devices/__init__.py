"""Tests of the device layer: cameras, scanners, codes and image processing."""
