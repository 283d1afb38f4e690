"""F1: the operator guide (docs/operator-guide.md with its screenshots), shown in the app.

It is read from the installed files (the frozen build ships docs/ beside resources/), so it
opens without a network and never in an outside browser a self-service kiosk must not show.
The guide is Bahasa Indonesia first, English after; in English the dialog opens at the English
half.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QImage, QPixmap, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from resources import RESOURCES_DIR

GUIDE = RESOURCES_DIR.parent / "docs" / "operator-guide.md"
PICTURE_WIDTH = 700
ENGLISH_HEADING = "Operator guide"
"""The heading the English half of the guide starts with."""


class HelpDialog(QDialog):
    def __init__(self, guide: Path, *, english: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("help")
        self.setWindowTitle(self.tr("Panduan petugas"))
        self.resize(900, 680)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(True)
        self.browser.setOpenExternalLinks(False)  # offline, and nothing outside the app
        self.browser.setSearchPaths([str(guide.parent)])
        self.browser.setSource(
            QUrl.fromLocalFile(str(guide)), QTextDocument.ResourceType.MarkdownResource
        )
        self._fit_pictures(PICTURE_WIDTH)
        layout.addWidget(self.browser, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Tutup"))
        layout.addWidget(buttons)
        if english:
            self.browser.find(ENGLISH_HEADING)
            cursor = self.browser.textCursor()
            cursor.clearSelection()
            self.browser.setTextCursor(cursor)
        self.browser.setFocus()

    def _fit_pictures(self, width: int) -> None:
        """Screenshots are 1366 px wide: shown at most `width` wide, so the text stays in
        view without scrolling sideways (Markdown has no way to say so)."""
        document = self.browser.document()
        block = document.begin()
        while block.isValid():
            fragments = block.begin()
            while not fragments.atEnd():
                fragment = fragments.fragment()
                fragments += 1
                image = fragment.charFormat().toImageFormat()
                if not fragment.charFormat().isImageFormat():
                    continue
                picture = document.resource(
                    QTextDocument.ResourceType.ImageResource, QUrl(image.name())
                )
                natural, height = _picture_width(picture)
                if natural <= width:
                    continue
                image.setWidth(width)
                image.setHeight(height * width / natural)
                cursor = QTextCursor(document)
                cursor.setPosition(fragment.position())
                cursor.setPosition(
                    fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor
                )
                cursor.setCharFormat(image)
            block = block.next()


def _picture_width(picture: object) -> tuple[int, int]:
    if isinstance(picture, QImage | QPixmap):
        return picture.width(), picture.height()
    return 0, 0


def show_guide(parent: QWidget, *, english: bool, guide: Path = GUIDE) -> HelpDialog | None:
    """Opens the guide beside the app (not modal: the operator can keep working); a missing
    file says where it was looked for instead."""
    if not guide.is_file():
        translate = QCoreApplication.translate
        QMessageBox.warning(
            parent,
            translate("HelpDialog", "Panduan petugas"),
            translate(
                "HelpDialog", "Panduan tidak ditemukan di %1. Pasang ulang aplikasi."
            ).replace("%1", str(guide)),
        )
        return None
    dialog = HelpDialog(guide, english=english, parent=parent)
    dialog.show()
    return dialog
