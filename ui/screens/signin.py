"""Sign-in, and on a device with no operators yet, the first-run setup of a supervisor.

Every operator signs in with their own account: nothing on the kiosk happens anonymously.
Password checks (argon2id) run off the main thread, in a lane of their own (ui/tasks.py): on a
busy machine they never wait behind the shared pool's slow jobs (the demo server starting, a
sync, a device probe). A press of Enter or "Masuk" shows at once that it was taken ("Memeriksa…",
the fields and the button held), and a second press while the first is checked starts nothing.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.errors import KioskError
from kiosk.operator import AuthError, Operator, Role
from kiosk.settings import Profile
from ui.context import AppContext
from ui.look import ERROR_TEXT_STYLE
from ui.screens.base import Screen
from ui.selfservice import unlock
from ui.tasks import BusyPolicy, TaskRunner

LANE = "signin"
"""The task lane of sign-in: a person stands waiting for it."""


class SignInScreen(Screen):
    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self.setObjectName("signin")
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        box = QWidget(self)
        box.setMaximumWidth(520)
        layout = QVBoxLayout(box)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        form = QFormLayout()
        self.username = QLineEdit()
        self.display_name = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit()
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.labels = [QLabel() for _ in range(4)]
        for label, field in zip(
            self.labels,
            (self.username, self.display_name, self.password, self.confirm),
            strict=True,
        ):
            label.setBuddy(field)
            form.addRow(label, field)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_TEXT_STYLE)
        layout.addWidget(self.error)
        self.note = QLabel()
        self.note.setObjectName("signin-note")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.progress = QProgressBar()
        self.progress.setObjectName("signin-progress")
        self.progress.setRange(0, 0)  # busy: no end known
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        self.progress.hide()
        layout.addWidget(self.progress)
        self.busy = BusyPolicy(self)
        self.busy.visible_changed.connect(self.progress.setVisible)
        self.submit = QPushButton()
        self.submit.setDefault(True)
        self.submit.clicked.connect(self._submit)
        for field in (self.username, self.display_name, self.password, self.confirm):
            field.returnPressed.connect(self._submit)
        layout.addWidget(self.submit)
        self.back_button = QPushButton()
        self.back_button.setObjectName("back")
        self.back_button.clicked.connect(lambda: self.go("wizard"))
        layout.addWidget(self.back_button)
        outer.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self.first_run = False
        self.unlocking = False
        self.ready = False
        self.checking = False
        """An attempt was taken and has no answer yet: the form is held, presses do nothing."""
        self._submit_when_ready = False
        self._activation = 0
        self.retranslate()

    @property
    def lane(self) -> TaskRunner:
        return self.context.tasks.lane(LANE)

    @property
    def fields(self) -> list[QLineEdit]:
        return [self.username, self.display_name, self.password, self.confirm]

    def activate(self, **kwargs: Any) -> None:
        """Clears the form, then asks a worker whether this device has any operator yet
        (a database read, never on the main thread); a submit typed meanwhile waits."""
        for field in self.fields:
            field.clear()
        self.error.clear()
        self._hold(False)
        self.ready = False
        self._submit_when_ready = False
        # Until the answer comes: a self-service kiosk is almost always being unlocked.
        self.back_button.setVisible(self.context.profile is Profile.SELFSERVICE)
        self.username.setFocus()
        self._activation += 1
        activation = self._activation
        self.context.when_store_open(lambda: self._ask_first_run(activation))

    def _ask_first_run(self, activation: int) -> None:
        if activation != self._activation:
            return  # activated again while the store was opening: that one asks
        self.lane.run(
            self.context.store.accounts.needs_first_run,
            on_done=lambda first_run: self._knows_first_run(activation, first_run),
            on_error=lambda error: self._failed(activation, error),
        )

    def _knows_first_run(self, activation: int, first_run: bool) -> None:
        if activation != self._activation:
            return
        self.first_run = first_run
        selfservice = self.context.profile is Profile.SELFSERVICE
        self.unlocking = selfservice and not first_run
        self.back_button.setVisible(self.unlocking)
        self.ready = True
        self.retranslate()
        if not self._submit_when_ready:
            return
        self._submit_when_ready = False
        if first_run:  # the form asks for more than was typed: nothing to send yet
            self._hold(False)
            self.display_name.setFocus()
            return
        self._attempt()

    def retranslate(self) -> None:
        if self.first_run:
            self.heading.setText(
                "<h2>"
                + self.tr("Penyiapan pertama")
                + "</h2><p>"
                + self.tr(
                    "Buat akun supervisor pertama untuk perangkat ini. Setiap petugas "
                    "nanti memakai akunnya sendiri."
                )
                + "</p>"
            )
            self.submit.setText(self.tr("Buat akun dan masuk"))
        elif self.unlocking:
            self.heading.setText(
                "<h2>"
                + self.tr("Buka anjungan mandiri")
                + "</h2><p>"
                + self.tr("Khusus supervisor. Data pemohon yang sedang diisi akan dihapus.")
                + "</p>"
            )
            self.submit.setText(self.tr("Buka"))
        else:
            self.heading.setText("<h2>" + self.tr("Masuk petugas") + "</h2>")
            self.submit.setText(self.tr("Masuk"))
        if self.checking:
            self.submit.setText(self.tr("Memeriksa…"))
        self.back_button.setText(self.tr("Kembali ke anjungan"))
        texts = [
            self.tr("&Nama pengguna"),
            self.tr("Nama &lengkap"),
            self.tr("&Kata sandi"),
            self.tr("&Ulangi kata sandi"),
        ]
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        for row in (1, 3):
            self.labels[row].setVisible(self.first_run)
            self.fields[row].setVisible(self.first_run)

    def _submit(self) -> None:
        """Enter or "Masuk": taken at once, checked in the sign-in lane; while one attempt is
        being checked another press starts nothing."""
        if self.checking:
            return
        self.error.clear()
        self._hold(True)
        if not self.ready:  # the store is still opening: the attempt follows once it is
            self._submit_when_ready = True
            self.note.setText(
                self.tr(
                    "Perangkat sedang disiapkan; Anda masuk begitu siap, tidak perlu menekan lagi."
                )
            )
            return
        self._attempt()

    def _hold(self, checking: bool) -> None:
        """Shows that an attempt was taken (button held, "Memeriksa…", a busy bar if it takes
        long), or lets the form go again."""
        self.checking = checking
        self.submit.setEnabled(not checking)
        for field in self.fields:
            field.setReadOnly(checking)
        if not checking:
            self.note.clear()
        self.busy.set_busy(checking)
        self.retranslate()

    def _attempt(self) -> None:
        username, password = self.username.text(), self.password.text()
        accounts = self.context.store.accounts
        if self.first_run:
            if password != self.confirm.text():
                self._hold(False)
                self._show_error(self.tr("Kedua kata sandi tidak sama"), self.confirm)
                return

            def create_then_sign_in() -> Operator:
                accounts.create(username, self.display_name.text(), password, Role.SUPERVISOR)
                return accounts.authenticate(username, password)

            job = create_then_sign_in
        elif self.unlocking:
            store = self.context.store

            def unlock_kiosk() -> Operator:
                return unlock(store, username, password)

            job = unlock_kiosk
        else:

            def sign_in() -> Operator:
                return accounts.authenticate(username, password)

            job = sign_in
        activation = self._activation
        self.note.clear()
        self.lane.run(
            job,
            on_done=lambda operator: self._signed_in(activation, operator),
            on_error=lambda error: self._failed(activation, error),
        )

    def _signed_in(self, activation: int, operator: Operator) -> None:
        if activation != self._activation:
            return  # the screen was opened afresh meanwhile: that attempt is void
        self._hold(False)
        self.password.clear()
        self.confirm.clear()
        self.context.operator = operator
        self.go("applications")

    def _failed(self, activation: int, error: Exception) -> None:
        if activation != self._activation:
            return
        self._hold(False)
        if isinstance(error, KioskError):
            english = self.context.languages.language == "en"
            text = error.message_en if english else error.message_id
        else:
            text = self.tr("Terjadi kesalahan tak terduga; coba lagi")
        target = self.password
        if isinstance(error, AuthError) and error.code == "username_invalid":
            target = self.username
        self._show_error(text, target)

    def _show_error(self, text: str, field: QLineEdit) -> None:
        self.error.setText(text)
        field.setFocus()
        field.selectAll()


def create(context: AppContext) -> Screen:
    return SignInScreen(context)
