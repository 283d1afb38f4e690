"""The self-service profile: no login, the start screen and the wizard only, sessions wiped,
supervisor unlock."""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.accounts import Role
from kiosk.settings import Profile
from tests.helpers.applications import real_jpeg
from ui.context import AppContext
from ui.jobs.wizard import store_capture
from ui.main_window import SELF_SERVICE_IDLE_SECONDS, MainWindow
from ui.screens.signin import SignInScreen
from ui.screens.wizard.screen import WizardScreen
from ui.selfservice import SELF_SERVICE
from ui.selfservice.start import StartScreen
from ui.viewmodels.capture import CapturedFile

NIK = "3171015708900001"


def selfservice_window(qtbot: QtBot, context: AppContext) -> MainWindow:
    context.settings.profile = Profile.SELFSERVICE
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.current == "start")
    return window


def open_wizard(qtbot: QtBot, window: MainWindow) -> WizardScreen:
    """The citizen touches "Ajukan permohonan" on the start screen."""
    cast(StartScreen, window.screens["start"]).apply_button.click()
    wizard = cast(WizardScreen, window.screens["wizard"])
    qtbot.waitUntil(lambda: wizard.model is not None)
    return wizard


def start_typing(qtbot: QtBot, window: MainWindow) -> str:
    """A citizen's session with a typed NIK and a captured image, saved as a draft."""
    store = window.context.store
    wizard = open_wizard(qtbot, window)
    assert wizard.model is not None
    model = wizard.model
    for index in (1, 2, 1):  # "KTP-el hilang"
        model.choose(index - 1)
    assert model.checklist is not None
    model.applicant.set_value("nik", NIK)
    capture = store_capture(store, CapturedFile("kk", real_jpeg(3), "image/jpeg", "camera"))
    model.checklist.put(capture)
    wizard.autosave.save_now()
    qtbot.waitUntil(lambda: store.drafts.referenced_hashes() == {capture.sha256}, timeout=10_000)
    return capture.sha256


def test_a_citizen_gets_the_start_screen_and_the_wizard_only(
    qtbot: QtBot, context: AppContext
) -> None:
    window = selfservice_window(qtbot, context)
    assert context.operator == SELF_SERVICE
    assert window.current == "start"
    assert not window.nav.isVisibleTo(window)  # the touch screens have their own bar
    open_wizard(qtbot, window)
    assert window.current == "wizard"
    assert window.idle.armed
    assert window.idle.idle_timer.interval() == SELF_SERVICE_IDLE_SECONDS * 1000
    assert not window.nav_buttons["applications"].isVisibleTo(window)
    assert not window.nav_buttons["recap"].isVisibleTo(window)
    assert window.unlock_button.isVisibleTo(window)
    wizard = cast(WizardScreen, window.screens["wizard"])
    assert not wizard.footer.restart_button.isVisibleTo(window)  # no drafts
    qtbot.keyClick(window, Qt.Key.Key_F3)
    window.show_screen("applications", {})
    window.show_screen("detail", {"id": "x", "version": 1})
    assert window.current == "start"


def test_idle_wipes_the_session_instead_of_keeping_it(qtbot: QtBot, context: AppContext) -> None:
    window = selfservice_window(qtbot, context)
    store = context.store
    capture = start_typing(qtbot, window)
    window.idle._start_countdown()
    qtbot.waitUntil(lambda: window.idle_banner.isVisibleTo(window))
    assert "DIHAPUS" in window.idle_banner.text()
    window.idle.left = 1
    with qtbot.waitSignal(window.idle.locked, timeout=3000):
        pass
    qtbot.waitUntil(lambda: "session_wiped" in [e["action"] for e in store.audit.entries()])
    assert store.drafts.list() == []
    assert not store.core.vault.exists(capture)
    qtbot.waitUntil(lambda: window.current == "start")
    assert context.operator == SELF_SERVICE
    wizard = open_wizard(qtbot, window)
    assert wizard.model is not None
    assert wizard.model.applicant.values.get("nik", "") == ""


def test_a_restart_after_a_power_cut_wipes_the_last_session(
    qtbot: QtBot, context: AppContext
) -> None:
    store = context.store
    store.drafts.save(
        None,
        operator=SELF_SERVICE.username,
        service=None,
        data={"applicant": {"values": {"nik": NIK}}},
        attachment_hashes=[],
    )
    selfservice_window(qtbot, context)
    qtbot.waitUntil(lambda: store.drafts.list() == [])


def test_selesai_wipes_at_once(qtbot: QtBot, context: AppContext) -> None:
    window = selfservice_window(qtbot, context)
    start_typing(qtbot, window)
    assert "hapus" in window.sign_out_button.text()
    window.sign_out_button.click()
    qtbot.waitUntil(lambda: context.store.drafts.list() == [])
    assert context.operator == SELF_SERVICE


def test_only_a_supervisor_unlocks_and_signing_out_returns_to_self_service(
    qtbot: QtBot, context: AppContext
) -> None:
    store = context.store
    boss = store.accounts.create("siti", "Siti", "rahasia-123", Role.SUPERVISOR)
    store.accounts.create("budi", "Budi", "rahasia-456", Role.PETUGAS, created_by=boss)
    window = selfservice_window(qtbot, context)
    signin = cast(SignInScreen, window.screens["signin"])
    cast(StartScreen, window.screens["start"]).staff_button.click()
    assert window.current == "signin"
    assert signin.back_button.isVisibleTo(window)
    signin.username.setText("budi")
    signin.password.setText("rahasia-456")
    signin.submit.click()
    qtbot.waitUntil(lambda: "supervisor" in signin.error.text())
    assert context.operator == SELF_SERVICE
    signin.username.setText("siti")
    signin.password.setText("rahasia-123")
    signin.submit.click()
    qtbot.waitUntil(lambda: window.current == "applications")
    assert context.operator == boss
    assert window.nav_buttons["recap"].isVisibleTo(window)
    assert not window.unlock_button.isVisibleTo(window)
    window.sign_out()
    qtbot.waitUntil(lambda: window.current == "start")
    assert context.operator == SELF_SERVICE
    assert not window.nav_buttons["applications"].isVisibleTo(window)


def test_the_counter_profile_is_unchanged(qtbot: QtBot, context: AppContext) -> None:
    window = MainWindow(context)
    qtbot.addWidget(window)
    assert window.current == "signin"
    assert context.operator is None
    assert not window.unlock_button.isVisibleTo(window)


def test_kembali_ke_awal_in_the_wizard_wipes_and_returns_to_the_start_screen(
    qtbot: QtBot, context: AppContext
) -> None:
    from PySide6.QtCore import Qt

    window = selfservice_window(qtbot, context)
    start_typing(qtbot, window)
    wizard = cast(WizardScreen, window.screens["wizard"])
    home = wizard.footer.home_button
    assert home.isVisibleTo(window)
    assert home.text() == "Kembali ke awal"
    qtbot.mouseClick(home, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.current == "start")
    qtbot.waitUntil(lambda: context.store.drafts.list() == [])
    assert context.operator == SELF_SERVICE  # still the public kiosk, nobody signed in
