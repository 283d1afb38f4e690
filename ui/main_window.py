"""The main window: a stack of screens, a navigation bar and the status bar. It only wires
screens together; every screen owns its own logic.

A screen is built the first time it is shown (or asked for in `screens`): the sign-in screen
paints at once, and the wizard's OpenCV or the receipts' ReportLab load only when needed.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.settings import Profile
from ui import window_state
from ui.context import AppContext
from ui.design.tokens import DEFAULT
from ui.ends_row import EndsRow
from ui.idle import IdleLock, IdleWarning, warning_style
from ui.screens import SCREEN_MODULES
from ui.screens.base import Screen
from ui.selfservice import SELF_SERVICE
from ui.status_bar import StatusBarWidget

log = logging.getLogger("kiosk.ui")
NAVIGATION = (("wizard", "F2"), ("applications", "F3"), ("recap", "F4"), ("about", "F12"))
FIELD_NAVIGATION = (("visits", "F5"),)
"""A jemput bola laptop also has the visit list (and its USB bundle buttons)."""
SELF_SERVICE_IDLE_SECONDS = 120
"""A public kiosk waits at most this long (plus the countdown) before wiping a session."""
CITIZEN_SCREENS = ("start", "survey", "status", "wizard", "signin")
"""What a citizen can reach at a self-service kiosk: nothing about other citizens."""
TOUCH_SCREENS = ("start", "survey", "status")
"""The self-service screens (ui/selfservice/): full screen, their own bar, no counter nav."""
SELF_SERVICE_MODULES = {"wizard": "ui.selfservice.apply"}
"""A self-service kiosk builds these its own way (the wizard with the touch panel)."""
CITIZEN_WARNING_SECONDS = 30
"""WCAG 2.2.1: the warning shows at least 20 s before a citizen's session is wiped; any touch
extends it, as many times as needed."""


def available_screens() -> dict[str, str]:
    """Screen name -> module, without the modules not written yet (screens land one at a
    time); finds them without importing them."""
    return {
        name: module
        for name, module in SCREEN_MODULES.items()
        if importlib.util.find_spec(module) is not None
    }


class LazyScreens(dict[str, Screen]):
    """The window's screens by name; a missing one is built on first use (`screens[name]`).

    Iterating sees only the screens built so far; `available_screens()` names them all.
    """

    def __init__(self, build: Callable[[str], Screen]) -> None:
        super().__init__()
        self._build = build

    def __missing__(self, name: str) -> Screen:
        screen = self._build(name)
        self[name] = screen
        return screen


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.selfservice = context.profile is Profile.SELFSERVICE
        if context.data_dir is not None:
            window_state.restore(self, context.data_dir)
        else:
            self.resize(1200, 760)
        central = QWidget(self)
        central.setObjectName("window_central")
        self.central = central
        central.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)  # its margins: themed
        layout = QVBoxLayout(central)
        self.nav = QWidget(central)
        self.nav.setObjectName("window_nav")
        self._nav_follows_session = False
        screens_row = QWidget(self.nav)  # the screens' buttons; help, language, sign-out
        tools_row = QWidget(self.nav)  # at the right, or below them on a narrow screen
        EndsRow(self.nav, screens_row, tools_row)
        nav_layout = QHBoxLayout(screens_row)
        nav_layout.setContentsMargins(0, 0, 0, 0)
        tools_layout = QHBoxLayout(tools_row)
        tools_layout.setContentsMargins(0, 0, 0, 0)
        self.nav_buttons: dict[str, QPushButton] = {}
        self.stack = QStackedWidget(central)
        self.screen_modules = available_screens()
        self.screens = LazyScreens(self._build_screen)
        self.starting = QLabel(self.stack)  # until the store is open (self-service only)
        self.starting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.starting.setObjectName("starting")
        self.stack.addWidget(self.starting)
        field = context.profile is Profile.FIELD
        for name, key in NAVIGATION + (FIELD_NAVIGATION if field else ()):
            if name in self.screen_modules:
                button = QPushButton(screens_row)
                button.clicked.connect(lambda _=False, n=name: self.show_screen(n, {}))
                nav_layout.addWidget(button)
                self.nav_buttons[name] = button
                QShortcut(QKeySequence(key), self, lambda n=name: self._shortcut(n))
        self.help_button = QPushButton(tools_row)
        self.help_button.setObjectName("help")
        self.help_button.clicked.connect(self.show_help)
        tools_layout.addWidget(self.help_button)
        QShortcut(QKeySequence(Qt.Key.Key_F1), self, self.show_help)
        self.help: QWidget | None = None
        self.language_button = QPushButton(tools_row)
        self.language_button.clicked.connect(self.toggle_language)
        tools_layout.addWidget(self.language_button)
        self.unlock_button = QPushButton(screens_row)
        self.unlock_button.setObjectName("unlock")
        self.unlock_button.clicked.connect(lambda: self.show_screen("signin", {}))
        self.unlock_button.setVisible(False)
        # The staff's way in: the far left corner, away from "Selesai, hapus data saya".
        nav_layout.insertWidget(0, self.unlock_button)
        self.sign_out_button = QPushButton(tools_row)
        self.sign_out_button.clicked.connect(lambda: self.sign_out())
        tools_layout.addWidget(self.sign_out_button)
        # Over the screen, not in the layout: nothing moves under a finger when it shows.
        self.idle_warning = IdleWarning(central)
        self.idle_banner = self.idle_warning.text
        self.idle_extend_button = self.idle_warning.extend_button
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.status = StatusBarWidget(context)
        self.statusBar().addPermanentWidget(self.status, 1)
        idle_seconds = context.settings.idle_lock_seconds
        if self.selfservice:
            idle_seconds = min(idle_seconds, SELF_SERVICE_IDLE_SECONDS)
        self.idle = IdleLock(
            idle_seconds,
            warn_seconds=CITIZEN_WARNING_SECONDS if self.selfservice else 30,
            parent=self,
        )
        self.idle.countdown.connect(self._idle_countdown)
        self.idle_warning.extend.connect(self.idle.extend)
        self.idle.locked.connect(self.lock)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)
        self.retranslate()
        if self.selfservice:
            # The wizard needs the store at once (it wipes the last session): show a plain
            # "starting" line until the store is open.
            self.nav.setVisible(False)
            context.when_store_open(self.enter_selfservice)
        else:
            self.show_screen("signin", {})  # paints now; it asks the store once open

    def _build_screen(self, name: str) -> Screen:
        module_name = self.screen_modules[name]
        if self.selfservice:
            module_name = SELF_SERVICE_MODULES.get(name, module_name)
        module = importlib.import_module(module_name)
        screen: Screen = module.create(self.context)
        screen.navigate.connect(self.show_screen)
        self.stack.addWidget(screen)
        return screen

    @property
    def citizen_mode(self) -> bool:
        """A self-service kiosk in a citizen's hands (not unlocked by a supervisor)."""
        return self.selfservice and self.context.operator == SELF_SERVICE

    def enter_selfservice(self) -> None:
        """Wipes whatever the last session left (a restart included), then waits for a citizen
        on the start screen, every choice of the last one reset."""
        self.context.operator = SELF_SERVICE
        self.show_screen("start", {"wipe": True})

    def _wipe_citizen_screens(self) -> None:
        """The touch screens forget the last citizen: half-given answers, typed digits and
        every choice (text size, contrast, voice, language)."""
        from ui.selfservice.session import citizen_session

        for name in TOUCH_SCREENS:
            wipe = getattr(self.screens.get(name), "wipe", None)
            if wipe is not None:
                wipe()
        citizen_session(self.context).reset()

    @property
    def current(self) -> str:
        widget = self.stack.currentWidget()
        return next((n for n, s in self.screens.items() if s is widget), "")

    def show_screen(self, name: str, kwargs: dict[str, Any]) -> None:
        if name != "signin" and self.context.operator is None:
            name, kwargs = "signin", {}
        if self.citizen_mode and name not in CITIZEN_SCREENS:
            name, kwargs = "start", {}  # nothing about other citizens is reachable
        screen = self.screens[name]
        self.idle.arm(self.context.operator is not None)
        self.stack.setCurrentWidget(screen)
        self.nav.setVisible(name != "signin" and name not in TOUCH_SCREENS)
        citizen = self.citizen_mode
        # The staff's line in small print; a citizen's screens (the wizard too) have their own.
        self.statusBar().setVisible(
            name not in TOUCH_SCREENS and not (citizen and name != "signin")
        )
        for button in self.nav_buttons.values():
            button.setVisible(not citizen)  # the wizard's "Kembali ke awal" starts again
        self.unlock_button.setVisible(citizen)
        self.help_button.setVisible(not citizen)
        self.language_button.setVisible(not citizen)  # the citizen's choices bar has it
        self._style_nav()
        self.retranslate()
        if kwargs.pop("wipe", False):
            self._wipe_citizen_screens()
            wizard = self.screens["wizard"]
            # The wipe finishes in a worker; a citizen may have moved on by then.
            wizard.wipe(  # type: ignore[attr-defined]
                lambda: screen.activate(**kwargs) if self.stack.currentWidget() is screen else None
            )
            return
        screen.activate(**kwargs)

    def _style_nav(self) -> None:
        """In a citizen's hands the bar above the wizard (finish and wipe, staff) is touch
        sized, in the citizen's text size and theme, like the steps under it."""
        central = self.central
        if not self.citizen_mode:
            self.nav.setStyleSheet("")
            central.setStyleSheet("")
            return
        from ui.selfservice.session import citizen_session

        session = citizen_session(self.context)
        if not self._nav_follows_session:
            session.changed.connect(self._style_nav)
            self._nav_follows_session = True
        small = "QPushButton#unlock { min-height: 44px; min-width: 44px; padding: 0px 8px; }"
        self.nav.setStyleSheet(session.stylesheet(root=self.nav.objectName()) + small)
        # The window's edge and the gap under the bar: the citizen's background, not the
        # staff's light grey (a light frame round a high-contrast screen).
        background = session.preferences.theme.background
        central.setStyleSheet(f"QWidget#window_central {{ background: {background}; }}")

    def _shortcut(self, name: str) -> None:
        if self.context.operator is not None:
            self.show_screen(name, {})

    def show_help(self) -> None:
        """F1: the operator guide from the installed files; not for a citizen's hands."""
        if self.citizen_mode:
            return
        from ui.help import show_guide

        if self.help is not None and self.help.isVisible():
            self.help.activateWindow()
            return
        self.help = show_guide(self, english=self.context.languages.language == "en")

    def toggle_language(self) -> None:
        languages = self.context.languages
        languages.set_language("en" if languages.language == "id" else "id")

    def sign_out(self, detail: str = "") -> None:
        operator = self.context.operator
        if operator is not None:
            self.context.tasks.run(
                self.context.store.audit.record,
                "sign_out",
                operator=operator.username,
                detail=detail,
            )
        self.context.operator = None
        if self.selfservice:
            self.enter_selfservice()
            return
        self.show_screen("signin", {})

    def lock(self) -> None:
        """Idle too long: keep the open application as a draft, then sign out.

        A self-service session is wiped instead: the next citizen sees nothing of it.
        """
        if self.citizen_mode:
            self.enter_selfservice()
            return
        wizard = self.screens.get("wizard")
        autosave = getattr(wizard, "autosave", None)
        if autosave is not None:
            autosave.save_now()
        self.sign_out("idle lock")

    def _idle_countdown(self, left: int) -> None:
        if left <= 0:
            self.idle_warning.hide()
            return
        if self.citizen_mode:
            text = self.tr(
                "Tidak ada aktivitas. Data yang sedang diisi akan DIHAPUS dalam %1 detik; "
                "sentuh layar untuk melanjutkan."
            )
        else:
            text = self.tr(
                "Tidak ada aktivitas. Layar dikunci dalam %1 detik; tekan tombol apa saja "
                "untuk melanjutkan. Data yang sedang diisi tetap tersimpan."
            )
        citizen = self.citizen_mode  # read from a step back, by someone who reads slowly
        theme = DEFAULT
        if citizen:
            from ui.selfservice.session import citizen_session

            theme = citizen_session(self.context).preferences.theme
        self.idle_warning.setStyleSheet(warning_style(theme, citizen=citizen))
        self.idle_warning.show_text(
            text.replace("%1", str(left)), self.tr("Lanjutkan"), centred=citizen
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        title = self.tr("Anjungan Layanan Adminduk")
        self.setWindowTitle(f"{title} (DEMO)" if self.context.demo else title)
        labels = {
            "wizard": self.tr("Permohonan baru (F2)"),
            "applications": self.tr("Daftar permohonan (F3)"),
            "recap": self.tr("Rekap (F4)"),
            "about": self.tr("Tentang (F12)"),
            "visits": self.tr("Kunjungan (F5)"),
        }
        for name, button in self.nav_buttons.items():
            button.setText(labels[name])
        self.language_button.setText(
            "English" if self.context.languages.language == "id" else "Bahasa Indonesia"
        )
        self.unlock_button.setText(self.tr("Petugas"))
        self.help_button.setText(self.tr("Bantuan (F1)"))
        self.starting.setText(self.tr("Menyiapkan anjungan..."))
        if self.citizen_mode:
            self.sign_out_button.setText(self.tr("Selesai, hapus data saya"))
        else:
            self.sign_out_button.setText(self.tr("Keluar"))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if not self.selfservice and self.context.data_dir is not None:
            window_state.save(self, self.context.data_dir)  # a public kiosk is full screen
        self.status.timer.stop()
        self.idle.arm(False)
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)
        self.context.tasks.wait(10_000)
        super().closeEvent(event)
