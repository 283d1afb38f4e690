"""The releases folder: what is wanted, what a bad archive does, when an update is forced."""

from __future__ import annotations

import hashlib
import io
import tarfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.updates import ReleaseManifest, ReleaseRejected, Releases, current_platform, version_key


def archive(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as bundle:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o755
            bundle.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def manifest(version: str, data: bytes, **extra: object) -> ReleaseManifest:
    fields: dict[str, object] = {
        "version": version,
        "channel": "stable",
        "platform": current_platform(),
        "filename": f"kiosk-{version}.tar.gz",
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "published_at": datetime(2026, 12, 1, tzinfo=UTC),
        **extra,
    }
    return ReleaseManifest.model_validate(fields)


def download(releases: Releases, offer: ReleaseManifest, data: bytes) -> Path:
    releases.download_path(offer).write_bytes(data)
    return releases.check_download(offer)


def test_versions_order_with_pre_releases_first() -> None:
    ordered = ["0.1.0", "0.2.0rc1", "0.2.0", "0.2.1", "0.10.0", "1.0"]
    assert sorted(ordered, key=version_key) == ordered


def test_only_newer_versions_never_failed_ones_are_wanted(tmp_path: Path) -> None:
    releases = Releases(tmp_path, "0.2.0")
    data = archive({"kiosk": b"#!/bin/sh\n"})
    assert not releases.wanted(manifest("0.2.0", data))
    assert not releases.wanted(manifest("0.1.9", data))
    assert releases.wanted(manifest("0.2.1", data))
    (tmp_path / "failed").mkdir()
    (tmp_path / "failed" / "0.2.1").touch()
    assert not releases.wanted(manifest("0.2.1", data))
    offer = manifest("0.3.0", data)
    releases.stage(offer, download(releases, offer, data))
    assert (tmp_path / "pending").read_text() == "0.3.0"
    assert not releases.wanted(manifest("0.3.0", data))  # staged already
    assert releases.state().pending == "0.3.0"


def test_an_archive_without_the_program_or_with_links_out_is_refused(tmp_path: Path) -> None:
    releases = Releases(tmp_path, "0.2.0")
    empty = archive({"README": b"x"})
    offer = manifest("0.3.0", empty)
    with pytest.raises(ReleaseRejected, match="tidak berisi program kiosk"):
        releases.stage(offer, download(releases, offer, empty))
    escaping = archive({"../outside": b"x", "kiosk": b"#!/bin/sh\n"})
    offer = manifest("0.3.1", escaping)
    with pytest.raises(ReleaseRejected, match="rusak"):
        releases.stage(offer, download(releases, offer, escaping))
    assert not (tmp_path.parent / "outside").exists()
    assert not (tmp_path / "pending").exists()
    assert not list(tmp_path.glob("0.3.*"))


def test_a_wrong_download_is_deleted_and_refused(tmp_path: Path) -> None:
    releases = Releases(tmp_path, "0.2.0")
    data = archive({"kiosk": b"#!/bin/sh\n"})
    offer = manifest("0.3.0", data)
    releases.download_path(offer).write_bytes(data[:-1] + bytes([data[-1] ^ 0xFF]))
    with pytest.raises(ReleaseRejected, match="tidak cocok dengan manifesnya"):
        releases.check_download(offer)
    assert not releases.download_path(offer).exists()


def test_the_grace_period_decides_when_a_staged_update_is_forced(tmp_path: Path) -> None:
    releases = Releases(tmp_path, "0.2.0")
    data = archive({"kiosk": b"#!/bin/sh\n"})
    offer = manifest("0.3.0", data, grace_days=60)
    releases.stage(offer, download(releases, offer, data))
    published = datetime(2026, 12, 1, tzinfo=UTC)
    assert not releases.restart_due(published + timedelta(days=59))
    assert releases.restart_due(published + timedelta(days=60))
    assert releases.state().forced_after == published + timedelta(days=60)
