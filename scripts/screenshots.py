"""Screenshots of every main screen, offscreen, from demo data in a throwaway data dir.

Run: scripts/screenshots  (writes docs/screenshots/*.png; QT_QPA_PLATFORM=offscreen)

The app is built the way `kiosk run --demo` builds it (same font, same window), minus the
demo server: the status bar therefore shows "offline", which is also what a kelurahan sees
most of the day.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey  # noqa: E402
from PySide6.QtCore import QEvent, QEventLoop, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from kiosk.accounts import Role  # noqa: E402
from kiosk.applications import Status  # noqa: E402
from kiosk.applications.intake import Applicant, AttachmentInput, NewApplication  # noqa: E402
from kiosk.local_store import Store  # noqa: E402
from kiosk.sealing import b64encode, key_id_of  # noqa: E402
from kiosk.settings import Profile, Settings  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.demo import DEMO_ADDRESS, DEMO_PASSWORD, DEMO_USER, sample_document_jpeg  # noqa: E402
from ui.devices_setup import build_devices  # noqa: E402
from ui.i18n import LanguageManager  # noqa: E402
from ui.look import apply_look  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.selfservice.status import ENTRY_PAGE, NUMBER_STEP, SCAN_PAGE, SCAN_STEP  # noqa: E402
from ui.tasks import TaskRunner  # noqa: E402

SIZE = (1366, 768)
# (service, NIK, name, born, sex, days ago, final status)
PEOPLE = (
    (
        "ktp-el-hilang",
        "3171015708900001",
        "SITI AMINAH",
        date(1990, 8, 17),
        "P",
        0,
        Status.REJECTED,
    ),
    ("ktp-el-rusak", "3273011203850004", "BUDI SANTOSO", date(1985, 3, 12), "L", 0, Status.READY),
    (
        "kk-perubahan",
        "3171016502880003",
        "DEWI LESTARI",
        date(1988, 2, 25),
        "P",
        0,
        Status.RECEIVED,
    ),
    (
        "ktp-el-perubahan",
        "3171010711790002",
        "AGUS SETIAWAN",
        date(1979, 11, 7),
        "L",
        1,
        Status.PROCESSING,
    ),
    (
        "akta-kematian",
        "3171012004550001",
        "HENDRA WIJAYA",
        date(1955, 4, 20),
        "L",
        1,
        Status.VERIFIED,
    ),
    (
        "pindah-keluar",
        "3171015912920005",
        "RINA MARLINA",
        date(1992, 12, 19),
        "P",
        2,
        Status.COLLECTED,
    ),
    (
        "ktp-el-hilang",
        "3171010306950007",
        "YOGI PRATAMA",
        date(1995, 6, 3),
        "L",
        3,
        Status.SUBMITTED,
    ),
    ("kk-hilang-rusak", "3171015101700006", "NURHAYATI", date(1970, 1, 11), "P", 3, Status.SENT),
)
REJECTION = (
    "Foto surat kehilangan dari kepolisian buram; nomor surat tidak terbaca",
    "Foto ulang surat kehilangan asli dengan cahaya terang, seluruh halaman masuk bingkai",
)
PATHS = {
    Status.SUBMITTED: (),
    Status.SENT: (Status.SENT,),
    Status.RECEIVED: (Status.RECEIVED,),
    Status.VERIFIED: (Status.RECEIVED, Status.VERIFIED),
    Status.PROCESSING: (Status.RECEIVED, Status.VERIFIED, Status.PROCESSING),
    Status.READY: (Status.RECEIVED, Status.VERIFIED, Status.READY),
    Status.COLLECTED: (Status.RECEIVED, Status.READY, Status.COLLECTED),
    Status.REJECTED: (Status.RECEIVED, Status.REJECTED),
}


def seed(store: Store) -> str:
    """The demo operator and applications in every status; returns the rejected one's id."""
    store.accounts.create(DEMO_USER, "Petugas Demo", DEMO_PASSWORD, Role.SUPERVISOR)
    # As on an enrolled device: the server's key is known, so everything is sealed.
    server_key = X25519PrivateKey.generate().public_key().public_bytes_raw()
    store.state.set_seal_key(key_id_of(server_key), b64encode(server_key))
    rejected = ""
    now = datetime.now(UTC)
    for service_code, nik, name, born, sex, days_ago, status in PEOPLE:
        service = store.catalog.service(service_code)
        documents = list(service.required_documents) + [g[0] for g in service.required_one_of]
        documents += ["selfie-ktp"] * service.needs_selfie
        documents += ["tanda-tangan"] * service.needs_signature
        # Every step two hours apart, the last one an hour ago: nothing in the future.
        at = now - timedelta(days=days_ago, hours=2 * len(PATHS[status]) + 1)
        submitted = store.submission.submit(
            NewApplication(
                service=service_code,
                applicant=Applicant(
                    nik,
                    "3171010101100002",
                    name,
                    born,
                    sex,
                    "081234567890",
                    address=dict(DEMO_ADDRESS),
                ),
                attachments=[
                    AttachmentInput(doc, sample_document_jpeg(f"CONTOH {doc.upper()}"))
                    for doc in documents
                ],
                operator=DEMO_USER,
            ),
            now=at,
        )
        for step in PATHS[status]:
            reason, fix = REJECTION if step is Status.REJECTED else (None, None)
            at += timedelta(hours=2)
            store.records.transition(
                submitted.id, 1, step, source="server", reason=reason, fix_hint=fix, at=at
            )
        if status not in (Status.SUBMITTED, Status.SENT):
            store.outbox.acknowledge_application(submitted.id, 1)
        if status is Status.REJECTED:
            rejected = submitted.id
    return rejected


