"""What every self-service screen shares: the design system's style sheet, the citizen's
choices bar (text size, contrast, voice, language), "Ulangi" and "Kembali ke awal".

A screen says what it is for and what to do (`intro()`), spoken when it is shown with the
voice on, and again on "Ulangi".
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.screens.base import Screen
from ui.selfservice.choices import CitizenChoices, big_button, paint_icons
from ui.selfservice.session import CitizenSession, citizen_session


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
        self.choices = CitizenChoices(self.session, self)
        self.choices.voice_toggled.connect(self.speak_intro)
        self.text_size_button = self.choices.text_size_button
        self.contrast_button = self.choices.contrast_button
        self.voice_button = self.choices.voice_button
        self.language_button = self.choices.language_button
        self.repeat_button = self.choices.repeat_button
        self.repeat_button.clicked.connect(self.speak_intro)
        bar.addWidget(self.repeat_button)
        outer.addLayout(bar)
        self.top_bar = bar
        self.notice = QLabel(self)
        self.notice.setObjectName("notice")
        self.notice.setProperty("role", "warning")
        self.notice.setWordWrap(True)
        self.notice.hide()
        outer.addWidget(self.notice)
        # The body scrolls rather than pushing the window past the screen at the largest text.
        self.body_scroll = scroll = QScrollArea(self)
        scroll.setObjectName("body_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content = QWidget(scroll)
        scroll.setWidget(content)
        outer.addWidget(scroll, 1)
        # What must stay in reach however far the body is scrolled (the survey's faces and
        # its send button) sits under it, never scrolled away.
        self.below_body = QVBoxLayout()
        self.below_body.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(self.below_body)
        # The citizen's choices sit at the bottom, the same place on every screen.
        outer.addWidget(self.choices)
        self.body = QVBoxLayout(content)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(16)
        self.restyle()

    def intro(self) -> str:
        """What this screen is for and what to do, in one or two short sentences."""
        return ""

    def activate(self, **kwargs: Any) -> None:
        self.restyle()
        self.show_from_top(self.title)
        self.speak_intro()

    def show_from_top(self, focus: QWidget) -> None:
        """A new page (or a new question on the same one): from its top, the focus on what
        it says first, so the citizen never lands mid-way down the last page they saw."""
        self.body_scroll.verticalScrollBar().setValue(0)
        if focus.focusPolicy() == Qt.FocusPolicy.NoFocus:
            focus.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a text read out, not a button
        focus.setFocus(Qt.FocusReason.OtherFocusReason)
        # The page's height is laid out after this call: stay at the top once it is.
        QTimer.singleShot(0, self._scroll_to_top)

    def _scroll_to_top(self) -> None:
        self.body_scroll.verticalScrollBar().setValue(0)

    def screen_style(self) -> str:
        """Rules a screen adds to the design's style sheet (in the current text size)."""
        return ""

    def speak_intro(self) -> None:
        self.session.voice.say(self.intro())

    def _no_voice(self) -> None:
        self.notice.setText(
            self.tr("Suara tidak tersedia di mesin ini; anjungan tetap bisa dipakai tanpa suara.")
        )
        self.notice.show()

    def restyle(self) -> None:
        self.setStyleSheet(self.session.stylesheet() + self.screen_style())
        self.retranslate()  # the choices' checked states first: their icons follow them
        paint_icons(self, self.session)

    def retranslate(self) -> None:
        self.home_button.setText(self.tr("Kembali ke awal"))
        self.choices.refresh()
