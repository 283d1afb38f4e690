"""Tests of the capture widgets and their view models."""
