"""The new-application wizard: questionnaire -> service -> applicant -> documents ->
selfie/signature -> review -> submit -> receipt. See screen.py for the wiring and
ui/viewmodels/ for the logic of each step."""

from __future__ import annotations

from ui.context import AppContext
from ui.screens.base import Screen


def create(context: AppContext) -> Screen:
    from ui.screens.wizard.screen import WizardScreen

    return WizardScreen(context)
