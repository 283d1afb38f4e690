"""Base class of a screen: navigation signal, activation hook, retranslation on language change."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QWidget

from ui.context import AppContext


class Screen(QWidget):
    navigate = Signal(str, dict)

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context

    def activate(self, **kwargs: Any) -> None:
        """Called every time the screen is shown; refresh data here (off the main thread)."""

    def retranslate(self) -> None:
        """Set every user-visible text again with self.tr(...)."""

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def go(self, screen: str, **kwargs: Any) -> None:
        self.navigate.emit(screen, kwargs)
