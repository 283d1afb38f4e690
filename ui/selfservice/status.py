"""Cek status: the receipt holder types the number's digits and the NIK's last four on the
keypad, or holds the receipt's QR code to the kiosk camera and types the NIK's last four,
and sees their own application's status in plain words (kiosk/applications/status_lookup.py).
Nothing else: no name, no documents, and a wrong code looks the same whether the number
exists or not. The wrong-try count survives the session wipe on purpose.

The answer comes from the last synced state at once (with how old it is); when the kiosk is
enrolled, a sync pass then asks the server for fresher news in a worker, and the answer is
read again when it returns.
"""

from __future__ import annotations

import threading
from datetime import datetime
from functools import partial
from typing import Any

from PySide6.QtGui import QHideEvent, QImage
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from devices.errors import DeviceUnavailable
from kiosk.applications.status_lookup import (
    NIK_TAIL_DIGITS,
    NUMBER_DIGITS,
    StatusAnswer,
    StatusCheckPaused,
    StatusLookup,
)
from kiosk.receipts.dates import format_datetime_en, format_datetime_id
from kiosk.store.clock import as_utc, utcnow
from ui.context import AppContext
from ui.design.tokens import type_scale
from ui.screens.wizard.printing import (
    PrintOutcome,
    RollSender,
    make_printer,
    send_to_kiosk_printer,
)
from ui.selfservice import SELF_SERVICE
from ui.selfservice.base import SelfServiceScreen
from ui.selfservice.choices import big_button
from ui.selfservice.status_entry import NumberEntry, ScanPage, status_style
from ui.selfservice.status_jobs import (
    ask_server,
    check_and_record,
    coupon_pages,
    pickup_place,
    scan_receipt,
)

NUMBER_STEP, NIK_STEP, RESULT_STEP, SCAN_STEP = 0, 1, 2, 3
ENTRY_PAGE, RESULT_PAGE, SCAN_PAGE = 0, 1, 2


