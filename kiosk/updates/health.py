"""The start-up health marker: how a version the launcher is trying says "I reached sign-in".

The launcher (installer/linux/launcher, or kiosk/updates/launcher.py on Windows) sets
KIOSK_HEALTH_MARKER to a path inside the tried version's folder; the app writes it once its
first screen has painted, the same moment `kiosk run --smoke-test` reports. Without the
marker the launcher goes back to the previous version by itself.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from kiosk.errors import StorageError
from kiosk.store.files import write_atomic
from kiosk.updates.launcher import ENV_HEALTH_MARKER

log = logging.getLogger("kiosk.updates")


def mark_healthy() -> Path | None:
    target = os.environ.get(ENV_HEALTH_MARKER)
    if not target:
        return None
    path = Path(target)
    try:
        write_atomic(path, b"ok\n", mode=0o644)
    except (OSError, StorageError) as exc:  # the try then counts as failed, which is safe
        log.warning("could not write the health marker %s: %s", path, exc)
        return None
    log.info("start-up health marker written: %s", path)
    return path
