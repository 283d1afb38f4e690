"""The survey offered on the receipt of a self-service application (issue 15, point 7)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.selfservice.test_touch_flow import kiosk, touch
from tests.ui.selfservice.touch_apply import apply_by_touch
from ui.context import AppContext
from ui.screens.wizard.screen import WizardScreen
from ui.selfservice.survey import QUESTION_PAGE, SurveyScreen

pytestmark = pytest.mark.gui


@pytest.fixture
def touch_kiosk(context: AppContext, fake_devices: object) -> AppContext:
    context.devices = fake_devices
    return context


def test_the_receipt_offers_the_survey_after_an_application(
    qtbot: QtBot, touch_kiosk: AppContext
) -> None:
    window = kiosk(qtbot, touch_kiosk)

    def seen(_screen: QWidget, _where: str) -> None:
        return None

    apply_by_touch(qtbot, window, seen)
    wizard = window.screens["wizard"]
    assert isinstance(wizard, WizardScreen)
    offer = wizard.receipt_page.findChild(QPushButton, "receipt_survey")
    assert offer is not None
    assert "survei" in offer.text()
    touch(qtbot, offer)
    assert window.current == "survey"
    survey = window.screens["survey"]
    assert isinstance(survey, SurveyScreen)
    assert survey.pages.currentIndex() == QUESTION_PAGE
    assert survey.scores == []  # anonymous: a fresh survey
