"""One translation catalogue: source strings are Bahasa Indonesia (the default language), the
English catalogue is resources/translations/kiosk_en.ts compiled to kiosk_en.qm.

Switching language at runtime installs or removes the translators; Qt then sends every widget a
LanguageChange event, and each screen re-reads its texts in `retranslate()`. Qt's own strings
(dialog buttons, context menus) come from Qt's qtbase catalogues; Qt ships none in Indonesian,
so resources/translations/qtbase_id.ts carries those the app can show (standard buttons, the
text fields' context menu, message box details, the file dialog), in Qt's own contexts.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from resources import RESOURCES_DIR

log = logging.getLogger("kiosk.ui")
TRANSLATIONS_DIR = RESOURCES_DIR / "translations"
LANGUAGES = ("id", "en")


class LanguageManager:
    def __init__(self, app: QCoreApplication) -> None:
        self._app = app
        self._installed: list[QTranslator] = []
        self.language = "id"

    def set_language(self, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unsupported language {language!r}")
        for translator in self._installed:
            self._app.removeTranslator(translator)
        self._installed.clear()
        qt_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
        candidates = [(qt_dir, f"qtbase_{language}")]
        if not (qt_dir / f"qtbase_{language}.qm").exists():
            candidates = [(TRANSLATIONS_DIR, f"qtbase_{language}")]
        if language != "id":
            candidates.append((TRANSLATIONS_DIR, f"kiosk_{language}"))
        for folder, name in candidates:
            translator = QTranslator(self._app)
            if translator.load(name, str(folder)):
                self._app.installTranslator(translator)
                self._installed.append(translator)
            elif folder == TRANSLATIONS_DIR:
                log.warning("translation %s missing in %s", name, folder)
        QLocale.setDefault(
            QLocale(QLocale.Language.Indonesian if language == "id" else QLocale.Language.English)
        )
        self.language = language
