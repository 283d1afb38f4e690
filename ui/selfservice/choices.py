"""The citizen's choices bar: text size, contrast, voice and language, plus "Ulangi".

The same buttons in the same place on every self-service screen and on the wizard while a
citizen uses it, so what was learnt on the start screen works everywhere.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from ui.selfservice.icons import icon
from ui.selfservice.preferences import TEXT_STEPS
from ui.selfservice.session import CitizenSession
from ui.selfservice.wrap_button import WrapButton

ICON_PX = 48


def big_button(
    parent: QWidget, name: str, role: str = "", icon_name: str = "", *, wrap: bool = False
) -> QPushButton:
    """`wrap`: a long text goes onto more lines (see WrapButton) rather than being cut."""
    button = WrapButton(parent, wrap=wrap) if wrap else QPushButton(parent)
    button.setObjectName(name)
    if role:
        button.setProperty("role", role)
    if icon_name:
        button.setProperty("icon_name", icon_name)  # painted in the theme's colour (repaint)
        button.setIcon(icon(icon_name))
        button.setIconSize(QSize(ICON_PX, ICON_PX))
    return button


def paint_icons(root: QWidget, session: CitizenSession) -> None:
    """Every pictogram under `root` in the colour of the text beside it (theme changes; a
    checked button is painted in the pressed colours). Call after the checked states are set."""
    theme = session.preferences.theme
    for button in root.findChildren(QPushButton):
        name = button.property("icon_name")
        if name:
            on_primary = button.property("role") in ("primary", "choice")
            colour = theme.on_primary if on_primary else theme.on_surface
            button.setIcon(icon(name, theme.on_pressed if button.isChecked() else colour))


class CitizenChoices(QWidget):
    """The four choices; `repeat_button` is made here and placed by the screen."""

    voice_toggled = Signal()
    """The citizen turned the voice on or off (the screen says its intro again)."""

    def __init__(self, session: CitizenSession, parent: QWidget) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("choices_bar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.text_size_button = big_button(self, "text_size", icon_name="text-size")
        self.text_size_button.clicked.connect(session.larger_text)
        self.contrast_button = big_button(self, "contrast", icon_name="contrast")
        self.contrast_button.setCheckable(True)
        self.contrast_button.clicked.connect(session.toggle_contrast)
        self.voice_button = big_button(self, "voice", icon_name="voice")
        self.voice_button.setCheckable(True)
        self.voice_button.clicked.connect(self._toggle_voice)
        self.language_button = big_button(self, "language", icon_name="language")
        self.language_button.clicked.connect(session.toggle_language)
        for button in (
            self.text_size_button,
            self.contrast_button,
            self.voice_button,
            self.language_button,
        ):
            layout.addWidget(button)
        self.repeat_button = big_button(parent, "repeat", icon_name="repeat")

    def _toggle_voice(self) -> None:
        self.session.toggle_voice()
        self.voice_toggled.emit()

    def refresh(self) -> None:
        """Checked states and texts from the session's current choices."""
        prefs = self.session.preferences
        self.contrast_button.setChecked(prefs.high_contrast)
        self.voice_button.setChecked(prefs.voice)
        step = TEXT_STEPS.index(prefs.text_size) + 1  # which of the 3 is on, then the next
        self.text_size_button.setText(self.tr("Huruf besar (%1/3)").replace("%1", str(step)))
        self.contrast_button.setText(self.tr("Kontras"))
        self.voice_button.setText(self.tr("Suara"))
        self.language_button.setText("English" if prefs.language == "id" else "Bahasa")
        self.repeat_button.setText(self.tr("Ulangi"))
