"""The new-application wizard: a stack of step pages around one WizardModel.

This class only wires: it moves between steps, starts the background jobs (drafts, correction
data, submit) and hands their results to the pages. Keyboard: Ctrl+Enter goes on, Alt+Left
goes back, Enter does the obvious thing on each page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout

from kiosk.applications.duplicates import DuplicateApplication
from kiosk.applications.submission import Submitted
from kiosk.store.drafts import DraftSummary
from kiosk.wilayah import default_wilayah, preload_villages
from ui.context import AppContext
from ui.jobs import wizard as jobs
from ui.screens.base import Screen
from ui.screens.wizard.applicant_page import ApplicantPage
from ui.screens.wizard.autosave import Autosaver
from ui.screens.wizard.capture_page import CapturePage
from ui.screens.wizard.chrome import WizardFooter, WizardHeader
from ui.screens.wizard.questions_page import QuestionsPage
from ui.screens.wizard.receipt_page import ReceiptPage
from ui.screens.wizard.review_page import ReviewPage
from ui.screens.wizard.service_page import ServicePage
from ui.screens.wizard.widgets import StepPage, error_text, inline_colours, language
from ui.selfservice import SELF_SERVICE, wipe_session
from ui.tasks import BusyPolicy
from ui.viewmodels.capture import CapturedFile
from ui.viewmodels.checklist import DOCUMENTS, EXTRAS
from ui.viewmodels.visits import VisitLead
from ui.viewmodels.wizard import Step, WizardModel

log = logging.getLogger("kiosk.ui")


class WizardScreen(Screen):
    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self.setObjectName("wizard")
        layout = QVBoxLayout(self)
        self.header = WizardHeader(self)
        self.footer = WizardFooter(self)
        self.questions = QuestionsPage(context)
        self.service_page = ServicePage(context)
        self.applicant_page = ApplicantPage(context)
        self.documents_page = CapturePage(context, DOCUMENTS)
        self.extras_page = CapturePage(context, EXTRAS)
        self.review_page = ReviewPage(context)
        self.receipt_page = ReceiptPage(context)
        self.pages: dict[Step, StepPage] = {
            Step.QUESTIONS: self.questions,
            Step.SERVICE: self.service_page,
            Step.APPLICANT: self.applicant_page,
            Step.DOCUMENTS: self.documents_page,
            Step.EXTRAS: self.extras_page,
            Step.REVIEW: self.review_page,
            Step.RECEIPT: self.receipt_page,
        }
        self.stack = QStackedWidget(self)
        for page in self.pages.values():
            self.stack.addWidget(page)
            page.edited.connect(self._edited)
            page.committed.connect(self._committed)
            page.advance.connect(self.next)
        self.questions.chosen.connect(self._choose)
        self.questions.resume_requested.connect(self.resume_draft)
        self.questions.delete_requested.connect(self._delete_draft)
        self.receipt_page.new_requested.connect(self.start_new)
        self.footer.back_button.clicked.connect(self.back)
        self.footer.restart_button.clicked.connect(self.save_and_start_new)
        self.footer.home_button.clicked.connect(lambda: self.go("start", wipe=True))
        self.footer.next_button.clicked.connect(self.next)
        layout.addWidget(self.header)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.footer)
        keys = (("Ctrl+Return", self.next), ("Ctrl+Enter", self.next), ("Alt+Left", self.back))
        for key, action in keys:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action)
        self.autosave = Autosaver(context.tasks, self._draft_job, self)
        self.busy_policy = BusyPolicy(self)
        self.busy_policy.visible_changed.connect(self._show_busy)
        self.model: WizardModel | None = None
        self.submitting = False
        self.blocked_message = False  # "Periksa yang ditandai merah" shown; cleared when fixed
        context.tasks.run(default_wilayah)  # ~0.1 s of region codes, loaded before the NIK
        context.tasks.run(preload_villages)  # the kelurahan picker's list, before the address
        self.retranslate()

    @property
    def page(self) -> StepPage:
        widget = self.stack.currentWidget()
        assert isinstance(widget, StepPage)
        return widget

    # --- starting -------------------------------------------------------------------------
    def activate(self, **kwargs: Any) -> None:
        operator = self.context.operator
        revision_of = kwargs.get("revision_of")
        if revision_of is not None:
            self.start_revision((str(revision_of[0]), int(revision_of[1])))
        elif kwargs.get("visit") is not None:  # jemput bola: from a visit (ui/screens/visits.py)
            self.start_new(kwargs["visit"])
        elif (
            self.model is None
            or self.model.step is Step.RECEIPT
            or operator is None
            or self.model.operator != operator.username
        ):
            self.start_new()
        else:
            self.show_step()

    def start_new(self, visit: VisitLead | None = None) -> None:
        operator = self.context.operator
        if operator is None:
            return
        self._replace_model(WizardModel(self.context.store.catalog, operator.username, visit=visit))
        self.header.message.clear()
        self.show_step()
        self.context.tasks.run(
            jobs.list_drafts, self.context.store, operator.username, on_done=self._drafts
        )

    def _replace_model(self, model: WizardModel | None) -> None:
        """Switches applications; the one being left is saved first, its newest state."""
        self.page.suspend()
        leaving = self._draft_job()
        if leaving is not None:
            self.autosave.save_this(leaving)
        self.model = model
        self.autosave.restart()

    def save_and_start_new(self) -> None:
        """Keeps the current application as a draft (it stays in the list) and starts over."""
        self.page.suspend()
        self.autosave.flush(self.start_new)

    def wipe(self, then: Callable[[], None] | None = None) -> None:
        """Self-service: throws the citizen's session away (nothing kept), then starts over;
        waits for a save already running, so no late save revives the draft."""
        self.page.suspend()
        self.autosave.stop()
        self.model = None
        self.header.message.clear()

        def after_saves() -> None:
            self.context.tasks.run(
                wipe_session, self.context.store, on_done=lambda _count: self._wiped(then)
            )

        self.autosave.flush(after_saves)

    def _wiped(self, then: Callable[[], None] | None) -> None:
        self.autosave.restart()
        if then is not None:
            then()

    def _drafts(self, drafts: list[DraftSummary]) -> None:
        model = self.model
        if model is None or model.step is not Step.QUESTIONS or model.questionnaire.path:
            return
        if model.operator == SELF_SERVICE.username:
            return  # a public kiosk never offers one citizen another's unfinished form
        self.questions.show_drafts([d for d in drafts if d.id != model.draft_id])

    def resume_draft(self, draft_id: str) -> None:
        self.context.tasks.run(
            jobs.load_draft,
            self.context.store,
            draft_id,
            on_done=lambda result: self._draft_loaded(draft_id, result),
            on_error=self._failed,
        )

    def _draft_loaded(
        self, draft_id: str, result: tuple[dict[str, Any], dict[str, CapturedFile]]
    ) -> None:
        operator = self.context.operator
        if operator is None:
            return
        data, files = result
        model = WizardModel(self.context.store.catalog, operator.username)
        model.restore_draft(draft_id, data, files)
        self._replace_model(model)
        self.questions.show_drafts([])
        self.show_step()

    def _delete_draft(self, draft_id: str) -> None:
        self.context.tasks.run(jobs.delete_draft, self.context.store, draft_id)

    def start_revision(self, revision_of: tuple[str, int]) -> None:
        operator = self.context.operator
        if operator is None:
            return
        self._replace_model(None)
        self.header.message.setText(self.tr("Memuat permohonan yang ditolak…"))
        self.context.tasks.run(
            jobs.load_revision,
            self.context.store,
            revision_of[0],
            revision_of[1],
            operator.username,
            on_done=self._revision_loaded,
            on_error=self._failed,
        )

    def _revision_loaded(self, source: jobs.RevisionSource) -> None:
        operator = self.context.operator
        if operator is None:
            return
        model = WizardModel(self.context.store.catalog, operator.username)
        model.start_revision(
            source.revision_of, source.service, source.applicant, source.kept, source.rejection
        )
        self._replace_model(model)
        self.header.message.clear()
        self.show_step()
        self.autosave.save_now()

    # --- moving ---------------------------------------------------------------------------
    def show_step(self) -> None:
        model = self.model
        if model is None:
            return
        self.page.suspend()
        page = self.pages[model.step]
        page.show_model(model)
        self.stack.setCurrentWidget(page)
        page.resume()
        self._update_chrome()
        page.focus_first()
        if model.step is Step.REVIEW and model.revision_of is None:
            self.review_page.find_duplicates(model, lambda: self.model)

    def _choose(self, index: int) -> None:
        model = self.model
        if model is None or self.submitting:
            return
        reached = model.choose(index)
        self.show_step()
        if reached:
            self.autosave.save_now()

    def next(self) -> None:
        model = self.model
        if model is None or self.submitting:
            return
        if model.step is Step.REVIEW:
            self.submit()
            return
        if not model.advance():
            blockers = model.blockers()
            if blockers:
                self.page.focus_blockers(blockers)
                red = self.tr("Periksa yang ditandai merah sebelum lanjut.")
                self._error(self.page.blocker_text(blockers) or red, blocked=True)
            return
        self.header.message.clear()
        self.show_step()
        self.autosave.save_now()

    def back(self) -> None:
        model = self.model
        if model is None or self.submitting or not model.back():
            return
        self.header.message.clear()
        self.show_step()
        self.autosave.schedule()

    def _edited(self) -> None:
        self._clear_fixed_blockers()
        self.autosave.schedule()

    def _committed(self) -> None:
        self._clear_fixed_blockers()
        self.autosave.save_now()

    def _clear_fixed_blockers(self) -> None:
        blockers = self.model.blockers() if self.blocked_message and self.model else None
        if blockers == []:
            self.header.message.clear()
            self.blocked_message = False
        elif blockers and (text := self.page.blocker_text(blockers)):  # what is still missing
            self._error(text, blocked=True)

    def _draft_job(self) -> tuple[Any, tuple[Any, ...]] | None:
        model = self.model
        if model is None or not model.worth_saving:
            return None
        data, hashes = model.to_draft()
        store = self.context.store
        return jobs.save_draft, (
            store,
            model.draft_id,
            model.operator,
            model.service,
            data,
            hashes,
        )

    # --- submit -----------------------------------------------------------------------------
    def submit(self) -> None:
        model = self.model
        if model is None or model.checklist is None or self.submitting:
            return
        blockers = model.blockers()
        if blockers:
            self.review_page.show_duplicates(model, model.duplicates)
            self._error(self.review_page.blocked_message(blockers))
            return
        new = model.build_application()
        overrides = model.checklist.overrides()
        self.submitting = True
        self.busy_policy.set_busy(True)
        self._update_chrome()
        self.page.suspend()

        def queue() -> None:
            self.autosave.stop()  # the submit deletes the draft: no late save may revive it
            self.context.tasks.run(
                jobs.submit_application,
                self.context.store,
                new,
                overrides,
                model.visit,
                on_done=lambda submitted: self._submitted(model, submitted),
                on_error=self._submit_failed,
            )

        self.autosave.flush(queue)

    def _submitted(self, model: WizardModel, submitted: Submitted) -> None:
        self.submitting = False
        self.busy_policy.set_busy(False)
        log.info("application %s v%d submitted", submitted.number, submitted.version)
        if self.context.sync is not None:
            self.context.sync.poke()
        model.finished(submitted.number, submitted.version)
        if model is not self.model:
            return  # the operator signed out meanwhile; the receipt is in the list
        self.header.message.clear()
        self.show_step()

    def _submit_failed(self, error: Exception) -> None:
        self.submitting = False
        self.busy_policy.set_busy(False)
        self.autosave.restart()
        self.autosave.save_now()
        if isinstance(error, DuplicateApplication) and self.model is not None:
            self.review_page.show_duplicates(self.model, error.earlier)  # found by the submit
        self._failed(error)
        self._update_chrome()

    def _failed(self, error: Exception) -> None:
        fallback = self.tr("Terjadi kesalahan tak terduga; data tetap tersimpan sebagai draf.")
        self._error(error_text(error, language(self.context), fallback))

    def _error(self, text: str, *, blocked: bool = False) -> None:
        self.blocked_message = blocked
        self.header.show_error(text, inline_colours(self.context))

    def _show_busy(self, visible: bool) -> None:
        if visible:
            self.header.message.setText(self.tr("Menyimpan permohonan…"))

    # --- lifecycle --------------------------------------------------------------------------
    def shutdown(self) -> None:
        """Stops the camera and pending saves (closing the app or a simulated power cut)."""
        self.page.suspend()
        self.autosave.timer.stop()
        for page in (self.documents_page, self.extras_page):
            page.station.shutdown()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt override
        self.page.suspend()
        super().hideEvent(event)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.page.resume()

    def retranslate(self) -> None:
        self._update_chrome()
        for page in self.pages.values():
            page.retranslate()

    def _update_chrome(self) -> None:
        self.header.show_model(self.model, language(self.context))
        self.footer.show_model(self.model, self.submitting)
