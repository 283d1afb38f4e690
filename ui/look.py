"""The app's look that every screen shares: a readable font and a focus that can be seen.

Staff at the counter work by keyboard and many citizens at a kiosk are elderly: the platform
style's focus hint (a thin dotted line, or nothing at all on some styles) is not enough, so a
focused button, check box or radio button gets a thick blue frame.
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

FOCUS_COLOUR = "#0b57d0"
STYLE = f"""
QPushButton {{
    border: 1px solid #8c8c8c; border-radius: 4px; padding: 3px 10px; background: #f6f6f6;
}}
QPushButton:hover {{ background: #e8eefc; }}
QPushButton:pressed {{ background: #d2defa; }}
QPushButton:disabled {{ color: #8a8a8a; border-color: #c4c4c4; background: #f0f0f0; }}
QPushButton:default {{ border-color: #4a4a4a; }}
QPushButton:focus {{ border: 3px solid {FOCUS_COLOUR}; padding: 1px 8px; }}
QCheckBox:focus, QRadioButton:focus {{
    background: #dce7fb; border: 2px solid {FOCUS_COLOUR}; border-radius: 4px;
}}
QToolButton:focus {{ border: 3px solid {FOCUS_COLOUR}; border-radius: 4px; }}
"""


def apply_look(app: QApplication) -> None:
    """At least 12 pt everywhere (what every layout must fit on a 1024x768 screen), and the
    focus frame."""
    font = QFont(app.font())
    font.setPointSize(max(font.pointSize(), 12))
    app.setFont(font)
    app.setStyleSheet(STYLE)
