"""Background jobs: plain functions a screen hands to the TaskRunner (never run on the Qt main
thread). They take the store explicitly, import no Qt, and tests call them directly."""
