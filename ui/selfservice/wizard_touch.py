"""The application wizard in a citizen's hands: the self-service look, the touch input panel
beside the steps, the citizen's choices bar under them, and a voice that says what each step
is for. Attached from outside (the wizard stays the counter's wizard); while a supervisor has
unlocked the kiosk the wizard is shown as at the counter.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QWidget,
)

from ui.context import AppContext
from ui.selfservice import SELF_SERVICE
from ui.selfservice.capture_touch import TouchCapture
from ui.selfservice.choices import CitizenChoices, paint_icons
from ui.selfservice.session import citizen_session
from ui.selfservice.touch_input import TouchInputPanel
from ui.viewmodels.wizard import Step, WizardModel

if TYPE_CHECKING:
    from ui.screens.wizard.screen import WizardScreen

PANEL_MARGIN_PX = 64
"""Beside the panel's own width: its scroll bar and a gap to the form."""
BANNER_MIN_PX = 360
_TAGS = re.compile(r"<[^>]+>")


class TouchWizard(QObject):
    def __init__(self, wizard: WizardScreen, context: AppContext) -> None:
        super().__init__(wizard)
        self.wizard = wizard
        self.context = context
        self.session = citizen_session(context)
        self.panel = TouchInputPanel(self.session)
        self.panel_scroll = QScrollArea(wizard)
        self.panel_scroll.setObjectName("touch_input_scroll")
        self.panel_scroll.setWidget(self.panel)
        self.panel_scroll.setWidgetResizable(True)
        self.panel_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.panel_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = wizard.layout()
        assert isinstance(layout, QBoxLayout)
        index = layout.indexOf(wizard.stack)
        layout.removeWidget(wizard.stack)
        # The steps scroll rather than push the window past a 1366x768 screen (the capture
        # step's camera view and buttons are the tallest at the citizen's text sizes).
        self.steps_scroll = QScrollArea(wizard)
        self.steps_scroll.setObjectName("steps_scroll")
        self.steps_scroll.setWidgetResizable(True)
        self.steps_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.steps_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.steps_scroll.setWidget(wizard.stack)
        row = QHBoxLayout()
        row.addWidget(self.steps_scroll, 1)
        row.addWidget(self.panel_scroll)
        layout.insertLayout(index, row, 1)
        self.bar = QWidget(wizard)
        self.bar.setObjectName("citizen_bar")
        bar_layout = QHBoxLayout(self.bar)
        bar_layout.setContentsMargins(0, 0, 0, 0)
        self.choices = CitizenChoices(self.session, self.bar)
        self.choices.voice_toggled.connect(self.speak_step)
        self.choices.repeat_button.clicked.connect(self.speak_step)
        bar_layout.addWidget(self.choices.repeat_button)
        bar_layout.addStretch(1)
        bar_layout.addWidget(self.choices)
        layout.addWidget(self.bar)
        self.session.changed.connect(self.restyle)
        self.session.wiped.connect(self.wipe)
        wizard.stack.currentChanged.connect(self._step_changed)
        # After the wizard's own slot (connected first): the next question is showing by then.
        wizard.questions.chosen.connect(self._question_changed)
        wizard.receipt_page.citizen_told.connect(self._say)
        self.theme_name = self.session.preferences.theme.name
        self.captures = [
            TouchCapture(page.station, lambda: self.citizen)
            for page in (wizard.documents_page, wizard.extras_page)
        ]
        self._size_by_current_step()
        wizard.installEventFilter(self)
        self.panel_scroll.viewport().installEventFilter(self)  # its height: the keys' room
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        self.restyle()

    def _size_by_current_step(self) -> None:
        """WORKAROUND: a QStackedWidget is as large as its largest page, so inside the steps'
        scroll area every step scrolled for the capture step's height (a second scroll bar
        beside the step's own) and the form's right edge was cut off under the bar. The pages
        not shown are sized Ignored: only the step on screen counts."""
        stack = self.wizard.stack
        for index in range(stack.count()):
            shown = index == stack.currentIndex()
            policy = QSizePolicy.Policy.Preferred if shown else QSizePolicy.Policy.Ignored
            page = stack.widget(index)
            if page is not None:
                page.setSizePolicy(policy, policy)
        stack.updateGeometry()

    @property
    def citizen(self) -> bool:
        return self.context.operator == SELF_SERVICE

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.wizard and event.type() == QEvent.Type.Show:
            self.restyle()
            # After the window's activate(): the step is known only then.
            QTimer.singleShot(0, self.speak_step)
        elif watched is self.panel_scroll.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_keys()
        return super().eventFilter(watched, event)

    def _fit_keys(self) -> None:
        """The whole keyboard on screen at every text size (1024x768 included): it drops its
        preview line when short of room; the field beside it shows the text."""
        self.panel.fit_height(self.panel_scroll.viewport().height())

    def restyle(self) -> None:
        citizen = self.citizen
        wizard = self.wizard
        sheet = self.session.stylesheet(root="wizard")
        wizard.setStyleSheet(sheet if citizen else "")
        # A plain QWidget paints no style-sheet background of its own: the window's light grey
        # showed between the header, the steps, the footer and the bar in the black theme.
        for part in (wizard, wizard.header, wizard.footer, self.bar):
            part.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, citizen)
        # The step's name is the title (so at 36 pt at most, the sheet's rule for titles);
        # "Permohonan baru" above it would only take room.
        wizard.header.title.setVisible(not citizen)
        wizard.header.progress.setProperty("role", "title" if citizen else None)
        wizard.header.progress.style().unpolish(wizard.header.progress)
        wizard.header.progress.style().polish(wizard.header.progress)
        for label in wizard.applicant_page.labels.values():
            label.setWordWrap(citizen)  # long names at 20-30 pt wrap, the form fits beside
        # Labels above the boxes: each box as wide as the form beside the on-screen keys.
        wizard.applicant_page.stack_labels(citizen)
        keyboard = self.panel.keyboard  # the widest the panel gets, shown or not
        keyboard.ensurePolished()
        width = max(keyboard.minimumSizeHint().width(), self.panel.keypad.minimumSizeHint().width())
        self.panel_scroll.setFixedWidth(width + PANEL_MARGIN_PX)
        self.bar.setVisible(citizen)
        self._show_panel()
        self._fit_keys()
        wizard.questions.keys_hint.setVisible(not citizen)  # "press the number keys"
        wizard.questions.wrap_answers(citizen)  # long answers at 30 pt: 1024 px
        wizard.receipt_page.save_button.setVisible(not citizen)  # a file dialog: staff only
        # The print result is the citizen's one message on that step: large, in a frame.
        wizard.receipt_page.status.setProperty("role", "result" if citizen else None)
        # The name and masked NIK beside the thumbnails must not be squeezed to a letter a
        # line at the larger text sizes.
        wizard.review_page.applicant_banner.setMinimumWidth(BANNER_MIN_PX if citizen else 0)
        for paper in (wizard.receipt_page.a4, wizard.receipt_page.roll):
            paper.setVisible(not citizen)  # the kiosk's own printer setting decides
        for capture in self.captures:
            capture.station.retranslate()  # its texts and the shown image's override row
        if citizen:
            self.choices.refresh()
            paint_icons(wizard, self.session)
            self.panel.retranslate()
        theme = self.session.preferences.theme.name
        if theme != self.theme_name:
            self.theme_name = theme
            # The inline green, amber and red spans are drawn in the theme's colours when
            # set: the pages write them again, as on a language switch.
            wizard.retranslate()

    def wipe(self) -> None:
        """The wizard's model is gone with the session, but its pages still show the last
        citizen until a new one is shown: the fields and the review and receipt texts go."""
        self.panel.wipe()
        wizard = self.wizard
        blank = WizardModel(self.context.store.catalog, SELF_SERVICE.username)
        wizard.applicant_page.show_model(blank)  # every field and message empty
        # What these pages re-render from on a language switch (the next citizen's touch).
        wizard.review_page.summary = None
        wizard.receipt_page.receipt = None
        wizard.receipt_page.documents = {}
        for page in (wizard.review_page, wizard.receipt_page):
            for label in page.findChildren(QLabel):
                label.clear()  # texts and thumbnails
        for editor in wizard.findChildren(QLineEdit):
            editor.blockSignals(True)
            editor.clear()
            editor.blockSignals(False)
        wizard.retranslate()

    def _show_panel(self) -> None:
        """Beside the applicant's data always; elsewhere while a text field is being typed."""
        wizard = self.wizard
        typing = self.panel.editor is not None or self.panel.combo is not None
        shown = self.citizen and (wizard.page is wizard.applicant_page or typing)
        self.panel_scroll.setVisible(shown)

    def _step_changed(self) -> None:
        self._size_by_current_step()
        self.steps_scroll.verticalScrollBar().setValue(0)  # each step from its top
        page = self.wizard.stack.currentWidget()
        for area in page.findChildren(QScrollArea) if page is not None else ():
            area.verticalScrollBar().setValue(0)  # not where the last citizen left it
        self.panel.attach(None)
        self.restyle()
        self.speak_step()

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if not self.citizen or new is None or self.panel.isAncestorOf(new):
            return
        page = self.wizard.page
        if not page.isAncestorOf(new):
            return
        # After the page's own layout has followed (a red field's message shown with it).
        parts = self.wizard.applicant_page.parts_of(new)
        QTimer.singleShot(0, lambda shown=new: _scroll_to(shown, parts))
        parent = new.parentWidget()
        if isinstance(new, QLineEdit) and isinstance(parent, QComboBox):
            new = parent  # an editable list (kelurahan/desa): picked, not typed
        if isinstance(new, QLineEdit | QComboBox) and new not in (
            self.panel.editor,
            self.panel.combo,
        ):
            self.panel.attach(new)
            self._show_panel()
            self._fit_keys()  # the field's name above the keys may take another line

    def _question_changed(self, _index: int) -> None:
        model = self.wizard.model
        if model is not None and model.step is Step.QUESTIONS:
            self.speak_step()

    def _say(self, text: str) -> None:
        if self.citizen:
            self.session.voice.say(text)

    def speak_step(self) -> None:
        if self.citizen and self.wizard.isVisible():
            self.session.voice.say(self.step_intro())

    def step_intro(self) -> str:
        """What the current step is for and what to do, in one or two short sentences."""
        model = self.wizard.model
        if model is None:
            return ""
        intros = {
            Step.QUESTIONS: self.tr("Jawab pertanyaan dengan menyentuh jawaban yang sesuai."),
            Step.SERVICE: self.tr(
                "Ini layanan untuk Anda dan dokumen yang harus dibawa. Sentuh Lanjut bila siap."
            ),
            Step.APPLICANT: self.tr(
                "Isi data Anda. Sentuh kolom, lalu ketik dengan tombol di layar. "
                "NIK dan nomor KK ada di kartu Anda."
            ),
            Step.DOCUMENTS: self.tr(
                "Letakkan dokumen di bawah kamera, lalu sentuh tombol ambil foto."
            ),
            Step.EXTRAS: self.tr("Foto diri memegang KTP-el, lalu tanda tangan dengan jari."),
            Step.REVIEW: self.tr("Periksa data Anda. Bila sudah benar, sentuh Kirim permohonan."),
            Step.RECEIPT: self.tr(
                "Permohonan terkirim. Simpan tanda terima ini; kode QR-nya untuk cek status."
            ),
        }
        intro = intros[model.step]
        if model.step is Step.QUESTIONS:
            question = _TAGS.sub("", self.wizard.questions.question.text()).strip()
            intro = f"{intro} {question}".strip()
        return intro


def _scroll_to(widget: QWidget, parts: list[QWidget]) -> None:
    """Every scroll area around `widget` shows it (the step's and the page's own), with the
    parts that belong to it: a field's label above and its red message under it. When they
    do not all fit, the top (the label) wins."""
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)  # the messages just shown
    shown = [part for part in parts if part.isVisible()] or [widget]
    parent = widget.parentWidget()
    while parent is not None:
        body = parent.widget() if isinstance(parent, QScrollArea) else None
        if isinstance(parent, QScrollArea) and body is not None:
            tops = [part.mapTo(body, QPoint(0, 0)).y() for part in shown]
            bottoms = [part.mapTo(body, QPoint(0, part.height())).y() for part in shown]
            left = widget.mapTo(body, QPoint(0, 0)).x()
            parent.ensureVisible(left, max(bottoms), 0, 8)
            parent.ensureVisible(left, min(tops), 0, 8)
        parent = parent.parentWidget()
