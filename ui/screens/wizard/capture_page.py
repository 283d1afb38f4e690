"""Steps 4 and 5: the document checklist beside the capture station.

The same page serves the documents step and the selfie/signature step (`step`). Up/Down in the
list picks the document; after a clean capture the next missing one comes up by itself, so a
KTP-el hilang application is: Space, Space, Ctrl+Enter.

Accepting an image with quality issues takes a written reason; a petugas also needs a
supervisor's approval (ApprovalDialog) before the override counts.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QVBoxLayout

from ui.context import AppContext
from ui.screens.wizard.approval_dialog import ApprovalDialog
from ui.screens.wizard.capture_station import CaptureStation
from ui.screens.wizard.widgets import StepPage, pick
from ui.viewmodels.approval import OverrideRequest, needs_approval
from ui.viewmodels.capture import CapturedFile, override_problem
from ui.viewmodels.checklist import DOCUMENTS, ChecklistItem
from ui.viewmodels.wizard import WizardModel

MARKS = {"missing": "○", "check": "⚠", "override": "✎", "kept": "↺", "ok": "✔"}


class CapturePage(StepPage):
    def __init__(self, context: AppContext, step: str) -> None:
        super().__init__(context)
        self.step = step
        outer = QVBoxLayout(self)
        self.heading = QLabel(self)
        outer.addWidget(self.heading)
        row = QHBoxLayout()
        self.list = QListWidget(self)
        self.list.setObjectName("checklist")
        self.list.setMinimumWidth(260)
        self.list.setMaximumWidth(420)
        self.list.setWordWrap(True)  # long names ("... dari kepolisian (wajib)") wrap, whole
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentRowChanged.connect(self._row_changed)
        self.station = CaptureStation(context, self)
        self.station.captured.connect(self._captured)
        self.station.override_requested.connect(self._override)
        row.addWidget(self.list)
        row.addWidget(self.station, 1)
        outer.addLayout(row, 1)
        keys = (
            ("Space", self.station.shutter),
            ("F5", self.station.shutter),
            ("F6", self.station.scan),
            ("F7", self.station.import_file),
            ("F8", self.station.retake),
            ("F9", self.station.adjust_corners),
        )
        for key, action in keys:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action)
        self.model: WizardModel | None = None
        self.items: list[ChecklistItem] = []
        self.approval: ApprovalDialog | None = None
        """Created at the first override that needs a supervisor, then reused."""
        self._awaiting: tuple[OverrideRequest, CapturedFile] | None = None
        self.retranslate()

    def show_model(self, model: WizardModel) -> None:
        self.model = model
        checklist = model.checklist
        self.items = checklist.items_for(self.step) if checklist is not None else []
        self._fill_list()
        target = checklist.next_pending(self.step) if checklist is not None else None
        codes = [i.code for i in self.items]
        self.select(target if target is not None else (codes[0] if codes else None))

    def select(self, code: str | None) -> None:
        codes = [i.code for i in self.items]
        if code in codes:
            row = codes.index(code)
            if self.list.currentRow() == row:
                self._row_changed(row)
            else:
                self.list.setCurrentRow(row)
        else:
            self.station.show_item(None, None)

    def _fill_list(self) -> None:
        if self.model is None or self.model.checklist is None:
            return
        checklist = self.model.checklist
        lang = self.lang
        labels = {
            "required": self.tr("wajib"),
            "one_of": self.tr("salah satu"),
            "optional": self.tr("jika ada"),
        }
        current = self.list.currentRow()
        self.list.blockSignals(True)
        self.list.clear()
        for item in self.items:
            status = checklist.status(item.code)
            text = (
                f"{MARKS[status]}  {pick(item.document.name, lang)}  ({labels[item.requirement]})"
            )
            entry = QListWidgetItem(text)
            entry.setData(Qt.ItemDataRole.UserRole, item.code)
            entry.setData(Qt.ItemDataRole.AccessibleDescriptionRole, status)
            self.list.addItem(entry)
        self.list.setCurrentRow(current if 0 <= current < len(self.items) else -1)
        self.list.blockSignals(False)

    def _row_changed(self, row: int) -> None:
        if self.model is None or self.model.checklist is None or not 0 <= row < len(self.items):
            return
        item = self.items[row]
        self.station.show_item(item, self.model.checklist.files.get(item.code))

    def _captured(self, file: CapturedFile) -> None:
        if self.model is None or self.model.checklist is None:
            return
        self.model.checklist.put(file)
        self._fill_list()
        self.committed.emit()
        current = self.station.item
        if file.accepted and current is not None and current.code == file.document:
            self._next_after(file.document)

    def _override(self, reason: str) -> None:
        item = self.station.item
        if self.model is None or self.model.checklist is None or item is None:
            return
        captured = self.model.checklist.files.get(item.code)
        if captured is None:
            return
        problem = override_problem(reason)
        if problem is not None:
            self.station.show_problem(problem)  # a thin reason never reaches the supervisor
            return
        operator = self.context.operator
        if needs_approval(operator):
            requested_by = operator.username if operator is not None else ""
            self._ask_approval(OverrideRequest.of(captured, reason, requested_by), captured)
            return
        self._accept_override(item.code, reason, None)

    def _ask_approval(self, request: OverrideRequest, captured: CapturedFile) -> None:
        if self.approval is None:
            self.approval = ApprovalDialog(self.context, self)
            self.approval.approved.connect(self._approved)
            self.approval.rejected.connect(self._approval_cancelled)
            self.approval.finished.connect(self._approval_closed)
        self._awaiting = (request, captured)
        assert self.station.item is not None
        problems = [i.message_en if self.lang == "en" else i.message_id for i in captured.issues]
        name = pick(self.station.item.document.name, self.lang)
        self.approval.ask(request, name, problems, captured.thumbnail)

    def _approved(self, approver: str) -> None:
        awaiting, self._awaiting = self._awaiting, None
        if awaiting is None or self.model is None or self.model.checklist is None:
            return
        request, captured = awaiting
        if self.model.checklist.files.get(request.document) is not captured:
            return  # the image was replaced meanwhile: the approval was for the old one
        self._accept_override(request.document, request.reason, approver)
        self.list.setFocus()

    def _approval_cancelled(self) -> None:
        self._awaiting = None
        if not self.isVisible():
            return
        self.station.show_message(
            self.tr("Belum diterima: perlu persetujuan supervisor, atau ulangi gambarnya (F8).")
        )

    def _approval_closed(self) -> None:
        # WORKAROUND: without a window manager (a bare kiosk session, the offscreen platform)
        # nothing hands the activation back to the wizard when a dialog closes, and the
        # keyboard would go nowhere.
        if self.isVisible():
            self.window().activateWindow()

    def _accept_override(self, code: str, reason: str, approved_by: str | None) -> None:
        assert self.model is not None
        assert self.model.checklist is not None
        problem = self.model.checklist.override(code, reason, approved_by)
        if problem is not None:
            self.station.show_problem(problem)
            return
        self._fill_list()
        self.committed.emit()
        self._next_after(code)

    def _next_after(self, code: str) -> None:
        assert self.model is not None
        assert self.model.checklist is not None
        following = self.model.checklist.next_pending(self.step, after=code)
        if following is None:
            self.station.show_item(None, None)
            self.advance_hint()
            # The capture buttons just went grey: the focus one of them held would fall out of
            # the wizard (onto "Permohonan baru"), where Ctrl+Enter does nothing.
            self.list.setFocus()
        else:
            self.select(following)

    def advance_hint(self) -> None:
        self.station.status.setText(self.tr("Semua lengkap. Tekan Ctrl+Enter untuk lanjut."))

    def focus_first(self) -> None:
        self.list.setFocus()

    def focus_blockers(self, blockers: list[str]) -> None:
        self.select(blockers[0] if blockers else None)
        self.list.setFocus()

    def blocker_text(self, blockers: list[str]) -> str:
        """Nothing here is red: the missing documents (○) and those to decide (⚠), by name."""
        checklist = self.model.checklist if self.model is not None else None
        if checklist is None:
            return ""
        names = {i.code: pick(i.document.name, self.lang) for i in self.items}
        missing = [
            self.tr(" atau ").join(names.get(c, c) for c in (i.group or (i.code,)))
            for i in checklist.missing(self.step)
        ]
        undecided = [names.get(c, c) for c in checklist.undecided(self.step) if c in blockers]
        parts = []
        if missing:
            parts.append(
                self.tr(
                    "Belum ada (○): %1. Ambil foto (Spasi), pindai (F6) atau impor (F7)."
                ).replace("%1", "; ".join(missing))
            )
        if undecided:
            parts.append(
                self.tr("Perlu diputuskan (⚠): %1. Ulangi (F8) atau terima dengan alasan.").replace(
                    "%1", "; ".join(undecided)
                )
            )
        return " ".join(parts)

    def suspend(self) -> None:
        if self.approval is not None:
            self.approval.cancel()  # leaving the page (or signed out): nothing is approved
        self.station.stop_camera()

    def resume(self) -> None:
        self.station.start_camera()

    def retranslate(self) -> None:
        title = (
            self.tr("Dokumen") if self.step == DOCUMENTS else self.tr("Foto diri dan tanda tangan")
        )
        self.heading.setText(f"<h2>{title}</h2>")
        self.list.setToolTip(
            self.tr(
                "○ belum · ✔ baik · ⚠ perlu diputuskan · ✎ diterima dengan alasan · ↺ dokumen lama"
            )
        )
        self._fill_list()
        self.station.retranslate()
