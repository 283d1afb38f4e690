"""The receipt's QR at the counter was about 105 px: too small to photograph with a phone from
across the counter. It is at least 200 px, and still leaves room on a 768 px high screen."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from tests.helpers.applications import ktp_el_hilang
from ui.context import AppContext
from ui.screens.wizard.screen import WizardScreen

pytestmark = pytest.mark.gui


def test_the_receipt_qr_is_large_enough_to_photograph(
    qtbot: QtBot, counter: AppContext, wizard: WizardScreen
) -> None:
    submitted = counter.store.submission.submit(ktp_el_hilang(1, operator="petugas1"))
    page = wizard.receipt_page
    wizard.stack.setCurrentWidget(page)
    page.show_receipt(submitted.number, 1, "KTP-el hilang")
    qtbot.waitUntil(page.ready, timeout=20_000)
    side = page.qr.pixmap().width()
    assert 200 <= side <= 320
