"""The self-service pictograms (resources/icons/selfservice, MIT, drawn for this project).

They are drawn in `currentColor` only, and painted here in the colour of the text beside
them, so a pictogram keeps the text's contrast in every theme.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QIcon, QPixmap

from resources import RESOURCES_DIR
from ui.design.tokens import DEFAULT

ICONS_DIR = RESOURCES_DIR / "icons" / "selfservice"


def icon(name: str, colour: str = DEFAULT.text) -> QIcon:
    path = ICONS_DIR / f"{name}.svg"
    svg = path.read_text(encoding="utf-8").replace("currentColor", colour)
    pixmap = QPixmap()
    if not pixmap.loadFromData(QByteArray(svg.encode("utf-8")), "SVG"):
        raise ValueError(f"{path} is not a drawable SVG")
    return QIcon(pixmap)