class StatusScreen(SelfServiceScreen):
    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self.lookup: StatusLookup | None = None
        self.shown_answer: StatusAnswer | None = None
        self.print_coupon: RollSender = send_to_kiosk_printer
        self.step = NUMBER_STEP
        self.number_digits = ""
        self.receipt_code = ""
        self.scan_stop = threading.Event()
        self.prompt = QLabel(self)
        self.prompt.setObjectName("status_prompt")
        self.prompt.setWordWrap(True)
        self.body.addWidget(self.prompt)
        self.pages = QStackedWidget(self)
        self.body.addWidget(self.pages, 1)
        entry = NumberEntry(NUMBER_DIGITS, self.pages)
        self.keypad, self.scan_button = entry.keypad, entry.scan_button
        self.keypad.changed.connect(self._typed)
        self.keypad.digit_typed.connect(self.session.voice.say)
        self.scan_button.clicked.connect(self._scan)
        self.next_button = entry.next_button
        self.next_button.clicked.connect(self._next)
        self.pages.addWidget(entry)
        result = QWidget(self.pages)
        result_layout = QVBoxLayout(result)
        self.answer = QLabel(result)
        self.answer.setObjectName("status_answer")  # as large as the title (screen_style)
        self.answer.setWordWrap(True)
        result_layout.addWidget(self.answer)
        self.age = QLabel(result)
        self.age.setObjectName("status_age")
        self.age.setProperty("role", "hint")
        self.age.setWordWrap(True)
        result_layout.addWidget(self.age)
        self.coupon_button = big_button(result, "status_coupon", "primary")
        self.coupon_button.clicked.connect(self._print_coupon)
        result_layout.addWidget(self.coupon_button)
        self.survey_button = big_button(result, "status_survey", icon_name="survey")
        self.survey_button.clicked.connect(lambda: self.go("survey"))
        result_layout.addWidget(self.survey_button)
        self.done_button = big_button(result, "status_done", "primary")
        self.done_button.clicked.connect(lambda: self.go("start"))
        result_layout.addWidget(self.done_button)
        result_layout.addStretch(1)
        self.pages.addWidget(result)
        scan = ScanPage(self.pages)
        self.scan_hint, self.scan_cancel_button = scan.hint, scan.cancel_button
        self.scan_cancel_button.clicked.connect(self._stop_scan_and_type)
        self.pages.addWidget(scan)
        self.pages.currentChanged.connect(self._page_changed)
        self.retranslate()

    def screen_style(self) -> str:
        scale = type_scale(self.session.preferences.text_size)
        return status_style(scale.title, scale.keypad)

    def _page_changed(self, index: int) -> None:
        first = {ENTRY_PAGE: self.prompt, RESULT_PAGE: self.answer, SCAN_PAGE: self.scan_hint}
        self.show_from_top(first[index])

    def activate(self, **kwargs: Any) -> None:
        self.wipe()
        super().activate(**kwargs)

    def wipe(self) -> None:
        self.scan_stop.set()
        self.step = NUMBER_STEP
        self.number_digits = ""
        self.receipt_code = ""
        self.shown_answer = None
        self.keypad.max_digits = NUMBER_DIGITS
        self.keypad.clear()
        self.answer.clear()
        self.age.clear()
        self.notice.hide()
        self.pages.setCurrentIndex(ENTRY_PAGE)
        self.retranslate()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt override
        self.scan_stop.set()  # the camera is let go as soon as the citizen leaves
        super().hideEvent(event)

    def intro(self) -> str:
        if self.step == RESULT_STEP:
            return self.answer.text()
        if self.step == SCAN_STEP:
            return self.scan_hint.text()
        return self.prompt.text()

    def _typed(self, digits: str) -> None:
        self.next_button.setEnabled(len(digits) == self.keypad.max_digits)

    def _ask_nik_tail(self) -> None:
        self.step = NIK_STEP
        self.keypad.max_digits = NIK_TAIL_DIGITS
        self.keypad.clear()
        self.pages.setCurrentIndex(ENTRY_PAGE)
        self.retranslate()
        self.show_from_top(self.prompt)  # the same page, a new question: from its top
        self.speak_intro()

    def _next(self) -> None:
        if self.step == NUMBER_STEP:
            self.number_digits = self.keypad.digits
            self._ask_nik_tail()
            return
        self.next_button.setEnabled(False)
        self.context.tasks.run(
            check_and_record,
            self.context.store,
            self._lookup(),
            self.number_digits,
            self.keypad.digits,
            self.receipt_code,
            on_done=self._answered,
        )

    def _lookup(self) -> StatusLookup:
        if self.lookup is None:
            store = self.context.store
            self.lookup = StatusLookup(store.records, store.state.last_success)
        return self.lookup

    def _scan(self) -> None:
        devices = self.context.devices
        camera = devices.camera_for("document") if devices is not None else None
        if camera is None:
            self._say_notice(
                self.tr("Kamera tidak tersedia. Ketik angka nomor permohonan dari tanda terima.")
            )
            return
        self.scan_stop = threading.Event()
        self.step = SCAN_STEP
        self.notice.hide()
        self.pages.setCurrentIndex(SCAN_PAGE)
        self.retranslate()
        self.speak_intro()
        self.context.tasks.run(
            scan_receipt,
            camera,
            self.scan_stop,
            on_done=partial(self._scanned, stop=self.scan_stop),
            on_error=partial(self._scan_failed, stop=self.scan_stop),
        )

    def _scanned(self, code: str | None, stop: threading.Event) -> None:
        if stop.is_set():  # cancelled, wiped or left: a late code belongs to nobody
            return
        if code is None:
            self.step = NUMBER_STEP
            self.pages.setCurrentIndex(ENTRY_PAGE)
            self.retranslate()
            self._say_notice(
                self.tr(
                    "Kode QR tidak terbaca. Coba lagi dengan tanda terima lebih dekat ke "
                    "kamera, atau ketik angka nomor permohonan."
                )
            )
            return
        self.receipt_code = code
        self._ask_nik_tail()

    def _scan_failed(self, error: Exception, stop: threading.Event) -> None:
        if not isinstance(error, DeviceUnavailable):
            raise error
        self._scanned(None, stop)

    def _stop_scan_and_type(self) -> None:
        self.scan_stop.set()
        self.step = NUMBER_STEP
        self.pages.setCurrentIndex(ENTRY_PAGE)
        self.retranslate()
        self.speak_intro()

    def _say_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.show()
        self.session.voice.say(text)

    def _answered(self, result: Any) -> None:
        if isinstance(result, StatusAnswer):
            self._show_answer(result)
            self.speak_intro()
            if self.context.sync is not None:
                self.age.setText(self.tr("Menanyakan keadaan terbaru ke server…"))
                shown = self.answer.text()
                self.context.tasks.run(
                    ask_server,
                    self.context,
                    self._lookup(),
                    result,
                    on_done=lambda fresh: self._refreshed(fresh, shown),
                    on_error=lambda _error: self._refreshed(result, shown),
                )
            return
        if isinstance(result, StatusCheckPaused):
            text = self.tr(
                "Terlalu banyak percobaan yang salah. Tunggu 2 menit, atau tanyakan petugas loket."
            )
        else:
            text = self.tr(
                "Nomor permohonan atau 4 angka terakhir NIK tidak cocok. Periksa tanda terima "
                "Anda dan coba lagi, atau tanyakan petugas loket."
            )
        self.wipe()
        self._say_notice(text)

    def _show_answer(self, answer: StatusAnswer) -> None:
        self.shown_answer = answer
        self.coupon_button.setEnabled(True)
        self.step = RESULT_STEP
        self.answer.setText(self.plain_words(answer))
        self.age.setText(self.state_age(answer.synced_at))
        self.pages.setCurrentIndex(RESULT_PAGE)
        self.retranslate()

    def _refreshed(self, fresh: StatusAnswer, shown: str) -> None:
        if self.step != RESULT_STEP or self.answer.text() != shown:
            return  # the citizen has moved on, or the screen was wiped
        self._show_answer(fresh)
        if self.answer.text() != shown:
            self.speak_intro()

    def plain_words(self, answer: StatusAnswer) -> str:
        head = self.tr("Permohonan %1 (NIK %2):").replace("%1", answer.number)
        head = head.replace("%2", answer.nik_masked)
        words = {
            "submitted": self.tr("sudah tercatat di anjungan ini dan menunggu dikirim."),
            "sent": self.tr("sedang dikirim ke Dukcapil."),
            "received": self.tr("sudah diterima Dukcapil dan menunggu diperiksa."),
            "verified": self.tr("sedang diperiksa dan diproses."),
            "processing": self.tr("sedang diperiksa dan diproses."),
            "collected": self.tr("sudah diambil."),
            "cancelled": self.tr("dibatalkan."),
        }
        if answer.status == "rejected":
            fix = answer.fix_hint or answer.reason or ""
            return " ".join(
                [
                    head,
                    self.tr("perlu perbaikan."),
                    self.tr("Yang perlu diperbaiki: %1.").replace("%1", fix.rstrip(".")),
                    self.tr("Petugas loket bisa membantu."),
                ]
            )
        if answer.status == "ready":
            place_id, place_en = pickup_place(self.context)
            english = self.session.preferences.language == "en"
            since = ""
            if answer.since is not None:
                moment = answer.since.astimezone()
                since = format_datetime_en(moment) if english else format_datetime_id(moment)
            text = self.tr("sudah jadi dan siap diambil di %1 sejak %2.")
            text = text.replace("%1", place_en if english else place_id)
            return " ".join([head, text.replace("%2", since or "-")])
        return f"{head} {words.get(answer.status, answer.status)}"

    def _print_coupon(self) -> None:
        answer = self.shown_answer
        if answer is None:
            return
        self.coupon_button.setEnabled(False)
        self.context.tasks.run(
            coupon_pages,
            self.context.store,
            answer,
            pickup_place(self.context)[0],
            on_done=partial(self._coupon_ready, answer=answer),
        )

    def _coupon_ready(self, pages: list[QImage], answer: StatusAnswer) -> None:
        if self.shown_answer is not answer:
            return  # wiped or another check meanwhile: print nothing for nobody
        title = f"Kupon pengambilan {answer.number}"
        printer = make_printer("80mm", pages, title, self.context.settings.receipt_printer)
        if self.print_coupon(printer, pages) is PrintOutcome.PRINTED:
            self.context.tasks.run(
                self.context.store.audit.record,
                "print",
                operator=SELF_SERVICE.username,
                number=answer.number,
                detail="pickup coupon 80mm",
            )
            text = self.tr("Kupon pengambilan sudah dicetak. Bawa ke loket bersama KTP-el Anda.")
        else:
            self.coupon_button.setEnabled(True)
            text = self.tr(
                "Kupon tidak bisa dicetak. Tunjukkan tanda terima Anda di loket; petugas bisa "
                "membantu."
            )
        self._say_notice(text)

    def state_age(self, synced_at: datetime | None) -> str:
        if synced_at is None:
            return self.tr("Anjungan ini belum pernah terhubung ke server: status bisa berubah.")
        minutes = int((utcnow() - as_utc(synced_at)).total_seconds() // 60)
        if minutes < 1:
            return self.tr("Keadaan dari server baru saja.")
        if minutes < 60:
            return self.tr("Keadaan dari server %1 menit yang lalu.").replace("%1", str(minutes))
        return self.tr("Keadaan dari server %1 jam yang lalu.").replace("%1", str(minutes // 60))

    def retranslate(self) -> None:
        super().retranslate()
        if not hasattr(self, "done_button"):
            return
        self.title.setText(self.tr("Cek status"))
        if self.step == NUMBER_STEP:
            self.prompt.setText(
                self.tr(
                    "Ketik angka nomor permohonan dari tanda terima, tanpa huruf: 6 angka "
                    "tanggal dan 4 angka terakhir. Contoh: 261203-WRJF-0004 diketik 261203 0004."
                )
            )
            self.next_button.setText(self.tr("Lanjut"))
        elif self.step == NIK_STEP:
            self.prompt.setText(self.tr("Ketik 4 angka terakhir NIK Anda."))
            self.next_button.setText(self.tr("Cek status"))
        elif self.step == SCAN_STEP:
            self.prompt.setText("")
            self.scan_hint.setText(
                self.tr(
                    "Dekatkan kode QR pada tanda terima ke kamera di atas layar, lalu tahan "
                    "sebentar."
                )
            )
        else:
            self.prompt.setText("")
        self.prompt.setVisible(bool(self.prompt.text()))  # no empty line above the answer
        self.scan_button.setVisible(self.step == NUMBER_STEP)
        self.scan_button.setText(self.tr("Pindai kode QR tanda terima"))
        self.scan_cancel_button.setText(self.tr("Ketik nomornya saja"))
        self._typed(self.keypad.digits)
        self.done_button.setText(self.tr("Selesai"))
        ready = self.shown_answer is not None and self.shown_answer.status == "ready"
        self.coupon_button.setVisible(self.step == RESULT_STEP and ready)
        self.coupon_button.setText(self.tr("Cetak kupon pengambilan"))
        self.survey_button.setText(self.tr("Isi survei kepuasan (tanpa nama)"))


def create(context: AppContext) -> StatusScreen:
    return StatusScreen(context)