class Shooter:
    def __init__(self, app: QApplication, out: Path, suffix: str = "") -> None:
        self.app, self.out, self.suffix = app, out, suffix
        out.mkdir(parents=True, exist_ok=True)

    def wait_until(self, condition: Callable[[], bool], timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError("the screen did not get ready in time")
            self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            time.sleep(0.01)
        for _ in range(5):  # let layouts settle and pixmaps paint
            self.app.processEvents()

    def save(self, widget: QWidget, name: str) -> None:
        path = self.out / f"{name}{self.suffix}.png"
        if not widget.grab().save(str(path), "PNG", 0):  # 0: smallest file
            raise OSError(f"cannot write {path}")
        print(f"saved {path}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument(
        "--size",
        default="1366x768",
        help="window size WxH; other than 1366x768 the files are named NAME-WxH.png",
    )
    args = parser.parse_args()
    global SIZE
    width, height = (int(n) for n in args.size.split("x"))
    SIZE = (width, height)
    app = QApplication(sys.argv[:1])
    apply_look(app)
    shooter = Shooter(app, args.out, "" if SIZE == (1366, 768) else f"-{width}x{height}")
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "data")
        rejected_id = seed(store)
        languages = LanguageManager(app)
        languages.set_language("id")
        context = AppContext(
            store=store,
            settings=Settings(office_name="Kelurahan Gambir"),
            tasks=TaskRunner(),
            languages=languages,
            demo=True,
        )
        context.devices = build_devices(
            context.settings, store.data_dir, demo=True, tasks=context.tasks
        )
        window = MainWindow(context)
        window.resize(*SIZE)
        window.show()
        shoot_all(shooter, window, context, rejected_id)
        close(window)
        shoot_selfservice(shooter, context, rejected_id)
        context.tasks.wait()
        store.close()
    return 0


def close(window: MainWindow) -> None:
    wizard: Any = window.screens.get("wizard")
    if wizard is not None and hasattr(wizard, "shutdown"):
        wizard.shutdown()
    window.close()


