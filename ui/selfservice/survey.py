"""The satisfaction survey (SKM) by touch: one element a page, four faces with words.

Answers stay in this screen until the ninth, then go to the store as one anonymous response
(kiosk.survey.responses) off the main thread. Nothing of the citizen's application is
attached. The response is kept when the session is wiped later (it is not the citizen's
data), but the half-filled answers on screen are dropped with the session.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.survey.ikm import ELEMENT_COUNT
from kiosk.survey.responses import (
    AGE_BANDS,
    EDUCATIONS,
    JOBS,
    MAX_SUGGESTION_CHARS,
    SEXES,
    SurveyAnswer,
)
from ui.context import AppContext
from ui.design.tokens import SPACING_PX
from ui.selfservice.base import SelfServiceScreen
from ui.selfservice.choices import big_button
from ui.selfservice.keyboard import OnScreenKeyboard
from ui.selfservice.page_stack import ShownPageStack

FACE_PX = 72
CHOICES_PER_ROW = 4
"""Respondent choices a row: seven jobs at the largest text still fit 1366 px in two rows."""
RESPONDENT_FIELDS = (
    ("sex", SEXES),
    ("age_band", AGE_BANDS),
    ("education", EDUCATIONS),
    ("job", JOBS),
)
"""The respondent fields of the regulation's form, all optional."""
QUESTION_PAGE, EXTRAS_PAGE, THANKS_PAGE = 0, 1, 2


