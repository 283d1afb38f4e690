"""Screenshots of the self-service kiosk: every touch screen in the normal and the largest text
size (3/3, the one elderly citizens use) and in the high contrast theme (10*), the apply steps
as a citizen makes them by touch (10e*), and the counter wizard the kiosk opens (08).

Called by scripts/screenshots.py after the counter screens, on the same demo data.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QScrollArea

from kiosk.settings import Profile
from scripts.shooter import Shooter, close
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.selfservice.status import ENTRY_PAGE, NUMBER_STEP, SCAN_PAGE, SCAN_STEP


def shoot_selfservice(
    shooter: Shooter, context: AppContext, rejected: str, size: tuple[int, int]
) -> None:
    """The same machine as a public self-service kiosk: every touch screen, in the normal and
    the largest text size and in the high contrast theme, then the counter wizard it opens."""
    from ui.selfservice.session import citizen_session

    context.settings.profile = Profile.SELFSERVICE
    context.operator = None
    window = MainWindow(context)
    window.setWindowState(Qt.WindowState.WindowNoState)  # the offscreen screen is smaller
    window.resize(*size)
    window.show()
    shooter.wait_until(lambda: window.current == "start")
    session = citizen_session(context)
    [summary] = context.store.records.find_by_id(rejected)[-1:]
    looks: list[tuple[str, Callable[[], None]]] = [
        ("", lambda: None),
        ("-huruf-besar-large-text", lambda: (session.larger_text(), session.larger_text())),
        (
            "-kontras-tinggi-high-contrast",
            lambda: (session.larger_text(), session.toggle_contrast()),
        ),
    ]
    for number, (suffix, change) in enumerate(looks, start=3):
        session.reset()
        change()
        shoot_touch_screens(shooter, window, summary, suffix)
        shoot_touch_apply(shooter, window, suffix, f"317101450692{number:04d}")
    session.reset()
    window.show_screen("wizard", {})
    wizard: Any = window.screens["wizard"]
    shooter.wait_until(lambda: wizard.model is not None)
    # The last look's answer buttons: deleted later by an event loop this script lacks; until
    # then they stood above the new ones, and the focus had scrolled the page down past them.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    for area in wizard.questions.findChildren(QScrollArea):
        area.verticalScrollBar().setValue(0)
    shooter.wait_until(lambda: True)
    shooter.save(window, "08-anjungan-mandiri-selfservice")
    close(window)


def shoot_touch_screens(shooter: Shooter, window: MainWindow, summary: Any, suffix: str) -> None:
    window.show_screen("start", {})
    shooter.wait_until(lambda: window.current == "start")
    shooter.save(window, f"10a-anjungan-awal-start{suffix}")
    window.show_screen("survey", {})
    survey: Any = window.screens["survey"]
    survey.answer(4)
    survey.answer(3)
    shooter.wait_until(lambda: window.current == "survey")
    shooter.save(window, f"10b-anjungan-survei-survey{suffix}")
    for _ in range(7):
        survey.answer(4)
    survey.keyboard.press("B")
    survey.keyboard.press("A")
    shooter.wait_until(lambda: True)
    shooter.save(window, f"10b2-anjungan-survei-saran-suggestion{suffix}")
    window.show_screen("status", {})
    status: Any = window.screens["status"]
    day, _device, sequence = summary.number.split("-")
    for digit in day + sequence:
        status.keypad.press(digit)
    shooter.wait_until(lambda: True)
    shooter.save(window, f"10c-anjungan-cek-status-keypad{suffix}")
    typed = status.keypad.digits
    status.step = SCAN_STEP  # the page shown while the camera looks (no camera here)
    status.pages.setCurrentIndex(SCAN_PAGE)
    status.retranslate()
    shooter.wait_until(lambda: True)
    shooter.save(window, f"10c2-anjungan-cek-status-pindai-qr-scan{suffix}")
    status.step = NUMBER_STEP
    status.pages.setCurrentIndex(ENTRY_PAGE)
    status.retranslate()
    status.keypad.clear()
    for digit in typed:
        status.keypad.press(digit)
    status.next_button.click()
    for digit in summary.nik_masked[-4:]:
        status.keypad.press(digit)
    status.next_button.click()
    shooter.wait_until(lambda: status.pages.currentIndex() == 1)
    shooter.save(window, f"10d-anjungan-status-perlu-perbaikan-needs-correction{suffix}")


def without_a_printer(printer: Any, pages: list[Any]) -> Any:
    """The kiosk's own sender as on a machine without any printer (Qt then has no name)."""
    from ui.screens.wizard.printing import send_to_kiosk_printer

    printer.setPrinterName("")
    return send_to_kiosk_printer(printer, pages)


