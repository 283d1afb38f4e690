"""The main window: a stack of screens, a navigation bar and the status bar. It only wires
screens together; every screen owns its own logic."""

from __future__ import annotations

import importlib
import logging
from typing import Any

from PySide6.QtCore import QEvent
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

from ui.context import AppContext
from ui.idle import IdleLock
from ui.screens import SCREEN_MODULES
from ui.screens.base import Screen
from ui.status_bar import StatusBarWidget

log = logging.getLogger("kiosk.ui")
NAVIGATION = (("wizard", "F2"), ("applications", "F3"), ("recap", "F4"))


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.resize(1200, 780)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        self.nav = QWidget(central)
        nav_layout = QHBoxLayout(self.nav)
        nav_layout.setContentsMargins(0, 0, 0, 0)
        self.nav_buttons: dict[str, QPushButton] = {}
        self.stack = QStackedWidget(central)
        self.screens: dict[str, Screen] = {}
        for name, module_name in SCREEN_MODULES.items():
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name != module_name:
                    raise
                continue
            screen = module.create(context)
            screen.navigate.connect(self.show_screen)
            self.screens[name] = screen
            self.stack.addWidget(screen)
        for name, key in NAVIGATION:
            if name in self.screens:
                button = QPushButton(self.nav)
                button.clicked.connect(lambda _=False, n=name: self.show_screen(n, {}))
                nav_layout.addWidget(button)
                self.nav_buttons[name] = button
                QShortcut(QKeySequence(key), self, lambda n=name: self._shortcut(n))
        nav_layout.addStretch(1)
        self.language_button = QPushButton(self.nav)
        self.language_button.clicked.connect(self.toggle_language)
        nav_layout.addWidget(self.language_button)
        self.sign_out_button = QPushButton(self.nav)
        self.sign_out_button.clicked.connect(lambda: self.sign_out())
        nav_layout.addWidget(self.sign_out_button)
        self.idle_banner = QLabel(central)
        self.idle_banner.setObjectName("idle_banner")
        self.idle_banner.setStyleSheet(
            "background: #fff3cd; color: #5c4400; font-size: 16pt; padding: 8px;"
        )
        self.idle_banner.hide()
        layout.addWidget(self.idle_banner)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.status = StatusBarWidget(context)
        self.statusBar().addPermanentWidget(self.status, 1)
        self.idle = IdleLock(context.settings.idle_lock_seconds, parent=self)
        self.idle.countdown.connect(self._idle_countdown)
        self.idle.locked.connect(self.lock)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)
        self.retranslate()
        self.show_screen("signin", {})

    @property
    def current(self) -> str:
        widget = self.stack.currentWidget()
        return next((n for n, s in self.screens.items() if s is widget), "")

    def show_screen(self, name: str, kwargs: dict[str, Any]) -> None:
        if name != "signin" and self.context.operator is None:
            name, kwargs = "signin", {}
        screen = self.screens[name]
        self.idle.arm(self.context.operator is not None)
        self.stack.setCurrentWidget(screen)
        self.nav.setVisible(name != "signin")
        screen.activate(**kwargs)

    def _shortcut(self, name: str) -> None:
        if self.context.operator is not None:
            self.show_screen(name, {})

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
        self.show_screen("signin", {})

    def lock(self) -> None:
        """Idle too long: keep the open application as a draft, then sign out."""
        wizard = self.screens.get("wizard")
        autosave = getattr(wizard, "autosave", None)
        if autosave is not None:
            autosave.save_now()
        self.sign_out("idle lock")

    def _idle_countdown(self, left: int) -> None:
        if left <= 0:
            self.idle_banner.hide()
            return
        self.idle_banner.setText(
            self.tr(
                "Tidak ada aktivitas. Layar dikunci dalam %1 detik; tekan tombol apa saja "
                "untuk melanjutkan. Data yang sedang diisi tetap tersimpan."
            ).replace("%1", str(left))
        )
        self.idle_banner.show()

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
        }
        for name, button in self.nav_buttons.items():
            button.setText(labels[name])
        self.language_button.setText(
            "English" if self.context.languages.language == "id" else "Bahasa Indonesia"
        )
        self.sign_out_button.setText(self.tr("Keluar"))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.status.timer.stop()
        self.idle.arm(False)
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)
        self.context.tasks.wait(10_000)
        super().closeEvent(event)
