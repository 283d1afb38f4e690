"""A citizen applying at the kiosk for a service their NIK already has open: the review says
so in plain words (the counter can help) without the other application's number, status or
date, asks for no audited reason, and the duplicate cannot be sent. Anyone may type a NIK at
the kiosk, so nothing about the open application may show."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from tests.helpers.applications import open_lost_ktp_of
from tests.ui.selfservice.test_touch_flow import kiosk, touch
from tests.ui.selfservice.touch_apply import CITIZEN, touch_to_review
from ui.context import AppContext
from ui.viewmodels.wizard import Step

pytestmark = pytest.mark.gui


@pytest.fixture
def touch_kiosk(context: AppContext, fake_devices: object) -> AppContext:
    context.devices = fake_devices
    return context


def _earlier(context: AppContext) -> str:
    return context.store.submission.submit(open_lost_ktp_of(CITIZEN)).number


def _shown_texts(root: QWidget) -> str:
    labels = [w.text() for w in root.findChildren(QLabel) if w.isVisibleTo(root)]
    buttons = [w.text() for w in root.findChildren(QAbstractButton) if w.isVisibleTo(root)]
    return "\n".join(labels + buttons)


def test_the_citizen_is_told_plainly_and_learns_nothing_of_the_open_application(
    qtbot: QtBot, touch_kiosk: AppContext
) -> None:
    earlier = _earlier(touch_kiosk)
    window = kiosk(qtbot, touch_kiosk)
    wizard = touch_to_review(qtbot, window, lambda _screen, _where: None)
    review = wizard.review_page
    qtbot.waitUntil(review.duplicate_box.isVisible, timeout=10_000)
    shown = _shown_texts(window)
    assert "sedang diproses" in review.duplicate_text.text()
    assert "petugas" in review.duplicate_text.text()
    assert earlier not in shown
    assert earlier.split("-")[1] not in shown  # not even its middle part
    assert "Menunggu dikirim" not in shown
    assert f"{date.today():%d-%m-%Y}" not in shown
    assert "Perbaiki" not in shown
    assert "audit" not in shown
    assert not review.duplicate_reason.isVisibleTo(window)
    assert not review.duplicate_reason_label.isVisibleTo(window)
    editors = [e for e in review.findChildren(QLineEdit) if e.isVisibleTo(window)]
    assert editors == []
    send = wizard.footer.next_button
    if send.isVisible() and send.isEnabled():
        touch(qtbot, send)
    touch_kiosk.tasks.wait()
    assert wizard.model is not None
    assert wizard.model.step is Step.REVIEW
    assert "petugas" in wizard.header.message.text() or not send.isEnabled()
    assert len(touch_kiosk.store.records.find_by_nik(CITIZEN["nik"])) == 1
