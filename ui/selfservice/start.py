"""The self-service start screen: three big choices with pictograms, nothing to type."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from ui.context import AppContext
from ui.design.tokens import SPACING_PX
from ui.selfservice.base import SelfServiceScreen
from ui.selfservice.choices import big_button


class StartScreen(SelfServiceScreen):
    home_button_shown = False

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self.hint = QLabel(self)
        self.hint.setObjectName("hint")
        self.hint.setProperty("role", "hint")
        self.hint.setWordWrap(True)
        self.body.addWidget(self.hint)
        self.apply_button = big_button(self, "choice_apply", "choice", "apply")
        self.apply_button.clicked.connect(lambda: self.go("wizard"))
        self.status_button = big_button(self, "choice_status", "choice", "status")
        self.status_button.clicked.connect(lambda: self.go("status"))
        self.survey_button = big_button(self, "choice_survey", "choice", "survey")
        self.survey_button.clicked.connect(lambda: self.go("survey"))
        for button in (self.apply_button, self.status_button, self.survey_button):
            self.body.addWidget(button)
        # The three choices closer together than the screens' usual gap: at 1024x768 in the
        # largest text (the hint on two lines) the body was 4 px taller than its room and
        # scrolled. Each choice is its own coloured block; 8 px still parts them.
        self.body.setSpacing(SPACING_PX[1])
        self.body.addStretch(1)
        # The staff's way in: small, in the top right corner, away from the citizen's choices
        # (and outside the scrolling body, which then needs no scroll bar); as tall as
        # "Ulangi" beside it and in its text size (the design's rule for the top row).
        self.staff_button = big_button(self, "staff")
        self.staff_button.clicked.connect(lambda: self.go("signin"))
        self.top_bar.addWidget(self.staff_button)
        self.retranslate()

    def intro(self) -> str:
        return self.tr(
            "Selamat datang di anjungan mandiri. Sentuh salah satu pilihan: ajukan permohonan, "
            "cek status, atau isi survei."
        )

    def retranslate(self) -> None:
        super().retranslate()
        if not hasattr(self, "staff_button"):
            return
        self.title.setText(self.tr("Selamat datang"))
        self.hint.setText(self.tr("Sentuh salah satu pilihan di bawah. Tidak perlu papan ketik."))
        self.apply_button.setText(self.tr("Ajukan permohonan"))
        self.status_button.setText(self.tr("Cek status"))
        self.survey_button.setText(self.tr("Isi survei"))
        self.staff_button.setText(self.tr("Petugas"))


def create(context: AppContext) -> StartScreen:
    return StartScreen(context)
