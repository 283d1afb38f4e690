"""The releases folder: downloads, staged versions beside the running one, and their state.

Layout of the folder (kiosk.paths.resolve_releases_dir, never inside the data dir), shared
with the launcher (installer/linux/launcher; kiosk/updates/launcher.py on Windows), which
alone decides what starts:

    downloads/<sha256>.part     a download under way (resumed from its size)
    <version>/                  a verified, unpacked app dir; <version>/release.json its manifest
    <version>/.healthy          written by that version once its sign-in screen showed
    pending                     "switch to this version at the next start"
    trying                      the launcher is trying this version now
    current, previous           the version in use and the one before (the way back)
    failed/<version>            a version that did not reach sign-in: never tried again

Nothing here runs during an open application: staging only unpacks beside the running app;
the switch is the launcher's, at the next start.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import shutil
import tarfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kiosk.errors import KioskError
from kiosk.store.files import write_atomic
from kiosk.trust import KIND_RELEASE, TrustedKeys
from kiosk.updates.manifest import ReleaseManifest, current_platform
from kiosk.updates.versions import version_key

log = logging.getLogger("kiosk.updates")
PROGRAMS = ("kiosk", "kiosk.exe")


class ReleaseRejected(KioskError):
    """A release that will not be staged: bad manifest, wrong size or hash, broken archive."""

    code = "release_rejected"


@dataclass(frozen=True)
class UpdateState:
    """What the "Tentang" screen and `kiosk update status` show."""

    running: str
    current: str | None
    previous: str | None
    pending: str | None
    trying: str | None
    failed: list[str] = field(default_factory=list)
    forced_after: datetime | None = None


def _read_word(path: Path) -> str | None:
    try:
        text = path.read_text(encoding="utf-8").strip()
    except (FileNotFoundError, UnicodeDecodeError):
        return None
    return text or None


class Releases:
    def __init__(self, root: Path, running_version: str, trusted: TrustedKeys | None = None):
        self.root = root
        self.running_version = running_version
        self._trusted = trusted

    @property
    def trusted(self) -> TrustedKeys:
        if self._trusted is None:
            self._trusted = TrustedKeys.load()
        return self._trusted

    # --- what is offered -------------------------------------------------------------------
    def verify_manifest(self, envelope: Any) -> ReleaseManifest:
        """Signature (kiosk.trust), then the manifest's shape and platform."""
        payload = self.trusted.verify(envelope, KIND_RELEASE)
        try:
            manifest = ReleaseManifest.model_validate(payload)
        except ValidationError as exc:
            raise ReleaseRejected(
                "Manifes pembaruan tidak valid; tidak dipakai",
                f"The update manifest is invalid; not used ({exc.error_count()} errors)",
            ) from exc
        if manifest.platform != current_platform():
            raise ReleaseRejected(
                f"Pembaruan untuk {manifest.platform}, bukan komputer ini; tidak dipakai",
                f"The update is for {manifest.platform}, not this computer; not used",
            )
        return manifest

    def wanted(self, manifest: ReleaseManifest) -> bool:
        """Only newer versions, never one that failed here, never one staged already."""
        state = self.state()
        newest = max(
            (v for v in (state.running, state.current, state.pending) if v), key=version_key
        )
        if version_key(manifest.version) <= version_key(newest):
            return False
        return manifest.version not in state.failed

    # --- downloading -----------------------------------------------------------------------
    def download_path(self, manifest: ReleaseManifest) -> Path:
        folder = self.root / "downloads"
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"{manifest.sha256}.part"

    def resume_offset(self, manifest: ReleaseManifest) -> int:
        path = self.download_path(manifest)
        size = path.stat().st_size if path.exists() else 0
        if size > manifest.size:  # longer than promised: start over
            path.unlink()
            return 0
        return size

    def check_download(self, manifest: ReleaseManifest) -> Path:
        """Size and SHA-256 of the finished download; a wrong file is deleted (no retry of a
        poisoned file forever) and refused."""
        path = self.download_path(manifest)
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1024 * 1024), b""):
                digest.update(block)
        size = path.stat().st_size
        if size != manifest.size or digest.hexdigest() != manifest.sha256:
            path.unlink()
            raise ReleaseRejected(
                f"Paket pembaruan {manifest.version} tidak cocok dengan manifesnya (ukuran atau "
                "hash berbeda); dihapus, tidak ada yang berubah",
                f"Update package {manifest.version} does not match its manifest (size or hash "
                "differ); deleted, nothing changed",
            )
        return path

    # --- staging ---------------------------------------------------------------------------
    def stage(self, manifest: ReleaseManifest, archive: Path) -> Path:
        """Unpacks a verified archive to <version>/ and marks it pending; returns the dir."""
        target = self.root / manifest.version
        scratch = self.root / f".unpacking-{manifest.version}"
        shutil.rmtree(scratch, ignore_errors=True)
        try:
            with tarfile.open(archive, "r:gz") as bundle:
                bundle.extractall(scratch, filter="data")  # no links out, no device files
        except (tarfile.TarError, OSError, EOFError) as exc:
            shutil.rmtree(scratch, ignore_errors=True)
            raise ReleaseRejected(
                f"Paket pembaruan {manifest.version} rusak; tidak dipasang",
                f"Update package {manifest.version} is damaged; not installed",
            ) from exc
        if not any((scratch / program).is_file() for program in PROGRAMS):
            shutil.rmtree(scratch, ignore_errors=True)
            raise ReleaseRejected(
                f"Paket pembaruan {manifest.version} tidak berisi program kiosk; tidak dipasang",
                f"Update package {manifest.version} holds no kiosk program; not installed",
            )
        (scratch / ".healthy").unlink(missing_ok=True)
        write_atomic(scratch / "release.json", manifest.model_dump_json().encode("utf-8"))
        shutil.rmtree(target, ignore_errors=True)
        scratch.rename(target)
        write_atomic(self.root / "pending", manifest.version.encode("ascii"), mode=0o644)
        archive.unlink(missing_ok=True)
        log.info("release %s staged; it starts at the next start", manifest.version)
        return target

    def staged_manifest(self, version: str) -> ReleaseManifest | None:
        with contextlib.suppress(OSError, ValueError, ValidationError):
            data = json.loads((self.root / version / "release.json").read_text("utf-8"))
            return ReleaseManifest.model_validate(data)
        return None

    def state(self) -> UpdateState:
        failed_dir = self.root / "failed"
        failed = sorted(p.name for p in failed_dir.iterdir()) if failed_dir.is_dir() else []
        pending = _read_word(self.root / "pending")
        manifest = self.staged_manifest(pending) if pending else None
        return UpdateState(
            running=self.running_version,
            current=_read_word(self.root / "current"),
            previous=_read_word(self.root / "previous"),
            pending=pending,
            trying=_read_word(self.root / "trying"),
            failed=failed,
            forced_after=None if manifest is None else manifest.forced_after,
        )

    def restart_due(self, now: datetime) -> bool:
        """A staged update whose grace period is over: restart at the next idle moment."""
        forced_after = self.state().forced_after
        return forced_after is not None and now >= forced_after
