"""The wizard's header names a jemput bola visit's category from the one list of labels
(kiosk.field.visits.CATEGORY_LABELS), in the operator's language."""

from __future__ import annotations

from kiosk.field.visits import CATEGORY_LABELS, VisitCategory
from ui.screens.wizard.chrome import category_label


def test_every_category_is_named_in_both_languages_from_the_one_list() -> None:
    for category, (label_id, label_en) in CATEGORY_LABELS.items():
        assert category_label(category.value, "id") == label_id
        assert category_label(category.value, "en") == label_en
    assert category_label(VisitCategory.SAKIT.value, "en") == "Ill / bedridden"


def test_a_category_from_an_older_draft_is_shown_as_it_is() -> None:
    assert category_label("pasar", "id") == "pasar"