def shoot_selfservice(shooter: Shooter, context: AppContext, rejected: str) -> None:
    """The same machine as a public self-service kiosk: every touch screen, in the normal and
    the large text size and in the high contrast theme, then the counter wizard it opens."""
    from ui.selfservice.session import citizen_session

    context.settings.profile = Profile.SELFSERVICE
    context.operator = None
    window = MainWindow(context)
    window.resize(*SIZE)
    window.show()
    shooter.wait_until(lambda: window.current == "start")
    session = citizen_session(context)
    [summary] = context.store.records.find_by_id(rejected)[-1:]
    looks: list[tuple[str, Callable[[], None]]] = [
        ("", lambda: None),
        ("-huruf-besar-large-text", session.larger_text),
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
        # The last look's answer buttons: deleted later by an event loop this script lacks.
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
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


def shoot_all(shooter: Shooter, window: MainWindow, context: AppContext, rejected: str) -> None:
    signin: Any = window.screens["signin"]
    signin.username.setText(DEMO_USER)
    shooter.wait_until(lambda: True)
    shooter.save(window, "01-masuk-signin")
    signin.password.setText(DEMO_PASSWORD)
    signin.submit.click()
    shooter.wait_until(lambda: window.current == "applications")
    applications: Any = window.screens["applications"]
    shooter.wait_until(lambda: applications.model.rowCount() == len(PEOPLE))
    shooter.save(window, "02-daftar-permohonan-applications")
    window.show_screen("detail", {"id": rejected, "version": 1})
    detail: Any = window.screens["detail"]
    shooter.wait_until(lambda: detail.detail is not None and len(detail.images) > 0)
    shooter.save(window, "03-detail-ditolak-rejected")
    shoot_wizard(shooter, window)
    window.show_screen("recap", {})
    recap: Any = window.screens["recap"]
    shooter.wait_until(lambda: recap.view_model.recap is not None)
    shooter.save(window, "05-rekap-harian-daily-recap")
    recap.kind.setCurrentIndex(1)
    shooter.wait_until(lambda: recap.view_model.recap is not None)
    shooter.save(window, "06-rekap-bulanan-monthly-recap")
    context.languages.set_language("en")
    window.show_screen("applications", {})
    shooter.wait_until(lambda: not applications.loading)
    shooter.save(window, "07-applications-english")
    context.languages.set_language("id")


def shoot_wizard(shooter: Shooter, window: MainWindow) -> None:
    """Every step of a KTP-el hilang application, driven by the wizard tests' keyboard driver.

    The wizard is another colleague's screen and still moving: if driving it fails, the
    screenshots taken so far are kept and the reason is printed.
    """
    if "wizard" not in window.screen_modules:
        return
    from bench.ui_stall import Bot
    from tests.ui.window.keyboard_flow import SITI

    # Not one of PEOPLE: Siti's KTP-el hilang is rejected there, and the review would show the
    # duplicate warning instead of the plain review.
    NEW_APPLICANT = {  # noqa: N806 - a constant of this run
        **SITI,
        "nik": "3171011508880009",
        "name": "Andi Wijaya",
        "birth_date": "15-08-1988",
        "sex": "L",
    }
    from tests.ui.wizard.driver import (
        FakeDialogs,
        answer,
        capture,
        fill_applicant,
        key,
        wait_step,
    )
    from ui.viewmodels.wizard import Step

    bot: Any = Bot()
    wizard: Any = window.screens["wizard"]
    with tempfile.TemporaryDirectory() as tmp:
        dialogs = FakeDialogs(Path(tmp))
        wizard.receipt_page.preview_runner = dialogs.preview
        wizard.receipt_page.save_path_asker = dialogs.save_path
        window.show_screen("wizard", {})
        window.activateWindow()
        try:
            wait_step(bot, wizard, Step.QUESTIONS)
            shooter.save(window, "04a-wizard-pertanyaan-questions")
            answer(bot, wizard, 1, 2, 1)
            wait_step(bot, wizard, Step.SERVICE)
            shooter.save(window, "04b-wizard-layanan-service")
            key(bot, Qt.Key.Key_Return)
            wait_step(bot, wizard, Step.APPLICANT)
            fill_applicant(bot, wizard, NEW_APPLICANT)  # as typed, Enter to the documents
            wait_step(bot, wizard, Step.DOCUMENTS)
            wizard.back()  # the filled-in form, as it was left
            wait_step(bot, wizard, Step.APPLICANT)
            shooter.wait_until(lambda: True)
            shooter.save(window, "04c-wizard-data-pemohon-applicant")
            key(bot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
            wait_step(bot, wizard, Step.DOCUMENTS)
            # The demo camera shows a KTP card, not a KK page: both pages come from the scanner.
            capture(bot, wizard.documents_page, "scanner")
            try:  # the live camera with a steady frame, unless the machine is too busy
                shooter.wait_until(lambda: wizard.documents_page.station.camera.can_capture, 60)
            except TimeoutError:
                print("04d: the demo camera found no steady frame; taken as it is", file=sys.stderr)
            shooter.save(window, "04d-wizard-dokumen-documents")
            capture(bot, wizard.documents_page, "scanner")
            key(bot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
            wait_step(bot, wizard, Step.REVIEW)
            shooter.wait_until(lambda: wizard.review_page.isVisible())
            shooter.save(window, "04e-wizard-periksa-review")
            key(bot, Qt.Key.Key_Return)
            wait_step(bot, wizard, Step.RECEIPT, timeout=60_000)
            bot.waitUntil(wizard.receipt_page.ready, 60_000)
            shooter.wait_until(lambda: True)
            shooter.save(window, "04f-wizard-tanda-terima-receipt")
        except Exception as exc:  # noqa: BLE001 - keep the other screenshots
            print(f"wizard screenshots stopped: {type(exc).__name__}: {exc}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