def shoot_touch_apply(shooter: Shooter, window: MainWindow, suffix: str, nik: str) -> None:
    """'Ajukan permohonan' as a citizen makes it: every wizard step with the touch panel, the
    keys pressed on screen (as a touch would), in the look the citizen chose."""
    from ui.selfservice.touch_input import TouchInputPanel
    from ui.viewmodels.wizard import Step

    start: Any = window.screens["start"]
    window.show_screen("start", {})
    start.apply_button.click()
    wizard: Any = window.screens["wizard"]
    panel: Any = wizard.findChild(TouchInputPanel)
    window.activateWindow()

    def at(step: Step) -> bool:
        return wizard.model is not None and wizard.model.step is step

    def touch_field(name: str, text: str) -> None:
        editor = wizard.applicant_page.editors[name]
        editor.setFocus()
        if panel.editor is not editor:  # no window focus (offscreen): as the touch would
            panel.attach(editor)
        keys = panel.keypad.keys if panel.keypad.isVisible() else panel.keyboard.keys
        for char in text:
            keys[char].click()

    try:
        shooter.wait_until(lambda: at(Step.QUESTIONS))
        # The last look's answer buttons: deleted later by an event loop this script lacks;
        # until then the focus had scrolled the question page down past its heading.
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        for area in wizard.questions.findChildren(QScrollArea):
            area.verticalScrollBar().setValue(0)
        shooter.wait_until(lambda: True)
        shooter.save(window, f"10e-anjungan-ajukan-pertanyaan-questions{suffix}")
        for index in (0, 1, 0):  # KTP-el -> sudah pernah rekam -> hilang
            wizard.questions.buttons[index].click()
        shooter.wait_until(lambda: at(Step.SERVICE))
        shooter.save(window, f"10e2-anjungan-ajukan-layanan-service{suffix}")
        wizard.footer.next_button.click()
        shooter.wait_until(lambda: at(Step.APPLICANT))
        touch_field("nik", nik)  # nobody in the seeded list, another for each look
        touch_field("no_kk", "31710101011")
        shooter.wait_until(lambda: True)
        shooter.save(window, f"10e3-anjungan-ajukan-papan-angka-keypad{suffix}")
        touch_field("no_kk", "00002")
        touch_field("name", "DEWI LESTAR")
        shooter.wait_until(lambda: True)
        shooter.save(window, f"10e4-anjungan-ajukan-papan-huruf-keyboard{suffix}")
        touch_field("name", "I")
        touch_field("alamat", "JL. MELATI NO. 12")
        touch_field("rt", "1")
        touch_field("rw", "2")
        picker = wizard.applicant_page.editors["kode_wilayah"]
        picker.setFocus()
        if panel.combo is not picker:
            panel.attach(picker)
        [option] = [b for b in panel.option_buttons if "31.71.01.1001" in b.text()]
        option.click()
        wizard.footer.next_button.click()
        shooter.wait_until(lambda: at(Step.DOCUMENTS))
        station = wizard.documents_page.station
        shooter.wait_until(lambda: station.camera.can_capture, timeout=60)
        shooter.save(window, f"10e5-anjungan-ajukan-foto-dokumen-capture{suffix}")
        checklist = wizard.model.checklist
        station.scan_button.click()  # the demo camera films a KTP-el card, not a KK page
        shooter.wait_until(lambda: "kk" in checklist.files, timeout=60)
        shooter.wait_until(lambda: station.item is not None and station.item.code != "kk")
        station.scan_button.click()
        shooter.wait_until(lambda: "surat-kehilangan" in checklist.files, timeout=60)
        wizard.footer.next_button.click()
        shooter.wait_until(lambda: at(Step.REVIEW) and wizard.review_page.summary is not None)
        shooter.save(window, f"10e6-anjungan-ajukan-periksa-review{suffix}")
        wizard.footer.next_button.click()
        shooter.wait_until(lambda: at(Step.RECEIPT) and wizard.receipt_page.ready(), timeout=60)
        shooter.save(window, f"10e7-anjungan-ajukan-tanda-terima-receipt{suffix}")
        receipt: Any = wizard.receipt_page
        receipt.roll_sender = without_a_printer  # never a real print from this script
        receipt.print_button.click()
        shooter.wait_until(lambda: "printer" in receipt.status.text())
        shooter.save(window, f"10e8-anjungan-ajukan-tanpa-printer-no-printer{suffix}")
    except Exception as exc:  # noqa: BLE001 - keep the other screenshots
        print(
            f"self-service apply screenshots stopped: {type(exc).__name__}: {exc}", file=sys.stderr
        )
    window.sign_out()  # "Selesai, hapus data saya": wiped for the next look
    shooter.wait_until(lambda: window.current == "start")
