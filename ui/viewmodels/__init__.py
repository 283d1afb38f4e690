"""View models: the logic of a screen in plain Python (no Qt widgets), testable without clicking."""
