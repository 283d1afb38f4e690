"""Updates of the app itself: the signed release manifest, staging beside the running version,
and when a staged version must be installed (docs/adr/0006-update-and-config-trust.md).

The names below are imported when first used: the launcher (kiosk/updates/launcher.py) runs
before every start of the app and needs none of them (no pydantic, no cryptography).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.updates.manifest import ReleaseManifest, current_platform
    from kiosk.updates.staging import ReleaseRejected, Releases, UpdateState
    from kiosk.updates.versions import version_key

_HOMES = {
    "ReleaseManifest": "kiosk.updates.manifest",
    "current_platform": "kiosk.updates.manifest",
    "ReleaseRejected": "kiosk.updates.staging",
    "Releases": "kiosk.updates.staging",
    "UpdateState": "kiosk.updates.staging",
    "version_key": "kiosk.updates.versions",
}

__all__ = [
    "ReleaseManifest",
    "ReleaseRejected",
    "Releases",
    "UpdateState",
    "current_platform",
    "version_key",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
