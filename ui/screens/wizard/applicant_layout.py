"""Where the applicant step's labels, boxes, messages and buttons sit in its grid: beside
each other at the counter, stacked at the self-service kiosk."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QPushButton

from ui.viewmodels.applicant import FIELDS


@dataclass
class FieldWidgets:
    """The applicant step's widgets, by field name."""

    grid: QGridLayout
    labels: dict[str, QLabel]
    editors: dict[str, QLineEdit | QComboBox]
    messages: dict[str, QLabel]
    acknowledge_buttons: dict[str, QPushButton]
    region_button: QPushButton


def place_fields(page: FieldWidgets, labels_above: bool) -> None:
    """Each label beside its field (the counter), or above it with the field the whole
    width: at a citizen's 20-30 pt beside the touch panel, a label column left the NIK
    field too narrow for 16 digits."""
    grid = page.grid
    for row, name in enumerate(FIELDS):
        label, editor = page.labels[name], page.editors[name]
        message, acknowledge = page.messages[name], page.acknowledge_buttons[name]
        for widget in (label, editor, acknowledge, message):
            grid.removeWidget(widget)
        if labels_above:  # label and its buttons, then the field, then its message
            grid.addWidget(label, 3 * row, 0, 1, 2)
            grid.addWidget(acknowledge, 3 * row, 2)
            grid.addWidget(editor, 3 * row + 1, 0, 1, 4)
            grid.addWidget(message, 3 * row + 2, 0, 1, 4)
        else:
            grid.addWidget(label, 2 * row, 0)
            grid.addWidget(editor, 2 * row, 1)
            grid.addWidget(acknowledge, 2 * row, 2)
            grid.addWidget(message, 2 * row + 1, 1, 1, 2)
    for editor in page.editors.values():
        if isinstance(editor, QComboBox):  # the longest kelurahan name held the form wide
            editor.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
                if labels_above
                else QComboBox.SizeAdjustPolicy.AdjustToContentsOnFirstShow
            )
            editor.setMinimumContentsLength(8)
    grid.removeWidget(page.region_button)
    if labels_above:  # on a row of its own: beside the label it held the form too wide
        grid.addWidget(page.region_button, 3 * len(FIELDS), 0, 1, 4)
    else:
        grid.addWidget(page.region_button, 2 * FIELDS.index("kode_wilayah"), 3)
