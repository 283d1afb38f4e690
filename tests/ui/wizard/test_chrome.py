"""The wizard's header names a jemput bola visit's category from the one list of labels
(kiosk.field.visits.CATEGORY_LABELS), in the operator's language; its message line shows
only while it has something to say."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from kiosk.field.visits import CATEGORY_LABELS, VisitCategory
from ui.screens.wizard.chrome import WizardHeader, category_label


def test_every_category_is_named_in_both_languages_from_the_one_list() -> None:
    for category, (label_id, label_en) in CATEGORY_LABELS.items():
        assert category_label(category.value, "id") == label_id
        assert category_label(category.value, "en") == label_en
    assert category_label(VisitCategory.SAKIT.value, "en") == "Ill / bedridden"


def test_a_category_from_an_older_draft_is_shown_as_it_is() -> None:
    assert category_label("pasar", "id") == "pasar"


@pytest.mark.gui
def test_the_message_line_takes_no_room_while_it_says_nothing(qtbot: QtBot) -> None:
    """An empty message line still took 50 px above the steps (the form's room at 768 px)."""
    header = WizardHeader()
    qtbot.addWidget(header)
    header.show()
    assert not header.message.isVisible()
    header.show_error("NIK harus 16 angka")
    assert header.message.isVisible()
    assert "NIK harus 16 angka" in header.message.text()
    header.message.clear()
    assert not header.message.isVisible()
    header.message.setText("Menyimpan permohonan…")
    assert header.message.isVisible()
    header.message.setText("")
    assert not header.message.isVisible()
