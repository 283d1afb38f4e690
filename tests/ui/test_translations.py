"""The one translation catalogue: every user-facing string under ui/ has English, the compiled
.qm matches the .ts, and switching language at runtime changes what the widgets say."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import cast

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.accounts import Operator, Role
from ui.context import AppContext
from ui.i18n import TRANSLATIONS_DIR, LanguageManager
from ui.main_window import MainWindow
from ui.screens.applications import ApplicationsScreen

ROOT = Path(__file__).resolve().parents[2]
TS = TRANSLATIONS_DIR / "kiosk_en.ts"
QM = TRANSLATIONS_DIR / "kiosk_en.qm"
TOOLS = Path(sys.executable).parent
FIX = "run scripts/update-translations, translate in resources/translations/kiosk_en.ts, run again"


def ui_sources() -> list[str]:
    return sorted(
        str(p.relative_to(ROOT))
        for p in (ROOT / "ui").rglob("*.py")
        if "__pycache__" not in p.parts
    )


def lupdate(ts: Path) -> None:
    """The same call as scripts/update-translations, into `ts`."""
    subprocess.run(
        [
            str(TOOLS / "pyside6-lupdate"),
            "-silent",
            "-no-obsolete",
            "-locations",
            "none",
            "-source-language",
            "id_ID",
            "-target-language",
            "en",
            *ui_sources(),
            "-ts",
            str(ts),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=120,
    )


def messages(ts: Path) -> dict[tuple[str, str], list[str]]:
    """(context, source) -> English forms ('' where missing or marked unfinished)."""
    found: dict[tuple[str, str], list[str]] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            forms = [f.text or "" for f in translation.iter("numerusform")] or [
                translation.text or ""
            ]
            if translation.get("type") in ("unfinished", "vanished", "obsolete"):
                forms = [""]
            found[(name, message.findtext("source") or "")] = forms
    return found


def test_every_source_string_in_ui_has_finished_english(tmp_path: Path) -> None:
    fresh = tmp_path / "kiosk_en.ts"
    shutil.copy(TS, fresh)
    lupdate(fresh)
    current = messages(fresh)
    missing = [f"{ctx}: {src!r}" for (ctx, src), forms in current.items() if not all(forms)]
    assert not missing, f"strings without English ({FIX}):\n" + "\n".join(missing)
    assert set(messages(TS)) == set(current), f"kiosk_en.ts is not up to date ({FIX})"


def test_the_committed_qm_is_compiled_from_the_committed_ts(tmp_path: Path) -> None:
    compiled = tmp_path / "kiosk_en.qm"
    subprocess.run(
        [str(TOOLS / "pyside6-lrelease"), "-silent", str(TS), "-qm", str(compiled)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert compiled.read_bytes() == QM.read_bytes(), f"kiosk_en.qm is stale ({FIX})"


def test_switching_language_at_runtime_changes_widget_texts(
    qtbot: QtBot, context: AppContext
) -> None:
    context.operator = Operator("siti", "Siti", Role.PETUGAS)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show_screen("applications", {})
    button = window.nav_buttons["applications"]
    heading = cast(ApplicationsScreen, window.screens["applications"]).heading
    assert button.text() == "Daftar permohonan (F3)"
    window.language_button.click()
    qtbot.waitUntil(lambda: button.text() == "Applications (F3)")
    assert "Applications" in heading.text()
    assert window.windowTitle() == "Population Document Service Kiosk"
    assert window.language_button.text() == "Bahasa Indonesia"
    window.language_button.click()
    qtbot.waitUntil(lambda: button.text() == "Daftar permohonan (F3)")
    assert "Daftar permohonan" in heading.text()


def test_qt_own_buttons_and_menus_are_indonesian(qapp: QApplication) -> None:
    """Qt ships no qtbase_id; our qtbase_id.qm says Qt's own standard buttons in Indonesian."""
    from PySide6.QtWidgets import QDialogButtonBox

    manager = LanguageManager(qapp)
    manager.set_language("id")
    try:
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        cancel = box.button(QDialogButtonBox.StandardButton.Cancel)
        assert cancel is not None
        assert cancel.text() == "Batal"
        assert QCoreApplication.translate("QLineEdit", "&Copy") == "&Salin"
        box.deleteLater()
    finally:
        for translator in manager._installed:  # leave the application as the fixtures made it
            qapp.removeTranslator(translator)


def test_the_file_dialog_speaks_indonesian(qapp: QApplication) -> None:
    """Seen at a real screen: the CSV import's and the bundle export's file dialog said "Look
    in", "File name", "Files of type" and "Choose"; only "Batal" was Indonesian."""
    from PySide6.QtWidgets import QFileDialog, QLabel

    manager = LanguageManager(qapp)
    manager.set_language("id")
    try:
        dialog = QFileDialog(None, "Pilih berkas")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        texts = {label.text() for label in dialog.findChildren(QLabel)}
        assert {"&Cari di:", "&Nama berkas:", "&Jenis berkas:"} <= texts
        assert QCoreApplication.translate("QFileDialog", "&Choose") == "&Pilih"
        assert QCoreApplication.translate("QFileSystemModel", "Date Modified") == "Tanggal diubah"
        dialog.deleteLater()
    finally:
        for translator in manager._installed:
            qapp.removeTranslator(translator)
