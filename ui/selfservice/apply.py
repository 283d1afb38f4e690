"""'Ajukan permohonan' at a self-service kiosk: the counter's wizard with the touch adapter
(keypad, keyboard, pickers by touch, the citizen's choices and voice) attached."""

from __future__ import annotations

from ui.context import AppContext
from ui.screens.base import Screen


def create(context: AppContext) -> Screen:
    from ui.screens.wizard.screen import WizardScreen
    from ui.selfservice.receipt_survey import ReceiptSurveyOffer
    from ui.selfservice.wizard_touch import TouchWizard

    wizard = WizardScreen(context)
    TouchWizard(wizard, context)  # a child of the wizard: wizard.findChild(TouchWizard)
    ReceiptSurveyOffer(wizard, context)
    return wizard
