"""The citizen's session as the self-service screens share it: their choices and the voice.

One per window (kept in `AppContext.extras`); `reset()` runs with every wipe, so the next
person starts from the defaults, with the voice silent.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from ui.context import AppContext
from ui.design.stylesheet import build_stylesheet
from ui.selfservice.preferences import CitizenPreferences
from ui.selfservice.voice import Voice

SPEECH_ENGINE_KEY = "selfservice_speech_engine"
"""`context.extras[...]`: the QTextToSpeech engine to use (tests set "mock")."""


class CitizenSession(QObject):
    changed = Signal()
    """A choice changed: the screens restyle and re-read their texts."""
    wiped = Signal()
    """The citizen's session was wiped: every screen forgets what it still shows of them."""

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.preferences = CitizenPreferences()
        self.voice = Voice(context.extras.get(SPEECH_ENGINE_KEY), self)

    def stylesheet(self, root: str = "selfservice_root") -> str:
        return build_stylesheet(self.preferences.theme, self.preferences.text_size, root)

    def larger_text(self) -> None:
        self.preferences.larger_text()
        self.changed.emit()

    def toggle_contrast(self) -> None:
        self.preferences.high_contrast = not self.preferences.high_contrast
        self.changed.emit()

    def toggle_voice(self) -> None:
        self.preferences.voice = not self.preferences.voice
        self.voice.enabled = self.preferences.voice
        if not self.voice.enabled:
            self.voice.stop()
        self.changed.emit()

    def toggle_language(self) -> None:
        self.preferences.language = "en" if self.preferences.language == "id" else "id"
        self.context.languages.set_language(self.preferences.language)
        self.changed.emit()

    def reset(self) -> None:
        """For the next person: every choice back to its default, the voice stopped."""
        self.voice.stop()
        self.voice.enabled = False
        office_language = self.context.settings.language
        if self.context.languages.language != office_language:
            self.context.languages.set_language(office_language)
        self.preferences.reset()
        self.preferences.language = office_language
        self.changed.emit()
        self.wiped.emit()


def citizen_session(context: AppContext) -> CitizenSession:
    session = context.extras.get("citizen_session")
    if session is None:
        session = CitizenSession(context)
        context.extras["citizen_session"] = session
    assert isinstance(session, CitizenSession)
    return session
