"""Key presses of a KTP-el hilang application by keyboard alone, at 1024x768.

Run: .venv/bin/python bench/keyboard_flow.py

From the applications list (F2) to the printed receipt, driven by the wizard tests' keyboard
driver (tests/ui/window/keyboard_flow.py) with every key press and typed character counted,
printed beside the count when issue 13 was filed. That count was taken before the service asked
for an address, so the run also prints its count without the address fields: the same fields,
the honest comparison. The app is wired as in bench/ui_stall.py
(fake devices, the app's own font and style, offscreen).
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import qInstallMessageHandler  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from bench.ui_stall import Bot, quiet_qt  # noqa: E402
from kiosk.accounts import Operator, Role  # noqa: E402
from kiosk.local_store import Store  # noqa: E402
from kiosk.settings import Settings  # noqa: E402
from tests.ui.window.keyboard_flow import KEYSTROKES_BEFORE, KeyCounter, ktp_el_hilang  # noqa: E402
from tests.ui.wizard.driver import FakeDialogs  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.i18n import LanguageManager  # noqa: E402
from ui.look import apply_look  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.tasks import TaskRunner  # noqa: E402


def fake_devices() -> Any:
    """As the wizard's GUI tests have them: the camera plays KK pages found clean (a KTP card
    offered for a page is `wrong_document`), the scanner other pages."""
    from devices.camera import FakeCamera
    from devices.checks import check_document
    from devices.scanner import FakeScanner
    from resources.demo import media
    from ui.devices_setup import DeviceSet

    pages = [media.document_photo(seed, "kk").image for seed in (8, 11, 14, 17)]
    clean = [page for page in pages if check_document(page)[0].ok]
    scanned = [media.document_photo(seed, "kk").image for seed in (2, 5)]
    return DeviceSet(camera=FakeCamera(clean, fps=30), scanner=FakeScanner(scanned), demo=True)


def count_keys(folder: Path) -> KeyCounter:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    apply_look(app)
    store = Store.open(folder / "data")
    context = AppContext(
        store=store,
        settings=Settings(),
        tasks=TaskRunner(),
        languages=LanguageManager(app),
        devices=fake_devices(),
        operator=Operator("bench", "Petugas Bench", Role.PETUGAS),
    )
    window = MainWindow(context)
    dialogs = FakeDialogs(folder / "dialogs")
    wizard: Any = window.screens["wizard"]
    wizard.receipt_page.preview_runner = dialogs.preview
    wizard.receipt_page.save_path_asker = dialogs.save_path
    window.resize(1024, 768)
    window.show()
    window.activateWindow()
    keys = KeyCounter(Bot())
    try:
        keys.waitUntil(window.isActiveWindow)
        ktp_el_hilang(keys, window)
    finally:
        wizard.shutdown()
        window.close()
        context.tasks.wait()
        store.close()
    return keys


def main() -> int:
    logging.disable(logging.WARNING)
    qInstallMessageHandler(quiet_qt)
    with tempfile.TemporaryDirectory() as tmp:
        keys = count_keys(Path(tmp))
    fields = ", ".join(f"{name} {count}" for name, count in keys.by_field.items() if name)
    print(  # noqa: T201 - the figures
        f"KTP-el hilang by keyboard at 1024x768: {keys.total} keystrokes "
        f"({keys.typed} typed characters, {keys.keys} other keys), "
        f"of which the address (alamat, RT, RW, kelurahan/desa) {keys.address}\n"
        f"  without the address, the fields counted when issue 13 was filed: "
        f"{keys.without_address}; then: {KEYSTROKES_BEFORE}\n"
        f"  per applicant field (typed + Enter): {fields}; "
        f"outside the fields: {keys.by_field['']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
