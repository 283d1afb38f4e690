"""The wizard's frame around the steps: title and "step N of M" above, Back / Next below, and
one message line for what went wrong and what to do."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.field.visits import CATEGORY_LABELS, VisitCategory
from ui.screens.wizard.widgets import COUNTER_COLOURS, InlineColours
from ui.selfservice import SELF_SERVICE
from ui.viewmodels.wizard import Step, WizardModel


def category_label(category: str, lang: str) -> str:
    """Why the team serves the citizen at home, in the operator's language (the one list of
    labels is kiosk.field.visits.CATEGORY_LABELS); an unknown value is shown as it is."""
    try:
        labels = CATEGORY_LABELS[VisitCategory(category)]
    except ValueError:
        return category
    return labels[1 if lang == "en" else 0]


class MessageLine(QLabel):
    """Shown only while it says something: empty, it took 50 px above the steps, the room
    of a field and its label at 768 px."""

    def setText(self, text: str) -> None:  # noqa: N802 - Qt override
        super().setText(text)
        self.setVisible(bool(text))

    def clear(self) -> None:
        super().clear()
        self.hide()


class WizardHeader(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(self)
        self.progress = QLabel(self)
        self.progress.setObjectName("wizard-progress")
        self.message = MessageLine(self)
        self.message.setObjectName("wizard-message")
        self.message.setWordWrap(True)
        self.message.hide()
        for label in (self.title, self.progress, self.message):
            layout.addWidget(label)

    def show_error(self, text: str, colours: InlineColours = COUNTER_COLOURS) -> None:
        self.message.setText(
            f"<span style='color:{colours.error}'><b>{html.escape(text)}</b></span>"
        )

    def show_model(self, model: WizardModel | None, lang: str = "id") -> None:
        revision = model is not None and model.revision_of is not None
        title = self.tr("Perbaikan permohonan") if revision else self.tr("Permohonan baru")
        self.title.setText(f"<h1>{title}</h1>")
        if model is None:
            self.progress.clear()
            return
        names = {
            Step.QUESTIONS: self.tr("Pertanyaan"),
            Step.SERVICE: self.tr("Layanan"),
            Step.APPLICANT: self.tr("Data pemohon"),
            Step.DOCUMENTS: self.tr("Dokumen"),
            Step.EXTRAS: self.tr("Foto diri dan tanda tangan"),
            Step.REVIEW: self.tr("Periksa"),
            Step.RECEIPT: self.tr("Tanda terima"),
        }
        steps = model.steps()
        index = steps.index(model.step) + 1 if model.step in steps else 1
        total = str(len(steps))
        if model.service is None and Step.EXTRAS in steps:
            # The service decides whether the photo and signature step follows: both totals.
            total = f"{len(steps) - 1}–{len(steps)}"
        text = (
            self.tr("Langkah %1 dari %2: %3")
            .replace("%1", str(index))
            .replace("%2", total)
            .replace("%3", names[model.step])
        )
        if model.visit is not None:  # started from a jemput bola visit (ui/screens/visits.py)
            label = category_label(model.visit.category, lang)
            text += " · " + self.tr("jemput bola: %1").replace("%1", label)
        self.progress.setText(text)


class WizardFooter(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.back_button = QPushButton(self)
        self.restart_button = QPushButton(self)
        self.home_button = QPushButton(self)
        """Self-service only: the citizen gives up; the session is wiped (MainWindow)."""
        self.home_button.setObjectName("wizard_home")
        self.next_button = QPushButton(self)
        layout.addWidget(self.back_button)
        layout.addWidget(self.restart_button)
        layout.addWidget(self.home_button)
        layout.addStretch(1)
        layout.addWidget(self.next_button)

    def show_model(self, model: WizardModel | None, submitting: bool) -> None:
        step = model.step if model is not None else Step.QUESTIONS
        self.setVisible(step is not Step.RECEIPT)
        idle = not submitting and model is not None
        for button in (self.back_button, self.restart_button, self.next_button):
            button.setEnabled(idle)
        self.next_button.setVisible(step is not Step.QUESTIONS)
        # A citizen at a public kiosk keeps no draft for later: it is wiped when they leave.
        citizen = model is not None and model.operator == SELF_SERVICE.username
        self.restart_button.setVisible(not citizen)
        self.home_button.setVisible(citizen)
        self.home_button.setEnabled(not submitting)
        if step is Step.QUESTIONS and model is not None:
            self.back_button.setEnabled(idle and model.questionnaire.can_go_back)
        self.restart_button.setText(self.tr("Simpan draf, &mulai baru"))
        self.home_button.setText(self.tr("Kembali ke awal"))
        if citizen:  # no keyboard at a self-service kiosk: no keys named
            self.back_button.setText(self.tr("Kembali"))
            send, next_step = self.tr("Kirim permohonan"), self.tr("Lanjut")
        else:
            self.back_button.setText(self.tr("&Kembali (Alt+←)"))
            send, next_step = self.tr("K&irim permohonan (Enter)"), self.tr("&Lanjut (Ctrl+Enter)")
        self.next_button.setText(send if step is Step.REVIEW else next_step)
