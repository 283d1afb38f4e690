"""Sign-in on a loaded machine: seen in the real demo app on 2 busy cores, Enter or "Masuk" did
nothing visible for up to a minute. The press must be acknowledged at once, the check must not
wait behind the shared task pool's slow jobs, and a second press must not start a second one."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import cast

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.accounts import Operator, Role
from kiosk.local_store import Store
from kiosk.settings import Settings
from ui import thread_guard
from ui.context import AppContext
from ui.i18n import LanguageManager
from ui.main_window import MainWindow
from ui.screens.signin import SignInScreen
from ui.tasks import TaskRunner

PASSWORD = "rahasia-123"


@pytest.fixture
def busy_pool(context: AppContext) -> Iterator[threading.Event]:
    """Every thread of the shared pool held by a slow job (as the demo server's start, a
    device probe and a sync hold them on a busy machine) until the test lets them go (before
    its window closes: closing waits for the pool)."""
    release = threading.Event()
    pool = cast(QThreadPool, context.tasks.pool)
    for _ in range(pool.maxThreadCount()):
        context.tasks.run(release.wait, 60)
    yield release
    release.set()
    context.tasks.wait()


def counted(context: AppContext) -> list[str]:
    """Records each password check that reaches the accounts."""
    accounts = context.store.accounts
    real: Callable[..., Operator] = accounts.authenticate
    calls: list[str] = []

    def authenticate(username: str, password: str, now: datetime | None = None) -> Operator:
        calls.append(username)
        return real(username, password, now)

    accounts.authenticate = authenticate  # type: ignore[method-assign]
    return calls


def sign_in_screen(qtbot: QtBot, context: AppContext) -> tuple[MainWindow, SignInScreen]:
    window = MainWindow(context)
    qtbot.addWidget(window)
    signin = cast(SignInScreen, window.screens["signin"])
    qtbot.keyClicks(signin.username, "siti")
    qtbot.keyClicks(signin.password, PASSWORD)
    return window, signin


def assert_acknowledged(signin: SignInScreen) -> None:
    """Right after the press, before any event is processed: it shows that it was taken."""
    assert signin.checking
    assert not signin.submit.isEnabled()
    assert signin.submit.text() == "Memeriksa…"
    assert signin.password.isReadOnly()


def test_sign_in_does_not_wait_behind_the_busy_shared_pool(
    qtbot: QtBot, context: AppContext, busy_pool: threading.Event
) -> None:
    context.store.accounts.create("siti", "Siti Rahma", PASSWORD, Role.PETUGAS)
    window, signin = sign_in_screen(qtbot, context)
    signin.password.returnPressed.emit()
    assert_acknowledged(signin)
    qtbot.waitUntil(lambda: window.current == "applications", timeout=10_000)
    assert not busy_pool.is_set()  # the shared pool's jobs are still running
    assert context.operator is not None
    assert context.operator.username == "siti"
    assert not signin.checking
    assert signin.submit.isEnabled()
    assert signin.submit.text() == "Masuk"
    busy_pool.set()


def test_a_second_press_starts_no_second_attempt(
    qtbot: QtBot, context: AppContext, busy_pool: threading.Event
) -> None:
    context.store.accounts.create("siti", "Siti Rahma", PASSWORD, Role.PETUGAS)
    calls = counted(context)
    window, signin = sign_in_screen(qtbot, context)
    qtbot.waitUntil(lambda: signin.ready)
    signin.password.returnPressed.emit()
    signin.password.returnPressed.emit()  # impatient: Enter again,
    signin.username.returnPressed.emit()
    signin.submit.click()  # and a click on the (held) button
    qtbot.waitUntil(lambda: window.current == "applications", timeout=10_000)
    assert calls == ["siti"]
    busy_pool.set()


def test_a_wrong_password_lets_the_form_go_again(
    qtbot: QtBot, context: AppContext, busy_pool: threading.Event
) -> None:
    context.store.accounts.create("siti", "Siti Rahma", PASSWORD, Role.PETUGAS)
    window, signin = sign_in_screen(qtbot, context)
    qtbot.keyClicks(signin.password, "-salah")
    signin.password.returnPressed.emit()
    assert_acknowledged(signin)
    qtbot.waitUntil(lambda: signin.error.text() != "", timeout=10_000)
    assert signin.error.text() == "Nama pengguna atau kata sandi salah"
    assert window.current == "signin"
    assert signin.submit.isEnabled()
    assert signin.submit.text() == "Masuk"
    assert not signin.password.isReadOnly()
    busy_pool.set()


def test_a_press_before_the_store_is_open_is_taken_and_signs_in_once_it_is(
    qtbot: QtBot, qapp: QApplication, data_dir: Path
) -> None:
    """The real app paints the sign-in screen before the store has opened (on a busy machine
    that takes a while): a press meanwhile says so, runs a busy bar after half a second, and
    goes on by itself."""
    store = Store.open(data_dir)
    thread_guard.install(store.core)
    store.accounts.create("siti", "Siti Rahma", PASSWORD, Role.PETUGAS)
    context = AppContext(
        settings=Settings(), tasks=TaskRunner(), languages=LanguageManager(qapp), data_dir=data_dir
    )
    try:
        window, signin = sign_in_screen(qtbot, context)
        signin.password.returnPressed.emit()
        assert_acknowledged(signin)
        assert signin.note.text().startswith("Perangkat sedang disiapkan")
        signin.password.returnPressed.emit()
        assert not signin.progress.isVisibleTo(window)  # a quick answer never flickers
        qtbot.waitUntil(lambda: signin.progress.isVisibleTo(window), timeout=5_000)
        context.store_opened(store)
        qtbot.waitUntil(lambda: window.current == "applications", timeout=10_000)
        assert context.operator is not None
        assert signin.note.text() == ""
    finally:
        context.tasks.wait()
        store.close()
