"""Voice guidance with QtTextToSpeech: speech-dispatcher + espeak-ng (Indonesian) on Linux,
SAPI on Windows. Each screen says what it is for and what to do; typed digits are read out.

`spoken` keeps, in order, every text handed to the engine, so tests on Qt's `mock` engine
(no sound device; its say() never finishes) can assert what was said. Without any engine the
kiosk says so once (a line on screen) and works silently.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QObject, Signal

if TYPE_CHECKING:
    from PySide6.QtTextToSpeech import QTextToSpeech

log = logging.getLogger("kiosk.ui")


class Voice(QObject):
    unavailable = Signal()
    """Emitted once, the first time speech was wanted and no engine could speak."""

    def __init__(self, engine: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engine_name = engine
        self._speech: QTextToSpeech | None = None
        self._told_unavailable = False
        self.enabled = False
        self.spoken: list[str] = []

    def _engine(self) -> QTextToSpeech | None:
        if self._speech is None:
            # Imported on first use: it loads QtMultimedia, which a silent kiosk never needs.
            from PySide6.QtTextToSpeech import QTextToSpeech

            engines = QTextToSpeech.availableEngines()
            name = self._engine_name or (engines[0] if engines else None)
            if name is None or name not in engines:
                return None
            self._speech = QTextToSpeech(name, self)
            self._speech.setLocale(QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia))
        if self._speech.state() == self._speech.State.Error:
            return None
        return self._speech

    def say(self, text: str) -> None:
        if not self.enabled or not text:
            return
        speech = self._engine()
        if speech is None:
            if not self._told_unavailable:
                self._told_unavailable = True
                log.info("no speech engine: voice guidance off")
                self.unavailable.emit()
            return
        self.spoken.append(text)
        speech.say(text)

    def stop(self) -> None:
        if self._speech is not None:
            self._speech.stop()
