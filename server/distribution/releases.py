"""Publishing kiosk releases, pinning a channel, and what a kiosk is offered.

A published package lives in `<data dir>/releases/<sha256>.tar.gz` (written to a temporary
file, fsynced, renamed); its manifest (kiosk.updates.ReleaseManifest) is signed at publish
time and stored as text. Kiosks ask for the offer of their channel and platform: the pinned
version if the district pinned one, otherwise the newest.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pydantic import ValidationError

from kiosk.store.files import fsync_dir
from kiosk.trust import KIND_RELEASE, sign_document
from kiosk.updates.manifest import ReleaseManifest, ReleaseNotes
from kiosk.updates.versions import version_key

from .. import audit
from ..db import Database
from ..errors import Conflict, InvalidRequest, NotFound
from ..models import Release, ReleasePin

_BLOCK = 1024 * 1024


def packages_dir(data_dir: Path) -> Path:
    return data_dir / "releases"


def package_path(data_dir: Path, sha256: str) -> Path:
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise NotFound("Paket tidak ada / no such package")
    return packages_dir(data_dir) / f"{sha256}.tar.gz"


def sort_key(version: str) -> str:
    numbers, rank, extra = version_key(version)
    return ".".join(f"{n:06d}" for n in numbers) + f"-{rank}-{extra:04d}"


def _copy_hashed(source: Path, folder: Path) -> tuple[str, int]:
    folder.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    fd, tmp_name = tempfile.mkstemp(prefix=".publish-", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as handle:
            while block := handle.read(_BLOCK):
                digest.update(block)
                size += len(block)
                out.write(block)
            out.flush()
            os.fsync(out.fileno())
        sha256 = digest.hexdigest()
        os.replace(tmp_name, folder / f"{sha256}.tar.gz")
        fsync_dir(folder)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return sha256, size


def publish_release(
    database: Database,
    data_dir: Path,
    key: Ed25519PrivateKey,
    package: Path,
    *,
    version: str,
    channel: str,
    platform: str,
    grace_days: int,
    notes: dict[str, str] | None,
    operator: str,
) -> dict[str, Any]:
    """Stores the package, signs its manifest, records it; the signed envelope is returned."""
    if not package.is_file():
        raise InvalidRequest(f"Berkas {package} tidak ada / file {package} does not exist")
    if not package.name.endswith(".tar.gz"):
        raise InvalidRequest(
            "Paket rilis harus berupa .tar.gz folder aplikasi / a release package must be a "
            ".tar.gz of the app folder"
        )
    sha256, size = _copy_hashed(package, packages_dir(data_dir))
    try:
        manifest = ReleaseManifest(
            version=version,
            channel=channel,
            platform=platform,
            filename=f"kelurahan-kiosk-{version}-{platform}.tar.gz",
            size=size,
            sha256=sha256,
            published_at=datetime.now(UTC).replace(microsecond=0),
            grace_days=grace_days,
            notes=ReleaseNotes(**(notes or {})),
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InvalidRequest(
            f"Rilis ditolak: {where}: {first['msg']} / release refused: {where}: {first['msg']}"
        ) from exc
    envelope = sign_document(key, KIND_RELEASE, manifest.model_dump(mode="json"))
    with database.write() as session:
        exists = session.scalar(
            sa.select(Release.id).where(
                Release.channel == channel, Release.platform == platform, Release.version == version
            )
        )
        if exists is not None:
            raise Conflict(
                f"Versi {version} sudah diterbitkan di kanal {channel}; terbitkan versi baru / "
                f"version {version} is already published on {channel}; publish a new version"
            )
        session.add(
            Release(
                channel=channel,
                platform=platform,
                version=version,
                sort_key=sort_key(version),
                sha256=sha256,
                size=size,
                envelope_json=json.dumps(envelope, ensure_ascii=False),
                published_by=operator,
            )
        )
        audit.record(session, "release_published", operator, detail=f"{channel} {version} {sha256}")
    return envelope


def pin(
    database: Database, channel: str, platform: str, version: str | None, operator: str
) -> None:
    """Holds `channel` at `version` (None releases the pin)."""
    with database.write() as session:
        if (
            version is not None
            and session.scalar(
                sa.select(Release.id).where(
                    Release.channel == channel,
                    Release.platform == platform,
                    Release.version == version,
                )
            )
            is None
        ):
            raise NotFound(
                f"Versi {version} belum diterbitkan di kanal {channel} / version {version} is "
                f"not published on {channel}"
            )
        held = session.get(ReleasePin, (channel, platform))
        if held is not None:
            session.delete(held)
            session.flush()
        if version is not None:
            session.add(
                ReleasePin(channel=channel, platform=platform, version=version, pinned_by=operator)
            )
        audit.record(session, "release_pinned", operator, detail=f"{channel} {version or '-'}")


def offer(database: Database, channel: str, platform: str) -> str | None:
    """The signed manifest text a kiosk of `channel` and `platform` is offered, if any."""
    with database.read() as session:
        held = session.get(ReleasePin, (channel, platform))
        query = sa.select(Release.envelope_json).where(
            Release.channel == channel, Release.platform == platform
        )
        if held is not None:
            query = query.where(Release.version == held.version)
        return session.scalar(query.order_by(Release.sort_key.desc()).limit(1))


def known_package(database: Database, sha256: str) -> int | None:
    """The size of a published package, None when no release names that hash."""
    with database.read() as session:
        return session.scalar(sa.select(Release.size).where(Release.sha256 == sha256).limit(1))


def list_releases(database: Database) -> list[dict[str, Any]]:
    with database.read() as session:
        pins = {(p.channel, p.platform): p.version for p in session.scalars(sa.select(ReleasePin))}
        rows = session.scalars(sa.select(Release).order_by(Release.channel, Release.sort_key))
        return [
            {
                "channel": r.channel,
                "platform": r.platform,
                "version": r.version,
                "size": r.size,
                "sha256": r.sha256,
                "published_at": r.published_at.isoformat(),
                "pinned": pins.get((r.channel, r.platform)) == r.version,
            }
            for r in rows
        ]
