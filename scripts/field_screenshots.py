"""Screenshots of the field (jemput bola) profile: the visit list, a refused CSV, a visit being
postponed to a chosen day, an application started from a visit, a bundle written to a USB
stick, and the form that plans one visit by hand.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/field_screenshots.py [--size 1024x768]
(writes docs/screenshots/11*.png; other sizes than 1366x768 as NAME-WxH.png), or under a
virtual screen: xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/field_screenshots.py

Built like scripts/screenshots.py (same look, same demo applications, offscreen). The laptop
is enrolled with a server it cannot reach (the team is out in the field), so the status bar
shows the offline budget; the battery reads 12 %, so the save suggestion shows too.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QDate, Qt  # noqa: E402
from PySide6.QtGui import QPainter, QPixmap  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from kiosk.field.battery import BatteryReading  # noqa: E402
from kiosk.field.visits import VisitState  # noqa: E402
from kiosk.local_store import Store  # noqa: E402
from kiosk.settings import Profile, Settings  # noqa: E402
from kiosk.store import machine_state as ms  # noqa: E402
from scripts.screenshots import DEMO_PASSWORD, DEMO_USER, Shooter, close, seed  # noqa: E402
from sync import enrollment  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.devices_setup import build_devices  # noqa: E402
from ui.i18n import LanguageManager  # noqa: E402
from ui.look import apply_look  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.screens.visits import VisitsScreen  # noqa: E402
from ui.screens.visits_add import AddVisitDialog  # noqa: E402
from ui.tasks import TaskRunner  # noqa: E402
from ui.viewmodels.visits import VisitLead  # noqa: E402

HEADER = "nama;keluarga;alamat;rt;rw;kode_wilayah;kategori;tanggal;catatan\n"
VISITS = (
    "Mbah Sarinah;;Gang Mawar 3;2;5;31.71.01.1001;lansia;03/12/2026;kursi roda, pintu samping\n"
    ";Keluarga Darmo;Jl. Kenari 8;4;1;31.71.01.1001;sakit;03/12/2026;terbaring sejak Juli\n"
    "Rudi Hartono;;Jl. Cempaka Putih 14;1;3;31.71.01.1002;disabilitas;04/12/2026;tuna netra\n"
    ";Panti Wreda Kasih Ibu;Jl. Kramat Raya 55;7;2;31.71.01.1001;panti;05/12/2026;12 lansia\n"
    "SDN Gambir 03;;Jl. Tanah Abang II 9;3;4;31.71.01.1002;sekolah;08/12/2026;"
    "KIA untuk kelas 1\n"
)
BAD = (
    "Mbah Sarinah;;Gang Mawar 3;2;5;31.71.01.1001;lansia;03/12/2026;\n"
    "Pak Harjo;;Gang Mawar 4;2;5;31.71.01.1001;tetangga;03/12/2026;\n"
    "Bu Rukmini;;;2;5;31.71.01.1001;panti;03/12/2026;\n"
    "Bu Warsini;;Gang Mawar 9;2;5;31.71.01.1001;lansia;besok;\n"
)


def prepare(store: Store, folder: Path) -> tuple[Path, Path]:
    seed(store)
    store.state.set(ms.SERVER_URL, "http://kabupaten.invalid")
    store.state.set(ms.OFFICE_CODE, "31.71.01")
    enrollment._save_credential(store, f"{enrollment.device_id(store)}.demo-secret")
    # 5 days out, inside the warn limit (past it, a warning window opens at start).
    store.state.set(ms.CREDENTIAL_SINCE, datetime.now(UTC) - timedelta(days=5, hours=2))
    good, bad = folder / "kunjungan-desember.csv", folder / "kunjungan-salah.csv"
    good.write_text(HEADER + VISITS, encoding="utf-8")
    bad.write_text(HEADER + BAD, encoding="utf-8")
    return good, bad


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument(
        "--size",
        default="1366x768",
        help="window size WxH; other than 1366x768 the files are named NAME-WxH.png",
    )
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.split("x"))
    app = QApplication(sys.argv[:1])
    apply_look(app)
    shooter = Shooter(app, args.out, "" if (width, height) == (1366, 768) else f"-{args.size}")
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "data")
        good, bad = prepare(store, Path(tmp))
        stick = Path(tmp) / "media" / "FLASHDISK"
        stick.mkdir(parents=True)
        languages = LanguageManager(app)
        languages.set_language("id")
        context = AppContext(
            store=store,
            settings=Settings(office_name="Kelurahan Gambir"),
            tasks=TaskRunner(),
            languages=languages,
            demo=True,
            run_profile=Profile.FIELD,
        )
        context.devices = build_devices(
            context.settings, store.data_dir, demo=True, tasks=context.tasks
        )
        context.operator = store.accounts.authenticate(DEMO_USER, DEMO_PASSWORD)
        window = MainWindow(context)
        window.setWindowState(Qt.WindowState.WindowNoState)  # the offscreen screen is smaller
        window.resize(width, height)
        window.status.read_battery = lambda: BatteryReading(12.0, False)
        window.show()
        try:
            shoot(shooter, window, context, good, bad, stick)
        finally:
            close(window)
            context.tasks.wait()
            store.close()
    return 0


def shoot(
    shooter: Shooter, window: MainWindow, context: AppContext, good: Path, bad: Path, stick: Path
) -> None:
    window.show_screen("visits", {})
    screen = window.screens["visits"]
    assert isinstance(screen, VisitsScreen)
    screen.ask_open_path = lambda: str(bad)
    screen.import_file()
    shooter.wait_until(lambda: screen.problems.count() > 0)
    shooter.save(window, "11b-kunjungan-impor-salah-visits-import-errors")

    screen.ask_open_path = lambda: str(good)
    screen.import_file()
    shooter.wait_until(lambda: screen.table.rowCount() == 5)
    visits = context.store.visits.list()
    operator = DEMO_USER
    context.store.visits.mark(visits[0].id, VisitState.DONE, operator=operator)
    context.store.visits.mark(visits[1].id, VisitState.NOT_HOME, operator=operator)
    screen.reload()
    shooter.wait_until(lambda: screen.visits[0].state is VisitState.DONE)
    screen.table.selectRow(2)
    window.status.refresh()
    shooter.wait_until(lambda: window.status.battery.text() != "")
    shooter.save(window, "11a-kunjungan-visits")

    screen.ask_new_day()  # "Ditunda" on the selected visit: the day row, tomorrow chosen
    shooter.wait_until(lambda: screen.postpone.isVisible())
    shooter.save(window, "11e-kunjungan-tunda-visit-postpone")
    screen.postpone.hide()

    screen.bundle.ask_folder = lambda: str(stick)
    screen.bundle.export()
    shooter.wait_until(lambda: not screen.bundle.running)
    shooter.save(window, "11c-bundel-ekspor-bundle-export")

    window.show_screen("wizard", {"visit": VisitLead.of(visits[2])})
    wizard = window.screens["wizard"]
    model = wizard.model  # type: ignore[attr-defined]
    for index in (0, 1, 0):  # the questions to KTP-el hilang, as the wizard tests answer them
        model.choose(index)
    model.advance()  # the service page, on to the applicant: the visit's address is there
    wizard.show_step()  # type: ignore[attr-defined]
    shooter.wait_until(lambda: True)
    shooter.save(window, "11d-wizard-dari-kunjungan-from-visit")
    wizard.shutdown()  # type: ignore[attr-defined]

    window.show_screen("visits", {})
    shooter.wait_until(lambda: screen.table.rowCount() == 5)
    screen.open_add_form()
    form = screen.adding
    assert isinstance(form, AddVisitDialog)
    shooter.wait_until(form.isVisible)
    form.name.setText("Mbah Karto Sudiro")
    form.alamat.setText("Gang Kenanga 7")
    form.rt.setText("3")
    form.rw.setText("5")
    form.kelurahan.show_code("31.71.01.1002")  # offered: the kecamatan visited last
    form.category.setCurrentIndex(form.category.findData("sakit"))
    form.day.setDate(form.day.date().addDays(2))
    form.notes.setText("terbaring, minta datang pagi; kartu KK dipegang anaknya")
    form.save()  # a refusal shows beside its field; this one is complete, so it is stored
    shooter.wait_until(lambda: screen.adding is None)
    screen.open_add_form()
    form = screen.adding
    assert isinstance(form, AddVisitDialog)
    shooter.wait_until(form.isVisible)
    form.name.setText("Ibu Sumirah")
    form.alamat.setText("Jl. Kenari 12")
    form.rt.setText("4a")
    form.rw.setText("1")
    form.kelurahan.show_code("31.71.01.1001")
    form.category.setCurrentIndex(form.category.findData("disabilitas"))
    form.day.setDate(QDate.currentDate().addDays(1))
    form.notes.setText("kursi roda; rumah di belakang masjid")
    form.save()
    shooter.wait_until(lambda: form.messages["address.rt"].isVisible())
    shooter.save(with_dialog(window, form), "11f-kunjungan-tambah-visit-add")
    form.reject()


def with_dialog(window: QWidget, dialog: QWidget) -> QWidget:
    """The window with the dialog painted centred over it, framed and titled as a window
    manager would (a window's grab leaves out the dialogs it opens, and a bare X server has no
    window manager to draw title bars), as a label to save."""
    from PySide6.QtCore import QPoint, QRect, Qt
    from PySide6.QtGui import QColor, QFont
    from PySide6.QtWidgets import QLabel

    from ui.design.tokens import DEFAULT

    picture = window.grab()
    body = dialog.grab()
    title_height = 30
    top_left = window.rect().center() - QPoint(
        body.width() // 2, (body.height() + title_height) // 2
    )
    frame = QRect(top_left, body.size()).adjusted(0, 0, 0, title_height)
    painter = QPainter(picture)
    painter.fillRect(frame.adjusted(-2, -2, 2, 2), QColor(DEFAULT.border))
    title_bar = QRect(frame.left(), frame.top(), frame.width(), title_height)
    painter.fillRect(title_bar, QColor(DEFAULT.primary))
    painter.setPen(QColor(DEFAULT.on_primary))
    font = QFont(painter.font())
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(
        title_bar.adjusted(10, 0, -10, 0),
        int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
        dialog.windowTitle(),
    )
    painter.drawPixmap(frame.topLeft() + QPoint(0, title_height), body)
    painter.end()
    label = QLabel()
    label.setPixmap(QPixmap(picture))
    label.resize(picture.size())
    return label


if __name__ == "__main__":
    sys.exit(main())
