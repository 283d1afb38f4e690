"""After its grace period a staged update restarts the app, but only at a safe moment: the
counter's sign-in screen with nobody signed in, or a self-service kiosk's start screen with
nobody touching it since the last session wipe."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.accounts import Role
from kiosk.updates import ReleaseManifest, Releases, current_platform
from tests.ui.test_selfservice import open_wizard, selfservice_window
from ui.context import AppContext
from ui.forced_update import ForcedUpdate, idle_moment, restart_command
from ui.main_window import MainWindow
from ui.shell import _watch_forced_update

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


def due_update(
    context: AppContext, tmp_path: Path, safe: Callable[[], bool], restarts: list[int]
) -> ForcedUpdate:
    return ForcedUpdate(
        context,
        staged(tmp_path, grace_days=60),
        is_safe_moment=safe,
        restart=lambda: restarts.append(1),
        now=lambda: PUBLISHED + timedelta(days=61),
    )


def checked(qtbot: QtBot, context: AppContext, forced: ForcedUpdate) -> None:
    forced.check()
    context.tasks.wait()
    qtbot.wait(20)


def test_a_selfservice_kiosk_restarts_on_its_start_screen_after_a_wipe_never_mid_session(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    window = selfservice_window(qtbot, context)
    restarts: list[int] = []
    forced = due_update(context, tmp_path, idle_moment(context, window), restarts)
    open_wizard(qtbot, window)  # a citizen is filling in an application
    checked(qtbot, context, forced)
    assert restarts == []
    window.show_screen("start", {})  # back on the start screen, the session not wiped yet
    qtbot.keyClick(window, Qt.Key.Key_Space)
    checked(qtbot, context, forced)
    assert restarts == []
    window.idle.locked.emit()  # idle: the session is wiped, the kiosk waits for a citizen
    assert window.current == "start"
    checked(qtbot, context, forced)
    assert restarts == [1]


def test_a_selfservice_kiosk_just_started_is_idle_and_a_touch_makes_it_wait(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    window = selfservice_window(qtbot, context)
    idle = idle_moment(context, window)
    assert idle()  # started (and wiped) on the start screen, nobody there
    qtbot.mouseClick(window.screens["start"], Qt.MouseButton.LeftButton)
    assert not idle()  # someone is reading the start screen
    window.idle.locked.emit()
    assert idle()


def test_a_selfservice_kiosk_unlocked_by_a_supervisor_is_never_restarted(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    store = context.store
    boss = store.accounts.create("siti", "Siti", "rahasia-123", Role.SUPERVISOR)
    window = selfservice_window(qtbot, context)
    idle = idle_moment(context, window)
    context.operator = boss
    window.show_screen("start", {})
    assert not idle()


def test_the_counter_restarts_on_the_sign_in_screen_with_nobody_signed_in(
    qtbot: QtBot, context: AppContext
) -> None:
    store = context.store
    clerk = store.accounts.create("budi", "Budi", "rahasia-456", Role.SUPERVISOR)
    window = MainWindow(context)
    qtbot.addWidget(window)
    idle = idle_moment(context, window)
    assert window.current == "signin"
    assert idle()
    context.operator = clerk
    window.show_screen("applications", {})
    assert not idle()


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], ["run"]),  # plain `kiosk` runs the app; the launcher takes an update only at `run`
        (["run", "--profile", "selfservice"], ["run", "--profile", "selfservice"]),
    ],
)
def test_the_restart_runs_the_app_through_the_launcher(
    argv: list[str], expected: list[str]
) -> None:
    assert restart_command("/usr/bin/kiosk", argv) == ["/usr/bin/kiosk", *expected]


def test_the_shell_watches_a_selfservice_kiosk_too(
    qtbot: QtBot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_launcher = tmp_path / "launch"
    fake_launcher.write_text("#!/bin/sh\n")
    fake_launcher.chmod(0o755)
    monkeypatch.setenv("KIOSK_LAUNCHER", str(fake_launcher))
    monkeypatch.setenv("KIOSK_RELEASES_DIR", str(tmp_path / "releases"))
    window = selfservice_window(qtbot, context)
    forced = _watch_forced_update(context, window, context.settings)
    assert isinstance(forced, ForcedUpdate)
    assert forced.timer.isActive()
    assert forced.is_safe_moment()  # the start screen, nobody there
    forced.timer.stop()
