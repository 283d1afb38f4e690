"""Step 1: the guiding questions as big buttons (1-9 on the keyboard), and saved drafts.

When the operator has unfinished drafts (a power cut, a citizen who went to fetch a document)
they are offered above the first question, but never given the keyboard: the focus stays on
the question, the number keys always answer it, and a draft is resumed only by an explicit
choice ("Lanjutkan draf", Alt+D, or Enter/double-click in the list the operator moved to).
Once the first question is answered the offer is hidden: a new application has begun.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.catalog import Question
from kiosk.errors import CatalogError
from kiosk.store.drafts import DraftSummary
from ui.context import AppContext
from ui.screens.wizard.widgets import BigButton, StepPage, pick
from ui.viewmodels.questionnaire import Questionnaire
from ui.viewmodels.wizard import WizardModel

MAX_OPTIONS = 9


class QuestionsPage(StepPage):
    chosen = Signal(int)
    resume_requested = Signal(str)
    delete_requested = Signal(str)

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        _body, layout = self.scrolling_body()
        self.drafts_box = QGroupBox(self)
        drafts_layout = QVBoxLayout(self.drafts_box)
        self.drafts_hint = QLabel(self.drafts_box)
        self.drafts_hint.setWordWrap(True)
        self.drafts_list = QListWidget(self.drafts_box)
        self.drafts_list.setMaximumHeight(140)
        self.drafts_list.itemActivated.connect(lambda _item: self._resume())
        buttons = QHBoxLayout()
        self.resume_button = QPushButton(self.drafts_box)
        self.resume_button.clicked.connect(self._resume)
        self.delete_button = QPushButton(self.drafts_box)
        self.delete_button.clicked.connect(self._delete)
        buttons.addWidget(self.resume_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        drafts_layout.addWidget(self.drafts_hint)
        drafts_layout.addWidget(self.drafts_list)
        drafts_layout.addLayout(buttons)
        self.drafts_box.hide()
        layout.addWidget(self.drafts_box)
        self.question = QLabel(self)
        self.question.setWordWrap(True)
        self.question.setObjectName("question")
        self.help = QLabel(self)
        self.help.setWordWrap(True)
        layout.addWidget(self.question)
        layout.addWidget(self.help)
        self.options_box = QWidget(self)
        self.options_layout = QVBoxLayout(self.options_box)
        self.options_layout.setContentsMargins(0, 0, 0, 0)
        self.buttons: list[BigButton] = []
        self.answers_wrap = False
        layout.addWidget(self.options_box)
        layout.addStretch(1)
        self.keys_hint = QLabel(self)
        layout.addWidget(self.keys_hint)
        for number in range(1, MAX_OPTIONS + 1):
            shortcut = QShortcut(QKeySequence(str(number)), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda n=number: self._choose_number(n))
        self.questionnaire: Questionnaire | None = None
        self.drafts: list[DraftSummary] = []
        self.retranslate()

    def show_model(self, model: WizardModel) -> None:
        self.show_question(model.questionnaire)
        self._show_offer()

    def _show_offer(self) -> None:
        begun = self.questionnaire is not None and bool(self.questionnaire.path)
        self.drafts_box.setVisible(bool(self.drafts) and not begun)

    def show_question(self, questionnaire: Questionnaire) -> None:
        self.questionnaire = questionnaire
        question = questionnaire.current
        for button in self.buttons:
            button.deleteLater()
        self.buttons = []
        if question is None:
            return
        for index in range(min(len(question.options), MAX_OPTIONS)):
            button = BigButton(self.options_box)
            button.set_wrap(self.answers_wrap)
            button.clicked.connect(lambda _=False, i=index: self.chosen.emit(i))
            self.options_layout.addWidget(button)
            button.show()  # a layout shows new children only later; focus needs it now
            self.buttons.append(button)
        self._texts(question)

    def wrap_answers(self, wrap: bool) -> None:
        """The answers' words wrap in their buttons (the self-service kiosk, where at the
        largest text a long answer is wider than a 1024 px screen); the counter's do not."""
        self.answers_wrap = wrap
        for button in self.buttons:
            button.set_wrap(wrap)

    def _texts(self, question: Question) -> None:
        lang = self.lang
        self.question.setText(f"<h2>{pick(question.text, lang)}</h2>")
        self.help.setText(pick(question.help, lang))
        self.help.setVisible(question.help is not None)
        for index, button in enumerate(self.buttons):
            button.setText(f"{index + 1}   {pick(question.options[index].label, lang)}")

    def _choose_number(self, number: int) -> None:
        if number <= len(self.buttons):
            self.chosen.emit(number - 1)

    def focus_first(self) -> None:
        """The first option, never the drafts: a waiting draft must not catch the keys."""
        if self.buttons:
            self.buttons[0].setFocus()

    # --- drafts -------------------------------------------------------------------------
    def show_drafts(self, drafts: list[DraftSummary]) -> None:
        self.drafts = drafts
        self.drafts_list.clear()
        catalog = self.context.store.catalog
        for draft in drafts:
            name = self.tr("(layanan belum dipilih)")
            if draft.service:
                try:
                    name = pick(catalog.service(draft.service).name, self.lang)
                except CatalogError:  # dropped from the catalog since
                    name = draft.service
            who = " · ".join(p for p in (draft.applicant_name, draft.nik_masked) if p)
            if not who:
                who = self.tr("(pemohon belum diisi)")
            item = QListWidgetItem(f"{who} — {name} — {_when(draft.updated_at)}")
            item.setData(Qt.ItemDataRole.UserRole, draft.id)
            self.drafts_list.addItem(item)
        self._show_offer()

    def _selected_draft(self) -> str | None:
        if not self.drafts_box.isVisible():
            return None  # Alt+D after the first answer must not reach a hidden draft
        item = self.drafts_list.currentItem() or self.drafts_list.item(0)
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def _resume(self) -> None:
        draft_id = self._selected_draft()
        if draft_id is not None:
            self.resume_requested.emit(draft_id)

    def _delete(self) -> None:
        draft_id = self._selected_draft()
        if draft_id is not None:
            self.delete_requested.emit(draft_id)
            self.show_drafts([d for d in self.drafts if d.id != draft_id])
            self.focus_first()

    def retranslate(self) -> None:
        self.drafts_box.setTitle(self.tr("Draf yang belum selesai"))
        self.drafts_hint.setText(
            self.tr(
                "Untuk melanjutkan draf, pilih lalu tekan Lanjutkan draf (Alt+D). "
                "Untuk permohonan baru, jawab pertanyaan di bawah."
            )
        )
        self.resume_button.setText(self.tr("Lanjutkan &draf"))
        self.delete_button.setText(self.tr("&Hapus draf"))
        self.keys_hint.setText(self.tr("Tekan angka pilihan, atau panah lalu Enter."))
        if self.questionnaire is not None and self.questionnaire.current is not None:
            self._texts(self.questionnaire.current)
        if self.drafts:
            self.show_drafts(self.drafts)


def _when(moment: datetime) -> str:
    return f"{moment.astimezone():%d-%m-%Y %H:%M}"
