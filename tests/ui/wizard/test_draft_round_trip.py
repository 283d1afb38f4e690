"""A resumed draft shows the applicant step exactly as it was left: every field, the birth date
and sex the NIK filled in (still marked as the NIK's suggestion, still jumped over by Enter),
the address and the contact consent."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from kiosk.local_store import Store
from kiosk.settings import Settings
from tests.ui.wizard.driver import (
    FakeDialogs,
    answer,
    close_wizard,
    fill_applicant,
    focused,
    key,
    open_wizard,
    wait_step,
)
from ui.context import AppContext
from ui.devices_setup import DeviceSet
from ui.screens.wizard.screen import WizardScreen
from ui.tasks import TaskRunner
from ui.viewmodels.applicant import FIELDS
from ui.viewmodels.wizard import Step

pytestmark = pytest.mark.gui

TYPED = {
    "nik": "3171015708900001",  # a woman born 17-08-1990: the NIK fills in date and sex
    "no_kk": "3171010101100002",
    "name": "Siti Aminah",
    "phone": "081234567890",
    "alamat": "Jl. Melati No. 12",
    "rt": "5",
    "rw": "12",
    "kode_wilayah": "Cid",  # Cideng, in the NIK's kecamatan
}


def editor_texts(wizard: WizardScreen) -> dict[str, str]:
    page = wizard.applicant_page
    texts = {}
    for name in FIELDS:
        editor = page.editors[name]
        texts[name] = editor.currentText() if isinstance(editor, QComboBox) else editor.text()
    return texts


def shown_hints(wizard: WizardScreen) -> dict[str, str]:
    page = wizard.applicant_page
    return {n: page.messages[n].text() for n in FIELDS if not page.messages[n].isHidden()}


@pytest.fixture
def reopen(
    counter: AppContext, data_dir: Path, fake_devices: DeviceSet
) -> Iterator[list[AppContext]]:
    """Contexts opened again on the same data dir (as after a restart), closed afterwards."""
    opened: list[AppContext] = []
    yield opened
    for context in opened:
        context.tasks.wait()
        context.store.close()


def test_a_resumed_draft_gives_back_every_field_of_the_applicant_step(
    qtbot: QtBot,
    counter: AppContext,
    data_dir: Path,
    fake_devices: DeviceSet,
    dialogs: FakeDialogs,
    reopen: list[AppContext],
) -> None:
    first = open_wizard(qtbot, counter, dialogs)
    answer(qtbot, first, 1, 2, 1)
    wait_step(qtbot, first, Step.SERVICE)
    key(qtbot, Qt.Key.Key_Return)
    wait_step(qtbot, first, Step.APPLICANT)
    first.applicant_page.contact_whatsapp.setChecked(True)  # the citizen says yes
    fill_applicant(qtbot, first, TYPED)
    wait_step(qtbot, first, Step.DOCUMENTS)
    first.back()  # back to the applicant step to see it as it was left
    wait_step(qtbot, first, Step.APPLICANT)
    assert first.model is not None
    form = first.model.applicant
    assert form.suggested == {"birth_date", "sex"}
    before_values = dict(form.values)
    before_applicant = form.to_applicant()
    before_texts = editor_texts(first)
    before_hints = shown_hints(first)
    assert before_texts["birth_date"] == "17-08-1990"
    assert "Diisi dari NIK" in before_hints["birth_date"]
    assert before_texts["kode_wilayah"].startswith("Cideng")
    draft_id = first.model.draft_id
    store = counter.store
    first.autosave.save_now()

    def saved_with_consent() -> bool:
        data = store.drafts.load(draft_id)
        return bool(data.get("applicant", {}).get("contact", {}).get("whatsapp"))

    qtbot.waitUntil(saved_with_consent, timeout=10_000)
    close_wizard(first, counter)
    first.hide()
    store.close()

    again = AppContext(
        store=Store.open(data_dir),
        settings=Settings(),
        tasks=TaskRunner(),
        languages=counter.languages,
        devices=fake_devices,
        operator=counter.operator,
    )
    reopen.append(again)
    second = open_wizard(qtbot, again, dialogs)
    try:
        qtbot.waitUntil(lambda: second.questions.drafts_list.count() == 1, timeout=10_000)
        key(qtbot, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # resume
        wait_step(qtbot, second, Step.APPLICANT)  # where it was left
        assert second.model is not None
        restored = second.model.applicant
        assert restored.values == before_values
        assert restored.to_applicant() == before_applicant
        assert restored.suggested == {"birth_date", "sex"}
        assert restored.contact_whatsapp
        assert editor_texts(second) == before_texts
        assert shown_hints(second) == before_hints
        assert second.applicant_page.contact_whatsapp.isChecked()
        # Enter still jumps over what the NIK filled in: from the KK number to the name, and
        # from the name over birth date and sex to the phone.
        page = second.applicant_page
        page.editors["name"].setFocus()
        qtbot.waitUntil(lambda: focused() is page.editors["name"])
        key(qtbot, Qt.Key.Key_Return)
        assert focused() is page.editors["phone"]
    finally:
        close_wizard(second, again)
        second.hide()
