"""F1 opens the operator guide from the installed files, Bahasa Indonesia first."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.settings import Profile
from ui.context import AppContext
from ui.help import GUIDE, HelpDialog
from ui.main_window import MainWindow
from ui.selfservice import SELF_SERVICE

ROOT = Path(__file__).resolve().parents[2]
IMAGES = re.compile(r"!\[[^\]]*\]\(([^)]+)\)")


def _guide_text() -> str:
    return (ROOT / "docs" / "operator-guide.md").read_text(encoding="utf-8")


def test_the_guide_is_indonesian_first_task_by_task_with_local_screenshots() -> None:
    text = _guide_text()
    headings = re.findall(r"^# (.+)$", text, flags=re.MULTILINE)
    assert headings == ["Panduan petugas", "Operator guide"]
    indonesian = text.split("\n# Operator guide")[0]
    tasks = re.findall(r"^## \d+\. (.+)$", indonesian, flags=re.MULTILINE)
    assert len(tasks) >= 10
    assert "Menerima permohonan baru (F2)" in tasks
    pictures = IMAGES.findall(text)
    assert len(pictures) >= 10
    for picture in pictures:
        assert not picture.startswith(("http:", "https:", "/")), picture  # offline, relative
        assert (ROOT / "docs" / picture).is_file(), picture
    # Every screen the guide once waited for now exists: no placeholder is left.
    assert "[Untuk dilengkapi" not in text
    assert "[To be completed" not in text
    for screen_words in ("Wilayah lain", "Alasan tetap mengirim", "Daftarkan perangkat"):
        assert screen_words in text


def test_the_installed_build_carries_the_guide_and_its_screenshots() -> None:
    sys.path.insert(0, str(ROOT / "installer" / "frozen"))
    try:
        import build_support
    finally:
        sys.path.remove(str(ROOT / "installer" / "frozen"))
    pairs = {
        (Path(os.path.relpath(source, ROOT)).as_posix(), dest)
        for source, dest in build_support.data_files(ROOT)
    }
    assert ("docs/operator-guide.md", "docs") in pairs
    for picture in IMAGES.findall(_guide_text()):
        assert (f"docs/{picture}", str(Path("docs", picture).parent.as_posix())) in pairs
    # The app finds it beside resources/, as the frozen bundle lays it out.
    assert GUIDE == ROOT / "docs" / "operator-guide.md"


def _activate(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def _f1(qtbot: QtBot, window: MainWindow) -> None:
    """F1 to the focused widget, as the keyboard delivers it."""
    focused = QApplication.focusWidget()
    qtbot.keyClick(focused if focused is not None else window, Qt.Key.Key_F1)


def _open_help(qtbot: QtBot, window: MainWindow) -> HelpDialog:
    _f1(qtbot, window)
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, HelpDialog)]
    assert len(dialogs) == 1
    dialog = dialogs[0]
    qtbot.addWidget(dialog)
    assert dialog.isVisible()
    return dialog


def test_f1_opens_the_guide_with_its_pictures(qtbot: QtBot, context: AppContext) -> None:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    _activate(qtbot, window)
    dialog = _open_help(qtbot, window)
    document = dialog.browser.document()
    assert "Menyalakan aplikasi pertama kali" in document.toPlainText()
    for picture in IMAGES.findall(_guide_text()):
        image = document.resource(QTextDocument.ResourceType.ImageResource, QUrl(picture))
        assert image is not None, picture
        assert not image.isNull(), picture
    assert dialog.browser.textCursor().position() == 0  # Indonesian: from the top
    _activate(qtbot, window)
    _f1(qtbot, window)  # again: the same dialog, not a second one
    assert sum(isinstance(w, HelpDialog) for w in QApplication.topLevelWidgets()) == 1
    dialog.close()


def test_in_english_the_guide_opens_at_its_english_half(qtbot: QtBot, context: AppContext) -> None:
    context.languages.set_language("en")
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    _activate(qtbot, window)
    dialog = _open_help(qtbot, window)
    assert dialog.windowTitle() == "Operator guide"
    block = dialog.browser.textCursor().block().text()
    assert block == "Operator guide"
    dialog.close()


def test_a_citizen_at_a_self_service_kiosk_gets_no_operator_guide(
    qtbot: QtBot, context: AppContext
) -> None:
    context.settings.profile = Profile.SELFSERVICE
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: context.operator == SELF_SERVICE)
    _activate(qtbot, window)
    _f1(qtbot, window)
    assert not any(isinstance(w, HelpDialog) for w in QApplication.topLevelWidgets())
    assert not window.help_button.isVisible()
