"""What every self-service screen shares: the design system's style sheet, the citizen's
choices bar (text size, contrast, voice, language), "Ulangi" and "Kembali ke awal".

A screen says what it is for and what to do (`intro()`), spoken when it is shown with the
voice on, and again on "Ulangi".
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.screens.base import Screen
from ui.selfservice.icons import icon
from ui.selfservice.session import CitizenSession, citizen_session

ICON_PX = 48


def big_button(parent: QWidget, name: str, role: str = "", icon_name: str = "") -> QPushButton:
    button = QPushButton(parent)
    button.setObjectName(name)
    if role:
        button.setProperty("role", role)
    if icon_name:
        button.setProperty("icon_name", icon_name)  # painted in the theme's colour (restyle)
        button.setIcon(icon(icon_name))
        button.setIconSize(QSize(ICON_PX, ICON_PX))
    return button


class SelfServiceScreen(Screen):
    home_button_shown = True

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self.setObjectName("selfservice_root")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.session: CitizenSession = citizen_session(context)
        self.session.changed.connect(self.restyle)
        self.session.voice.unavailable.connect(self._no_voice)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 16)
        outer.setSpacing(16)
        bar = QHBoxLayout()
        self.home_button = big_button(self, "home", icon_name="back")
        self.home_button.clicked.connect(lambda: self.go("start"))
        self.home_button.setVisible(self.home_button_shown)
        bar.addWidget(self.home_button)
        self.title = QLabel(self)
        self.title.setObjectName("title")
        self.title.setProperty("role", "title")
        self.title.setWordWrap(True)
        bar.addWidget(self.title, 1)
        self.text_size_button = big_button(self, "text_size", icon_name="text-size")
        self.text_size_button.clicked.connect(self.session.larger_text)
        self.contrast_button = big_button(self, "contrast", icon_name="contrast")
        self.contrast_button.setCheckable(True)
        self.contrast_button.clicked.connect(self.session.toggle_contrast)
        self.voice_button = big_button(self, "voice", icon_name="voice")
        self.voice_button.setCheckable(True)
        self.voice_button.clicked.connect(self._toggle_voice)
        self.language_button = big_button(self, "language", icon_name="language")
        self.language_button.clicked.connect(self.session.toggle_language)
        self.repeat_button = big_button(self, "repeat", icon_name="repeat")
        self.repeat_button.clicked.connect(self.speak_intro)
        bar.addWidget(self.repeat_button)
        outer.addLayout(bar)
        self.notice = QLabel(self)
        self.notice.setObjectName("notice")
        self.notice.setProperty("role", "warning")
        self.notice.setWordWrap(True)
        self.notice.hide()
        outer.addWidget(self.notice)
        # The body scrolls rather than pushing the window past the screen at the largest text.
        scroll = QScrollArea(self)
        scroll.setObjectName("body_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content = QWidget(scroll)
        scroll.setWidget(content)
        outer.addWidget(scroll, 1)
        # The citizen's choices sit at the bottom, the same place on every screen.
        choices = QHBoxLayout()
        for button in (
            self.text_size_button,
            self.contrast_button,
            self.voice_button,
            self.language_button,
        ):
            choices.addWidget(button)
        outer.addLayout(choices)
        self.body = QVBoxLayout(content)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(16)
        self.restyle()

    def intro(self) -> str:
        """What this screen is for and what to do, in one or two short sentences."""
        return ""

    def activate(self, **kwargs: Any) -> None:
        self.restyle()
        self.speak_intro()

    def speak_intro(self) -> None:
        self.session.voice.say(self.intro())

    def _toggle_voice(self) -> None:
        self.session.toggle_voice()
        self.speak_intro()

    def _no_voice(self) -> None:
        self.notice.setText(
            self.tr("Suara tidak tersedia di mesin ini; anjungan tetap bisa dipakai tanpa suara.")
        )
        self.notice.show()

    def restyle(self) -> None:
        prefs = self.session.preferences
        self.setStyleSheet(self.session.stylesheet())
        theme = prefs.theme
        for button in self.findChildren(QPushButton):
            name = button.property("icon_name")
            if name:
                on_primary = button.property("role") in ("primary", "choice")
                button.setIcon(icon(name, theme.on_primary if on_primary else theme.on_surface))
        self.contrast_button.setChecked(prefs.high_contrast)
        self.voice_button.setChecked(prefs.voice)
        self.retranslate()

    def retranslate(self) -> None:
        self.home_button.setText(self.tr("Kembali ke awal"))
        self.text_size_button.setText(self.tr("Huruf besar"))
        self.contrast_button.setText(self.tr("Kontras"))
        self.voice_button.setText(self.tr("Suara"))
        self.language_button.setText(
            "English" if self.session.preferences.language == "id" else "Bahasa"
        )
        self.repeat_button.setText(self.tr("Ulangi"))
