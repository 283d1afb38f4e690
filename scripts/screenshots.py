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
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey  # noqa: E402
from PySide6.QtCore import QEvent, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from kiosk.accounts import Role  # noqa: E402
from kiosk.applications import Status  # noqa: E402
from kiosk.applications.intake import Applicant, AttachmentInput, NewApplication  # noqa: E402
from kiosk.local_store import Store  # noqa: E402
from kiosk.sealing import b64encode, key_id_of  # noqa: E402
from kiosk.settings import Settings  # noqa: E402
from scripts.selfservice_screenshots import shoot_selfservice  # noqa: E402
from scripts.shooter import Shooter, close  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.demo import DEMO_ADDRESS, DEMO_PASSWORD, DEMO_USER, sample_document_jpeg  # noqa: E402
from ui.devices_setup import build_devices  # noqa: E402
from ui.i18n import LanguageManager  # noqa: E402
from ui.look import apply_look  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
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
        window.setWindowState(Qt.WindowState.WindowNoState)  # the offscreen screen is smaller
        window.resize(*SIZE)
        window.show()
        shoot_all(shooter, window, context, rejected_id)
        close(window)
        shoot_selfservice(shooter, context, rejected_id, SIZE)
        context.tasks.wait()
        store.close()
    return 0


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


def shoot_corner_editor(shooter: Shooter, window: MainWindow, page: Any) -> None:
    """The KK page, scanned first, opened again in the corner editor (F9), then left as it
    was (Esc)."""
    station = page.station
    page.select("kk")
    shooter.wait_until(lambda: station.file is not None)
    station.adjust_corners()
    shooter.wait_until(lambda: station.corners.isVisible())
    shooter.save(window, "09-sudut-dokumen-corner-editor")
    station.corners.cancelled.emit()  # what Esc in the editor sends
    shooter.wait_until(lambda: not station.corners.isVisible())


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
            # The first question's buttons were laid out twice; the older set is deleted later,
            # by an event loop this script lacks, and squeezed the question until then.
            QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            shooter.wait_until(lambda: True)
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
            shoot_corner_editor(shooter, window, wizard.documents_page)
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
