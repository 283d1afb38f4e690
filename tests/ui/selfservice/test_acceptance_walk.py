"""Issue 15's acceptance walk, by touch only (mouse clicks, no key events), against a real
`kiosk-server`: a ktp-el-hilang application made under the self-service identity reaches the
server and is rejected there; the citizen holds its printed receipt's QR to the (fake) camera,
types the NIK's last four, and the kiosk, asking the server, says it needs a correction and
what to fix; the citizen fills the survey and walks away; the idle wipe leaves nothing of them.
The application is made in the wizard by touch (tests/ui/selfservice/touch_apply.py): the
keypad for NIK, No. KK and phone, the keyboard for name and address, the kelurahan picked from
big buttons, the documents captured with the fake camera and scanner. Every screen on the way,
the wizard's included, is measured (targets, text, contrast) and every spoken text checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import cast

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from sync.engine import SyncEngine
from sync.enrollment import enroll
from sync.scheduler import SyncScheduler
from tests.helpers.applications import ktp_el_hilang
from tests.helpers.processes import ServerProcess
from tests.helpers.receipt_camera import receipt_camera
from tests.ui.selfservice.test_touch_flow import kiosk, touch
from tests.ui.selfservice.touch_apply import CITIZEN, apply_by_touch
from ui.context import AppContext
from ui.devices_setup import DeviceSet
from ui.main_window import MainWindow
from ui.selfservice import SELF_SERVICE
from ui.selfservice.session import citizen_session
from ui.selfservice.start import StartScreen
from ui.selfservice.status import ENTRY_PAGE, RESULT_PAGE, SCAN_PAGE, StatusScreen
from ui.selfservice.survey import EXTRAS_PAGE, THANKS_PAGE, SurveyScreen

from .measure import problems

pytestmark = pytest.mark.gui


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    process = ServerProcess(tmp_path / "server", f"sqlite:///{tmp_path / 'server.sqlite3'}")
    process.cli("keys", "create")  # the application travels sealed, as in production
    process.start()
    yield process
    process.stop()


def _measured(screen: QWidget, where: str) -> None:
    screen.grab()
    assert problems(screen) == [], where


def _widget_texts(window: MainWindow) -> str:
    labels = [label.text() for label in window.findChildren(QLabel)]
    edits = [edit.text() for edit in window.findChildren(QLineEdit)]
    return " ".join(labels + edits)


def _data_dir_bytes(data_dir: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(data_dir.rglob("*")) if p.is_file())


def test_apply_get_the_receipt_check_it_by_qr_see_the_correction_fill_the_survey(
    qtbot: QtBot,
    context: AppContext,
    server: ServerProcess,
    tmp_path: Path,
    fake_devices: DeviceSet,
) -> None:
    store = context.store
    enroll(store, server.url, server.enrollment_code("31.71.01"), "anjungan 1")
    nik, name = CITIZEN["nik"], CITIZEN["name"]
    context.devices = fake_devices  # documents on the camera, pages on the scanner
    window = kiosk(qtbot, context)
    voice = citizen_session(context).voice
    start = cast(StartScreen, window.screens["start"])
    _measured(start, "start")
    touch(qtbot, start.voice_button)
    assert voice.spoken == [start.intro()]
    number = apply_by_touch(qtbot, window, _measured)
    assert any(s.startswith("Isi data Anda") for s in voice.spoken)
    assert voice.spoken[-1].startswith("Permohonan terkirim")
    [submitted] = store.records.find_by_number(number)
    assert submitted.service == "ktp-el-hilang"
    assert "create" in [e["action"] for e in store.audit.entries() if e["number"] == number]
    assert SyncEngine(store).run_once().acknowledged == 1  # sealed, to the real server
    server.cli(
        "decide",
        submitted.id,
        "--status",
        "rejected",
        "--reason",
        "Surat kehilangan tidak terbaca",
        "--fix",
        "Pindai ulang surat kehilangan dari kepolisian",
    )
    # The kiosk has not pulled the rejection yet: only asking the server shows it.
    assert store.records.find_by_id(submitted.id)[0].status == "received"
    # The citizen holds the receipt to the camera (the printed one, as the printer gets it).
    context.devices = DeviceSet(camera=receipt_camera(store, submitted.number, tmp_path), demo=True)
    context.sync = SyncScheduler(store)  # not started: the status screen's own pass asks
    touch(qtbot, window.sign_out_button)  # "Selesai, hapus data saya"; back later to ask
    qtbot.waitUntil(lambda: window.current == "start")
    context.tasks.wait()
    assert store.drafts.list(SELF_SERVICE.username) == []
    touch(qtbot, start.voice_button)  # every choice was reset for the next person
    touch(qtbot, start.status_button)
    status = cast(StatusScreen, window.screens["status"])
    _measured(status, "status: number")
    assert "nomor permohonan" in voice.spoken[-1]
    touch(qtbot, status.scan_button)
    assert status.pages.currentIndex() == SCAN_PAGE
    _measured(status, "status: scanning")
    assert voice.spoken[-1] == status.scan_hint.text()
    qtbot.waitUntil(lambda: status.pages.currentIndex() == ENTRY_PAGE, timeout=15_000)
    assert "4 angka terakhir NIK" in voice.spoken[-1]
    _measured(status, "status: NIK tail")
    for digit in nik[-4:]:
        touch(qtbot, status.keypad.keys[digit])
    assert voice.spoken[-4:] == list(nik[-4:])
    touch(qtbot, status.next_button)
    qtbot.waitUntil(lambda: "perlu perbaikan" in status.answer.text(), timeout=30_000)
    assert status.pages.currentIndex() == RESULT_PAGE
    answer = status.answer.text()
    assert submitted.number in answer
    assert "Pindai ulang surat kehilangan dari kepolisian" in answer
    assert "Petugas loket bisa membantu" in answer
    assert "baru saja" in status.age.text()  # fresh from the server (under a minute)
    assert "sudah diterima" in voice.spoken[-2]  # the local state first, then the fresher one
    assert voice.spoken[-1] == answer
    assert nik not in _widget_texts(window)
    assert name not in _widget_texts(window)
    _measured(status, "status: answer")

    touch(qtbot, status.survey_button)
    survey = cast(SurveyScreen, window.screens["survey"])
    _measured(survey, "survey question")
    for score in (4, 3, 4, 4, 3, 4, 4, 3, 4):
        touch(qtbot, survey.face_buttons[score - 1])
    assert survey.pages.currentIndex() == EXTRAS_PAGE
    _measured(survey, "survey extras")
    touch(qtbot, survey.send_button)
    qtbot.waitUntil(lambda: survey.pages.currentIndex() == THANKS_PAGE)
    _measured(survey, "survey thanks")
    assert voice.spoken[-1].startswith("Terima kasih")
    said = " ".join(voice.spoken)
    assert all(f"Pertanyaan {n} dari 9." in said for n in range(1, 10))
    assert context.store.survey.pending(10)[0].answer.scores == (4, 3, 4, 4, 3, 4, 4, 3, 4)

    # The citizen walks away: the idle countdown runs out.
    window.idle._start_countdown()
    window.idle.left = 1
    with qtbot.waitSignal(window.idle.locked, timeout=3000):
        pass
    qtbot.waitUntil(lambda: window.current == "start")
    context.tasks.wait()
    shown = _widget_texts(window)
    # "perlu perbaikan." as the status answer says it; every form asks "(bila perlu
    # perbaikan, atau siap diambil)?" of the citizen, which is no trace of anyone.
    for trace in (submitted.number, nik[-4:], "Pindai ulang", "perlu perbaikan."):
        assert trace not in shown, trace
    assert status.keypad.digits == ""
    assert not voice.enabled
    assert store.drafts.list(SELF_SERVICE.username) == []
    on_disk = _data_dir_bytes(store.data_dir)
    assert nik.encode() not in on_disk  # only the masked NIK is kept readable
    assert name.encode() not in on_disk


def test_with_the_server_gone_the_stored_state_stands_and_says_how_old_it_is(
    qtbot: QtBot, context: AppContext, server: ServerProcess, tmp_path: Path
) -> None:
    store = context.store
    enroll(store, server.url, server.enrollment_code("31.71.01"), "anjungan 1")
    application = ktp_el_hilang(8, operator=SELF_SERVICE.username)
    submitted = store.submission.submit(application)
    assert SyncEngine(store).run_once().acknowledged == 1
    server.stop()  # the link is down from here on
    context.devices = DeviceSet(camera=receipt_camera(store, submitted.number, tmp_path), demo=True)
    context.sync = SyncScheduler(store)
    window = kiosk(qtbot, context)
    touch(qtbot, cast(StartScreen, window.screens["start"]).status_button)
    status = cast(StatusScreen, window.screens["status"])
    touch(qtbot, status.scan_button)
    qtbot.waitUntil(lambda: status.pages.currentIndex() == ENTRY_PAGE, timeout=15_000)
    for digit in application.applicant.nik[-4:]:
        touch(qtbot, status.keypad.keys[digit])
    touch(qtbot, status.next_button)
    qtbot.waitUntil(lambda: status.pages.currentIndex() == RESULT_PAGE)
    qtbot.waitUntil(lambda: "Menanyakan" not in status.age.text(), timeout=30_000)
    assert "sudah diterima" in status.answer.text()
    assert "baru saja" in status.age.text()  # how old the stored state is (under a minute)
