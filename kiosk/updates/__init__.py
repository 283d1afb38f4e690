"""Updates of the app itself: the signed release manifest, staging beside the running version,
and when a staged version must be installed (docs/adr/0006-update-and-config-trust.md)."""

from kiosk.updates.manifest import ReleaseManifest, current_platform, version_key
from kiosk.updates.staging import ReleaseRejected, Releases, UpdateState

__all__ = [
    "ReleaseManifest",
    "ReleaseRejected",
    "Releases",
    "UpdateState",
    "current_platform",
    "version_key",
]
