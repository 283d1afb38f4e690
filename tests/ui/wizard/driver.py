"""Driving the wizard the way a petugas does: keys to whatever has the focus, and waiting for
the background work to land (qtbot.waitUntil, never sleep)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QImage, QMouseEvent
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from ui.context import AppContext
from ui.screens.wizard import create
from ui.screens.wizard.approval_dialog import ApprovalDialog
from ui.screens.wizard.capture_page import CapturePage
from ui.screens.wizard.printing import PrintOutcome, send_to_printer
from ui.screens.wizard.screen import WizardScreen
from ui.viewmodels.wizard import Step

NO_MODIFIER = Qt.KeyboardModifier.NoModifier
SLOW = 30_000  # ms; image checks on a loaded 2-core CI machine
SITI_IDENTITY = {
    "nik": "3171015708900001",
    "no_kk": "3171010101100002",
    "name": "Siti Aminah",
    "birth_date": "17-08-1990",
}
"""Who she is, no more: fill_applicant types the helpers' address, and no phone."""


class FakeDialogs:
    """Stand-ins for modal dialogs: the print preview paints straight into a PDF file."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.printed: list[Path] = []
        self.saved: list[Path] = []
        self.files_to_open: list[Path] = []

    def preview(self, printer: QPrinter, pages: list[QImage], parent: QWidget) -> PrintOutcome:
        """The operator presses Cetak; the printer is a PDF file (a real QPrinter engine)."""
        out = self.folder / f"printed-{len(self.printed) + 1}.pdf"
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        outcome = send_to_printer(printer, pages)
        self.printed.append(out)
        return outcome

    def save_path(self, parent: QWidget, suggested: str) -> Path:
        path = self.folder / suggested
        self.saved.append(path)
        return path

    def open_path(self, parent: QWidget) -> Path | None:
        return self.files_to_open.pop(0) if self.files_to_open else None


def open_wizard(qtbot: QtBot, context: AppContext, dialogs: FakeDialogs) -> WizardScreen:
    screen = create(context)
    assert isinstance(screen, WizardScreen)
    qtbot.addWidget(screen)
    screen.receipt_page.preview_runner = dialogs.preview
    screen.receipt_page.save_path_asker = dialogs.save_path
    for page in (screen.documents_page, screen.extras_page):
        page.station.open_path = dialogs.open_path
    screen.resize(1280, 900)
    screen.show()
    qtbot.waitExposed(screen)
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)  # activation is asynchronous; keys need a focus
    screen.activate()
    return screen


def close_wizard(screen: WizardScreen, context: AppContext) -> None:
    screen.shutdown()
    context.tasks.wait()
    QApplication.processEvents()  # a draft save's answer lands while the screen still exists


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def key(qtbot: QtBot, which: Qt.Key | str, modifier: Qt.KeyboardModifier = NO_MODIFIER) -> None:
    """One key press to the focused widget, as the keyboard would deliver it."""
    qtbot.keyClick(focused(), which, modifier)


def type_text(qtbot: QtBot, text: str) -> None:
    """Types key by key, letting the event loop run between keys as a real keyboard does
    (one synchronous burst would show up as a main-thread stall of the test's own making)."""
    for char in text:
        qtbot.keyClicks(focused(), char)
        QApplication.processEvents()


def wait_step(qtbot: QtBot, screen: WizardScreen, step: Step, timeout: int = 10_000) -> None:
    def arrived() -> bool:
        model = screen.model
        return model is not None and model.step is step and screen.page is screen.pages[step]

    qtbot.waitUntil(arrived, timeout=timeout)


def answer(qtbot: QtBot, screen: WizardScreen, *numbers: int) -> None:
    """Presses the option numbers of the guiding questions."""
    for number in numbers:
        wait_step(qtbot, screen, Step.QUESTIONS)
        key(qtbot, str(number))


def fill_applicant(qtbot: QtBot, screen: WizardScreen, values: dict[str, str]) -> None:
    """Types into the field that has the focus, Enter after each, as the petugas does: Enter
    jumps over what the NIK filled in (birth date, sex), and a field that already holds the
    value is left as it is. `values` is what the operator types per field (the sex box takes
    L or P); the address is the helpers' valid one unless `values` gives another. A field the
    NIK filled in otherwise than `values` says is gone back to with Shift+Tab and typed over.
    Then the service's own fields."""
    from tests.helpers.applications import ADDRESS

    page = screen.applicant_page
    assert page.model is not None
    form = page.model.applicant
    values = {**ADDRESS, **values}
    fields = list(form.fields)

    def position() -> int:
        """Which field has the focus; len(fields) once it went past them."""
        return next((i for i, n in enumerate(fields) if focused() is page.editors[n]), len(fields))

    def holds(name: str) -> bool:
        wanted = values.get(name, "")
        return not wanted or form.values[name] == (wanted[0] if name == "sex" else wanted)

    at = 0
    while at < len(fields):
        name = fields[at]
        assert position() == at, f"focus is not on {name}"
        if not holds(name):
            type_text(qtbot, values[name][0] if name == "sex" else values[name])
        key(qtbot, Qt.Key.Key_Return)
        following = position() if at + 1 < len(fields) else len(fields)
        assert following > at, f"Enter on {name} did not move on: {form.state(name).issues}"
        for jumped in fields[at + 1 : following]:
            if not holds(jumped):  # back to it, typed over, and on again with Enter
                while focused() is not page.editors[jumped]:
                    key(qtbot, Qt.Key.Key_Backtab)
                type_text(qtbot, values[jumped][0] if jumped == "sex" else values[jumped])
                key(qtbot, Qt.Key.Key_Return)
                assert position() == following
        at = following
    # Then the service's own fields (catalog extra_fields), given as "extra.<code>".
    for spec in form.service_fields.specs:
        editor = page.service_fields.editors[spec.code]
        assert focused() is editor, f"focus is not on extra.{spec.code}"
        value = values.get(f"extra.{spec.code}", "")
        if value:
            type_text(qtbot, value)
        key(qtbot, Qt.Key.Key_Return)


def ktp_el_hilang_to_documents(
    qtbot: QtBot, screen: WizardScreen, applicant: dict[str, str] = SITI_IDENTITY
) -> None:
    """KTP-el (1), recorded before (2), lost (1), the service confirmed with Enter and
    `applicant` typed (fill_applicant): the documents step, asking for the KK first."""
    answer(qtbot, screen, 1, 2, 1)
    wait_step(qtbot, screen, Step.SERVICE)
    key(qtbot, Qt.Key.Key_Return)
    wait_step(qtbot, screen, Step.APPLICANT)
    fill_applicant(qtbot, screen, applicant)
    wait_step(qtbot, screen, Step.DOCUMENTS)


def capture(qtbot: QtBot, page: CapturePage, source: str) -> str:
    """Captures the station's current item: camera (Space when steady), scanner (F6), file (F7)."""
    station = page.station
    assert station.item is not None, "no document to capture"
    code = station.item.code
    checklist = page.model.checklist if page.model is not None else None
    assert checklist is not None
    before = checklist.files.get(code)
    if source == "camera":
        qtbot.waitUntil(lambda: station.camera.can_capture, timeout=SLOW)
        key(qtbot, Qt.Key.Key_Space)
    elif source == "scanner":
        key(qtbot, Qt.Key.Key_F6)
    else:
        key(qtbot, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: checklist.files.get(code) is not before, timeout=SLOW)
    return code


def sign(qtbot: QtBot, page: CapturePage) -> None:
    """Draws a signature on the pad with the mouse (the one step that needs a pointer)."""
    pad = page.station.pad
    qtbot.waitUntil(pad.isVisible)
    width, height = pad.width(), pad.height()
    points = [
        QPointF(width * (0.1 + 0.02 * i), height * (0.5 + 0.2 * ((-1) ** i))) for i in range(30)
    ]
    left = Qt.MouseButton.LeftButton
    for kind, point, buttons in (
        [(QMouseEvent.Type.MouseButtonPress, points[0], left)]
        + [(QMouseEvent.Type.MouseMove, p, left) for p in points[1:]]
        + [(QMouseEvent.Type.MouseButtonRelease, points[-1], Qt.MouseButton.NoButton)]
    ):
        event = QMouseEvent(kind, point, point, left, buttons, NO_MODIFIER)
        QApplication.sendEvent(pad, event)


def approval_dialog(qtbot: QtBot, page: CapturePage) -> ApprovalDialog:
    """The supervisor's approval dialog once it is shown and has the keyboard."""
    qtbot.waitUntil(lambda: page.approval is not None and page.approval.isVisible())
    dialog = page.approval
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def approve_with(qtbot: QtBot, dialog: ApprovalDialog, username: str, password: str) -> None:
    """Types as a supervisor does, from the username field: name, Enter, password, Enter; then
    waits for the password check to come back."""
    assert focused() is dialog.username
    type_text(qtbot, username)
    key(qtbot, Qt.Key.Key_Return)
    assert focused() is dialog.password
    type_text(qtbot, password)
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.checking, timeout=10_000)
