"""Cek status: the receipt holder types the number's digits and the NIK's last four on the
keypad and sees their own application's status in plain words (kiosk/applications/
status_lookup.py). Nothing else: no name, no documents, and a wrong code looks the same
whether the number exists or not. The wrong-try count survives the session wipe on purpose.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from kiosk.applications.status_lookup import (
    NIK_TAIL_DIGITS,
    NUMBER_DIGITS,
    StatusAnswer,
    StatusCheckPaused,
    StatusLookup,
)
from kiosk.local_store import Store
from kiosk.store.clock import as_utc, utcnow
from ui.context import AppContext
from ui.selfservice import SELF_SERVICE
from ui.selfservice.base import SelfServiceScreen, big_button
from ui.selfservice.keypad import Keypad

NUMBER_STEP, NIK_STEP, RESULT_STEP = 0, 1, 2


def check_and_record(store: Store, lookup: StatusLookup, digits: str, tail: str) -> Any:
    """In a worker: the lookup, and an audit entry for every status shown."""
    try:
        answer = lookup.check(digits, tail)
    except StatusCheckPaused as paused:
        return paused
    if answer is not None:
        store.audit.record("status_checked", operator=SELF_SERVICE.username, number=answer.number)
    return answer


class StatusScreen(SelfServiceScreen):
    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self.lookup: StatusLookup | None = None
        self.step = NUMBER_STEP
        self.number_digits = ""
        self.prompt = QLabel(self)
        self.prompt.setObjectName("status_prompt")
        self.prompt.setWordWrap(True)
        self.body.addWidget(self.prompt)
        self.pages = QStackedWidget(self)
        self.body.addWidget(self.pages, 1)
        entry = QWidget(self.pages)
        entry_layout = QVBoxLayout(entry)
        self.keypad = Keypad(NUMBER_DIGITS, entry)
        self.keypad.changed.connect(self._typed)
        self.keypad.digit_typed.connect(self.session.voice.say)
        entry_layout.addWidget(self.keypad)
        self.next_button = big_button(entry, "status_next", "primary")
        self.next_button.clicked.connect(self._next)
        entry_layout.addWidget(self.next_button)
        self.pages.addWidget(entry)
        result = QWidget(self.pages)
        result_layout = QVBoxLayout(result)
        self.answer = QLabel(result)
        self.answer.setObjectName("status_answer")
        self.answer.setWordWrap(True)
        result_layout.addWidget(self.answer)
        self.age = QLabel(result)
        self.age.setObjectName("status_age")
        self.age.setProperty("role", "hint")
        self.age.setWordWrap(True)
        result_layout.addWidget(self.age)
        self.survey_button = big_button(result, "status_survey", icon_name="survey")
        self.survey_button.clicked.connect(lambda: self.go("survey"))
        result_layout.addWidget(self.survey_button)
        self.done_button = big_button(result, "status_done", "primary")
        self.done_button.clicked.connect(lambda: self.go("start"))
        result_layout.addWidget(self.done_button)
        result_layout.addStretch(1)
        self.pages.addWidget(result)
        self.retranslate()

    def activate(self, **kwargs: Any) -> None:
        self.wipe()
        super().activate(**kwargs)

    def wipe(self) -> None:
        self.step = NUMBER_STEP
        self.number_digits = ""
        self.keypad.max_digits = NUMBER_DIGITS
        self.keypad.clear()
        self.answer.clear()
        self.age.clear()
        self.notice.hide()
        self.pages.setCurrentIndex(0)
        self.retranslate()

    def intro(self) -> str:
        if self.step == RESULT_STEP:
            return self.answer.text()
        return self.prompt.text()

    def _typed(self, digits: str) -> None:
        self.next_button.setEnabled(len(digits) == self.keypad.max_digits)

    def _next(self) -> None:
        if self.step == NUMBER_STEP:
            self.number_digits = self.keypad.digits
            self.step = NIK_STEP
            self.keypad.max_digits = NIK_TAIL_DIGITS
            self.keypad.clear()
            self.retranslate()
            self.speak_intro()
            return
        if self.lookup is None:
            store = self.context.store
            self.lookup = StatusLookup(store.records, store.state.last_success)
        self.next_button.setEnabled(False)
        self.context.tasks.run(
            check_and_record,
            self.context.store,
            self.lookup,
            self.number_digits,
            self.keypad.digits,
            on_done=self._answered,
        )

    def _answered(self, result: Any) -> None:
        if isinstance(result, StatusAnswer):
            self.step = RESULT_STEP
            self.answer.setText(self.plain_words(result))
            self.age.setText(self.state_age(result.synced_at))
            self.pages.setCurrentIndex(1)
            self.retranslate()
            self.speak_intro()
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
        self.notice.setText(text)
        self.notice.show()
        self.session.voice.say(text)

    def plain_words(self, answer: StatusAnswer) -> str:
        head = self.tr("Permohonan %1 (NIK %2):").replace("%1", answer.number)
        head = head.replace("%2", answer.nik_masked)
        words = {
            "submitted": self.tr("sudah tercatat di anjungan ini dan menunggu dikirim."),
            "sent": self.tr("sedang dikirim ke Dukcapil."),
            "received": self.tr("sudah diterima Dukcapil dan menunggu diperiksa."),
            "verified": self.tr("sedang diperiksa dan diproses."),
            "processing": self.tr("sedang diperiksa dan diproses."),
            "ready": self.tr("sudah jadi dan siap diambil di kantor ini."),
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
        return f"{head} {words.get(answer.status, answer.status)}"

    def state_age(self, synced_at: datetime | None) -> str:
        if synced_at is None:
            return self.tr("Anjungan ini belum pernah terhubung ke server: status bisa berubah.")
        minutes = int((utcnow() - as_utc(synced_at)).total_seconds() // 60)
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
                    "Ketik angka nomor permohonan dari tanda terima: 6 angka tanggal dan 4 angka "
                    "terakhir (tanpa huruf)."
                )
            )
            self.next_button.setText(self.tr("Lanjut"))
        elif self.step == NIK_STEP:
            self.prompt.setText(self.tr("Ketik 4 angka terakhir NIK Anda."))
            self.next_button.setText(self.tr("Cek status"))
        else:
            self.prompt.setText("")
        self._typed(self.keypad.digits)
        self.done_button.setText(self.tr("Selesai"))
        self.survey_button.setText(self.tr("Isi survei kepuasan (tanpa nama)"))


def create(context: AppContext) -> StatusScreen:
    return StatusScreen(context)
