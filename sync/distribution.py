"""The sync pass's last two steps: the district configuration, then a release of the app.

Both are signed envelopes verified against keys the kiosk already holds (kiosk.trust). A
refused one changes nothing: the reason is kept in machine state (shown on the "Tentang"
screen and by `kiosk update status`) and logged, and the pass goes on. A release package
downloads in ranges appended to a `.part` file, so a cut link resumes where it stopped on
the next pass; only a file whose size and SHA-256 match the signed manifest is unpacked,
beside the running version (kiosk.updates.staging). Nothing switches here: the launcher
does that at the next start.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version as package_version

from kiosk.district_config import ActiveConfig, ConfigInvalid
from kiosk.errors import KioskError
from kiosk.local_store import Store
from kiosk.paths import resolve_releases_dir
from kiosk.store import machine_state as ms
from kiosk.trust import UntrustedDocument
from kiosk.updates import Releases, current_platform
from sync.client import SyncClient

log = logging.getLogger("kiosk.sync")


@dataclass
class DistributionReport:
    config_installed: int | None = None
    config_refused: str | None = None
    release_staged: str | None = None
    release_refused: str | None = None
    bytes_downloaded: int = 0


ConfigListener = Callable[[ActiveConfig], None]


def running_version() -> str:
    return os.environ.get("KIOSK_RUNNING_VERSION") or package_version("kelurahan-kiosk")


def pull_district_config(
    store: Store, client: SyncClient, report: DistributionReport, on_config: ConfigListener | None
) -> None:
    envelope = client.district_config()
    if envelope is None:
        return
    try:
        installed = store.district_config.install(envelope)
    except (UntrustedDocument, ConfigInvalid) as refused:
        text = f"{refused.message_id} / {refused.message_en}"
        if store.state.get(ms.CONFIG_PROBLEM) != text:
            log.warning("district configuration refused: %s", refused.message_en)
            store.state.set(ms.CONFIG_PROBLEM, text)
        report.config_refused = text
        return
    store.state.set(ms.CONFIG_PROBLEM, "")
    if installed is None:
        return
    store.use_catalog(installed.catalog)
    report.config_installed = installed.config.version
    if on_config is not None:
        on_config(installed)


class Distribution:
    """The pass's distribution step for one store (the engine owns one)."""

    def __init__(
        self, store: Store, releases: Releases | None, on_config: ConfigListener | None
    ) -> None:
        self.store = store
        self._releases = releases
        self.on_config = on_config

    @property
    def releases(self) -> Releases:
        if self._releases is None:
            self._releases = Releases(resolve_releases_dir(), running_version())
        return self._releases

    def run(self, client: SyncClient, report: DistributionReport, cancel: threading.Event) -> None:
        """The district configuration, then a newer release (downloaded, verified, staged)."""
        pull_district_config(self.store, client, report, self.on_config)
        if not cancel.is_set():
            fetch_release(self.store, client, self.releases, report, cancel)


def fetch_release(
    store: Store,
    client: SyncClient,
    releases: Releases,
    report: DistributionReport,
    cancel: threading.Event,
) -> None:
    channel = store.state.get(ms.UPDATE_CHANNEL)
    envelope = client.release_offer(channel, current_platform())
    if envelope is None:
        return
    try:
        manifest = releases.verify_manifest(envelope)
    except KioskError as refused:
        _refuse(store, report, refused)
        return
    if not releases.wanted(manifest):
        return
    offset = releases.resume_offset(manifest)
    path = releases.download_path(manifest)
    with path.open("ab") as part:
        while offset < manifest.size:
            if cancel.is_set():
                return
            data = client.package_range(manifest.sha256, offset, manifest.size)
            if not data:
                break
            part.write(data)
            part.flush()
            os.fsync(part.fileno())
            offset += len(data)
            report.bytes_downloaded += len(data)
    try:
        archive = releases.check_download(manifest)
        releases.stage(manifest, archive)
    except KioskError as refused:
        _refuse(store, report, refused)
        return
    store.state.set(ms.UPDATE_PROBLEM, "")
    report.release_staged = manifest.version


def _refuse(store: Store, report: DistributionReport, refused: KioskError) -> None:
    text = f"{refused.message_id} / {refused.message_en}"
    log.warning("release refused: %s", refused.message_en)
    store.state.set(ms.UPDATE_PROBLEM, text)
    report.release_refused = text
