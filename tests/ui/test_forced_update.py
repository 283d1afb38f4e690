"""After its grace period a staged update restarts the app, but only at a safe moment."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pytestqt.qtbot import QtBot

from kiosk.updates import ReleaseManifest, Releases, current_platform
from ui.context import AppContext
from ui.forced_update import ForcedUpdate

PUBLISHED = datetime(2026, 10, 1, tzinfo=UTC)


def staged(tmp_path: Path, grace_days: int) -> Releases:
    releases = Releases(tmp_path / "releases", "0.2.0")
    folder = tmp_path / "releases" / "0.3.0"
    folder.mkdir(parents=True)
    data = b"x"
    offer = ReleaseManifest(
        version="0.3.0",
        channel="stable",
        platform=current_platform(),
        filename="kiosk-0.3.0.tar.gz",
        size=1,
        sha256=hashlib.sha256(data).hexdigest(),
        published_at=PUBLISHED,
        grace_days=grace_days,
    )
    (folder / "release.json").write_text(offer.model_dump_json())
    (tmp_path / "releases" / "pending").write_text("0.3.0")
    return releases


def test_restarts_only_after_the_grace_period_and_at_a_safe_moment(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    restarts: list[int] = []
    safe = [False]
    now = [PUBLISHED + timedelta(days=59)]
    forced = ForcedUpdate(
        context,
        staged(tmp_path, grace_days=60),
        is_safe_moment=lambda: safe[0],
        restart=lambda: restarts.append(1),
        now=lambda: now[0],
    )
    forced.check()
    context.tasks.wait()
    qtbot.wait(10)
    assert restarts == []  # still within the grace period
    now[0] = PUBLISHED + timedelta(days=61)
    forced.check()  # due, but someone is working
    context.tasks.wait()
    qtbot.wait(10)
    assert restarts == []
    safe[0] = True
    forced.check()
    qtbot.waitUntil(lambda: restarts == [1])
