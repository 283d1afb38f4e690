"""The counter's look: the design system's colours (ui/design/tokens.py, the DEFAULT theme),
a readable font and a focus that can be seen.

Staff at the counter work by keyboard: the platform style's focus hint (a thin dotted line, or
nothing at all on some styles) is not enough, so a focused button, check box or radio button
gets a thick frame in the focus colour. The self-service screens lay their own, larger sheet
(ui/design/stylesheet.py) over this one, from the same tokens.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from ui.design.tokens import DEFAULT, Theme

MIN_POINT_SIZE = 12
"""What every counter layout must fit on a 1024x768 screen."""
FOCUS_FRAME_PX = 3


def counter_stylesheet(theme: Theme = DEFAULT) -> str:
    """The app-wide sheet: buttons in the surface colours, pressed in the pressed pair, the
    default button framed in the primary colour, and the thick focus frame.

    A disabled button loses its fill, its frame turns dashed and its text takes the border
    colour: WCAG asks no contrast of inactive controls, but the text still reads (6.9:1), so
    a member of staff can see what the button will do once the form allows it.
    """
    t = theme
    focus = FOCUS_FRAME_PX
    return f"""
QPushButton {{
    border: 1px solid {t.border}; border-radius: 4px; padding: 3px 10px;
    background: {t.surface}; color: {t.on_surface};
}}
QPushButton:hover {{ border-color: {t.primary}; }}
QPushButton:pressed, QPushButton:checked {{
    background: {t.pressed}; color: {t.on_pressed}; border-color: {t.pressed};
}}
QPushButton:disabled {{
    color: {t.border}; border: 1px dashed {t.border}; background: {t.background};
}}
QPushButton:default {{ border: 2px solid {t.primary}; padding: 2px 9px; }}
QPushButton:focus {{ border: {focus}px solid {t.focus}; padding: 1px 8px; }}
QCheckBox:focus, QRadioButton:focus {{
    background: {t.surface}; color: {t.on_surface}; border: 2px solid {t.focus};
    border-radius: 4px;
}}
QToolButton:focus {{ border: {focus}px solid {t.focus}; border-radius: 4px; }}
"""


def counter_palette(theme: Theme = DEFAULT) -> QPalette:
    """Window, fields, buttons and selections in the tokens' colours, so that text the sheet
    does not style (labels, tables, fields) sits on the background the contrast pairs were
    checked on."""
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: theme.background,
        QPalette.ColorRole.WindowText: theme.text,
        QPalette.ColorRole.Base: theme.background,
        QPalette.ColorRole.AlternateBase: theme.surface,
        QPalette.ColorRole.Text: theme.text,
        QPalette.ColorRole.PlaceholderText: theme.muted_text,
        QPalette.ColorRole.Button: theme.surface,
        QPalette.ColorRole.ButtonText: theme.on_surface,
        QPalette.ColorRole.Highlight: theme.primary,
        QPalette.ColorRole.HighlightedText: theme.on_primary,
        QPalette.ColorRole.ToolTipBase: theme.warning,
        QPalette.ColorRole.ToolTipText: theme.on_warning,
        QPalette.ColorRole.Link: theme.primary,
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    palette.setColor(
        QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor(theme.muted_text)
    )
    palette.setColor(
        QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor(theme.muted_text)
    )
    return palette


def apply_look(app: QApplication) -> None:
    """At least 12 pt everywhere, the tokens' palette and the counter's sheet."""
    font = QFont(app.font())
    font.setPointSize(max(font.pointSize(), MIN_POINT_SIZE))
    app.setFont(font)
    app.setPalette(counter_palette())
    app.setStyleSheet(counter_stylesheet())


ERROR_TEXT_STYLE = f"color: {DEFAULT.error}; font-weight: bold;"
"""An inline message that stops the step (wrong password, a failed load), on the background."""
PICTURE_FRAME_STYLE = f"border: 1px solid {DEFAULT.border}; background: {DEFAULT.surface};"
"""A thumbnail of a captured page, framed so a white page shows where it ends."""
