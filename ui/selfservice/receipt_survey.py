"""The satisfaction survey offered on the receipt of a self-service application, as after a
status check (issue 15: "after a completed application or status check"). Anonymous: the
survey screen starts empty and is not linked to the application just made.

Only while a citizen uses the wizard; the counter's receipt has no such button.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QBoxLayout, QPushButton

from ui.context import AppContext
from ui.screens.wizard.screen import WizardScreen
from ui.selfservice import SELF_SERVICE
from ui.selfservice.choices import big_button
from ui.selfservice.session import citizen_session


class ReceiptSurveyOffer(QObject):
    def __init__(self, wizard: WizardScreen, context: AppContext) -> None:
        super().__init__(wizard)
        self.context = context
        page = wizard.receipt_page
        self.button: QPushButton = big_button(page, "receipt_survey", icon_name="survey")
        self.button.clicked.connect(lambda: wizard.go("survey"))
        body = page.status.parentWidget()
        layout = body.layout() if body is not None else None
        assert isinstance(layout, QBoxLayout)
        # Under the print and "new application" buttons, above the print result.
        rows = [layout.itemAt(i) for i in range(layout.count())]
        index = next(
            i
            for i, item in enumerate(rows)
            if item is not None
            and (row := item.layout()) is not None
            and row.indexOf(page.new_button) >= 0
        )
        layout.insertWidget(index + 1, self.button)
        citizen_session(context).changed.connect(self.refresh)
        page.installEventFilter(self)
        self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Show:
            self.refresh()
        return False

    def refresh(self) -> None:
        self.button.setVisible(self.context.operator == SELF_SERVICE)
        self.button.setText(self.tr("Isi survei kepuasan (tanpa nama)"))
