"""The self-service pictograms (resources/icons/selfservice, MIT, drawn for this project)."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from resources import RESOURCES_DIR

ICONS_DIR = RESOURCES_DIR / "icons" / "selfservice"


def icon(name: str) -> QIcon:
    path = ICONS_DIR / f"{name}.svg"
    if not path.is_file():
        raise FileNotFoundError(path)
    return QIcon(str(path))
