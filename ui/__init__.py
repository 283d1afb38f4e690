"""Screens, widgets, view models, the app shell and the command line."""