class SurveyScreen(SelfServiceScreen):
    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        # The screen's parts (its top row, the scrolling page, the page's buttons and the
        # choices bar) 8 px apart, not 16: at 1024x768 in the largest text the suggestion's
        # last row of keys was under the fold by less than those gaps.
        outer = self.layout()
        if outer is not None:
            outer.setSpacing(SPACING_PX[1])
        self.scores: list[int] = []
        self.pages = ShownPageStack(self)
        self.body.addWidget(self.pages, 1)
        # Each page's buttons under the scrolling part, the one set of the page on screen:
        # the faces stay put while a long question scrolls, and "Kirim" is never below the
        # keyboard and four rows of choices.
        self.page_buttons = ShownPageStack(self)
        self.below_body.addWidget(self.page_buttons)
        question_page = QWidget(self.pages)
        column = QVBoxLayout(question_page)
        # No margins of its own (the screen gives them): the text lines up with the faces
        # under it, and the suggestion page's keys get the room.
        column.setContentsMargins(0, 0, 0, 0)
        self.progress = QLabel(question_page)
        self.progress.setObjectName("survey_progress")
        self.progress.setProperty("role", "hint")
        column.addWidget(self.progress)
        self.question = QLabel(question_page)
        self.question.setObjectName("survey_question")
        self.question.setWordWrap(True)
        column.addWidget(self.question)
        column.addStretch(1)
        self.pages.addWidget(question_page)
        answers = QWidget(self.page_buttons)
        answers_column = QVBoxLayout(answers)
        answers_column.setContentsMargins(0, 0, 0, 0)
        # Two by two: four faces with their words in a row do not fit 1024 px at 20 pt.
        faces = QGridLayout()
        self.face_buttons = []
        for score in range(1, 5):
            button = big_button(answers, f"score_{score}", "primary", f"face-{score}")
            button.setIconSize(QSize(FACE_PX, FACE_PX))
            button.clicked.connect(lambda _=False, s=score: self.answer(s))
            faces.addWidget(button, (score - 1) // 2, (score - 1) % 2)
            self.face_buttons.append(button)
        answers_column.addLayout(faces)
        self.back_button = big_button(answers, "survey_back", icon_name="back")
        self.back_button.clicked.connect(self.previous)
        answers_column.addWidget(self.back_button)
        self.page_buttons.addWidget(answers)
        self._build_extras()
        thanks_page = QWidget(self.pages)
        thanks = QVBoxLayout(thanks_page)
        thanks.setContentsMargins(0, 0, 0, 0)
        self.thanks = QLabel(thanks_page)
        self.thanks.setObjectName("survey_thanks")
        self.thanks.setWordWrap(True)
        thanks.addWidget(self.thanks)
        self.done_button = big_button(thanks_page, "survey_done", "primary")
        self.done_button.clicked.connect(lambda: self.go("start"))
        thanks.addWidget(self.done_button)
        thanks.addStretch(1)
        self.pages.addWidget(thanks_page)
        self.page_buttons.addWidget(QWidget(self.page_buttons))  # thanks: its button is its own
        self.pages.currentChanged.connect(self.page_buttons.setCurrentIndex)
        self.pages.currentChanged.connect(self._page_changed)
        self.retranslate()

    def _page_changed(self, index: int) -> None:
        first = {QUESTION_PAGE: self.progress, EXTRAS_PAGE: self.extras_hint}
        self.show_from_top(first.get(index, self.thanks))

    def _build_extras(self) -> None:
        """The optional part: a suggestion on the on-screen keyboard, then sex, age band,
        education and job, each a row of big buttons under its name."""
        page = QWidget(self.pages)
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        self.extras_hint = QLabel(page)
        self.extras_hint.setObjectName("survey_extras_hint")
        self.extras_hint.setWordWrap(True)
        column.addWidget(self.extras_hint)
        self.keyboard = OnScreenKeyboard(MAX_SUGGESTION_CHARS, page)
        self.keyboard.setObjectName("survey_keyboard")  # the compact keys (design stylesheet)
        self.keyboard.finished.connect(lambda: self._next_question(RESPONDENT_FIELDS[0][0]))
        column.addWidget(self.keyboard)
        self.choice_groups: dict[str, QButtonGroup] = {}
        self.choice_buttons: dict[str, dict[str, QPushButton]] = {}
        self.choice_labels: dict[str, QLabel] = {}
        for field, codes in RESPONDENT_FIELDS:
            label = QLabel(page)
            label.setObjectName(f"{field}_label")
            column.addWidget(label)
            self.choice_labels[field] = label
            grid = QGridLayout()
            group = QButtonGroup(page)
            group.setExclusive(True)
            self.choice_buttons[field] = {}
            for index, code in enumerate(codes):
                button = big_button(page, f"{field}_{code}")
                button.setCheckable(True)
                group.addButton(button)
                grid.addWidget(button, index // CHOICES_PER_ROW, index % CHOICES_PER_ROW)
                self.choice_buttons[field][code] = button
            self.choice_groups[field] = group
            column.addLayout(grid)
        column.addStretch(1)
        self.pages.addWidget(page)
        self.send_button = big_button(self.page_buttons, "survey_send", "primary")
        self.send_button.clicked.connect(self._send)
        self.page_buttons.addWidget(self.send_button)

    def _next_question(self, field: str) -> None:
        """ "Berikutnya" on the keyboard: the next question in view (its name at the top, as
        much of its choices as fit) with the focus on its first choice."""
        label = self.choice_labels[field]
        buttons = list(self.choice_buttons[field].values())
        body = self.body_scroll.widget()
        if body is None:
            return
        bottom = buttons[-1].mapTo(body, QPoint(0, buttons[-1].height())).y()
        top = label.mapTo(body, QPoint(0, 0)).y()
        self.body_scroll.ensureVisible(0, bottom, 0, SPACING_PX[1])
        self.body_scroll.ensureVisible(0, top, 0, SPACING_PX[1])  # the name wins
        buttons[0].setFocus(Qt.FocusReason.OtherFocusReason)
        self.session.voice.say(label.text())

    def _chosen(self, field: str) -> str | None:
        return next((code for code, b in self.choice_buttons[field].items() if b.isChecked()), None)

    def questions(self) -> list[str]:
        return [
            self.tr("Bagaimana pendapat Anda tentang kesesuaian persyaratan pelayanan?"),
            self.tr("Bagaimana kemudahan sistem, mekanisme dan prosedur pelayanan?"),
            self.tr("Bagaimana kecepatan waktu penyelesaian pelayanan?"),
            self.tr("Bagaimana kewajaran biaya atau tarif pelayanan?"),
            self.tr("Bagaimana kesesuaian hasil pelayanan dengan yang dijanjikan?"),
            self.tr("Bagaimana kemampuan (kompetensi) petugas?"),
            self.tr("Bagaimana kesopanan dan keramahan petugas?"),
            self.tr("Bagaimana penanganan pengaduan, saran dan masukan?"),
            self.tr("Bagaimana kualitas sarana dan prasarana?"),
        ]

    def answer_words(self) -> list[str]:
        return [
            self.tr("Tidak baik"),
            self.tr("Kurang baik"),
            self.tr("Baik"),
            self.tr("Sangat baik"),
        ]

    def activate(self, **kwargs: Any) -> None:
        self.wipe()
        super().activate(**kwargs)

    def wipe(self) -> None:
        self.scores = []
        self.keyboard.clear()
        for group in self.choice_groups.values():
            group.setExclusive(False)
            for button in group.buttons():
                button.setChecked(False)
            group.setExclusive(True)
        self.pages.setCurrentIndex(QUESTION_PAGE)
        self._show_question()

    def intro(self) -> str:
        if self.pages.currentIndex() == THANKS_PAGE:
            return self.thanks.text()
        if self.pages.currentIndex() == EXTRAS_PAGE:
            return self.extras_hint.text()
        number = len(self.scores) + 1
        return (
            self.tr("Pertanyaan %1 dari %2. %3 Sentuh salah satu wajah.")
            .replace("%1", str(number))
            .replace("%2", str(ELEMENT_COUNT))
            .replace("%3", self.questions()[len(self.scores)])
        )

    def answer(self, score: int) -> None:
        if len(self.scores) >= ELEMENT_COUNT:
            return
        self.scores.append(score)
        if len(self.scores) < ELEMENT_COUNT:
            self._show_question()
            self.speak_intro()
            return
        self.pages.setCurrentIndex(EXTRAS_PAGE)
        self.speak_intro()

    def _send(self) -> None:
        answer = SurveyAnswer(
            scores=tuple(self.scores),
            suggestion=self.keyboard.text.strip(),
            sex=self._chosen("sex"),
            age_band=self._chosen("age_band"),
            education=self._chosen("education"),
            job=self._chosen("job"),
        )
        self.send_button.setEnabled(False)
        self.context.tasks.run(self.context.store.survey.add, answer, on_done=self._saved)

    def _saved(self, _response_id: str) -> None:
        self.scores = []
        self.keyboard.clear()
        self.send_button.setEnabled(True)
        self.pages.setCurrentIndex(THANKS_PAGE)
        self.speak_intro()

    def previous(self) -> None:
        if self.scores:
            self.scores.pop()
            self._show_question()
            self.speak_intro()
        else:
            self.go("start")

    def _show_question(self) -> None:
        index = min(len(self.scores), ELEMENT_COUNT - 1)
        self.progress.setText(
            self.tr("Pertanyaan %1 dari %2")
            .replace("%1", str(index + 1))
            .replace("%2", str(ELEMENT_COUNT))
        )
        self.question.setText(self.questions()[index])

    def retranslate(self) -> None:
        super().retranslate()
        if not hasattr(self, "done_button"):
            return
        self.title.setText(self.tr("Survei kepuasan"))
        for button, words in zip(self.face_buttons, self.answer_words(), strict=True):
            button.setText(words)
        self.back_button.setText(self.tr("Sebelumnya"))
        self.thanks.setText(
            self.tr("Terima kasih. Jawaban Anda tersimpan tanpa nama dan membantu kantor ini.")
        )
        self.done_button.setText(self.tr("Selesai"))
        self.extras_hint.setText(
            self.tr(
                "Boleh dilewati: tulis saran Anda, pilih jenis kelamin, usia, pendidikan dan "
                "pekerjaan, lalu sentuh Kirim."
            )
        )
        self.send_button.setText(self.tr("Kirim jawaban"))
        sexes = {"L": self.tr("Laki-laki"), "P": self.tr("Perempuan")}
        for code, button in self.choice_buttons["sex"].items():
            button.setText(sexes[code])
        for code, button in self.choice_buttons["age_band"].items():
            button.setText(self.tr("%1 th").replace("%1", code))
        names = {
            "sex": self.tr("Jenis kelamin"),
            "age_band": self.tr("Usia"),
            "education": self.tr("Pendidikan terakhir"),
            "job": self.tr("Pekerjaan"),
        }
        for field, label in self.choice_labels.items():
            label.setText(names[field])
        educations = {
            "sd": self.tr("SD"),
            "smp": self.tr("SMP"),
            "sma": self.tr("SMA/SMK"),
            "diploma": self.tr("D1-D3"),
            "s1": self.tr("S1/D4"),
            "s2+": self.tr("S2 ke atas"),
        }
        for code, button in self.choice_buttons["education"].items():
            button.setText(educations[code])
        jobs = {
            "pns": self.tr("PNS"),
            "tni": self.tr("TNI"),
            "polri": self.tr("POLRI"),
            "swasta": self.tr("Pegawai swasta"),
            "wirausaha": self.tr("Wirausaha"),
            "pelajar": self.tr("Pelajar/Mahasiswa"),
            "lainnya": self.tr("Lainnya"),
        }
        for code, button in self.choice_buttons["job"].items():
            button.setText(jobs[code])
        self._show_question()


def create(context: AppContext) -> SurveyScreen:
    return SurveyScreen(context)
