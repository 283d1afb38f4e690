"""The citizen's consent to hear back about the application (WhatsApp, email), and where.

Shown under the applicant's fields; the answer travels inside the sealed data, and the district
back office only writes to a citizen who said yes here.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.screens.wizard.widgets import COUNTER_COLOURS, InlineColours
from ui.viewmodels.applicant import ApplicantForm


class ContactConsentBox(QGroupBox):
    """Signals:
    changed(): a box was ticked or the email address edited.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        # The question as a label, not the box's title: a title never wraps, and at a
        # citizen's 20-30 pt it held the whole form wider than the room beside the keypad.
        self.question = QLabel(self)
        self.question.setObjectName("contact-question")
        self.question.setWordWrap(True)
        # Each box's words in a label beside it: a check box's own text never wraps, and at a
        # citizen's text size it held the form wider than the room beside the on-screen keys
        # (the boxes above were cut at the right). Touching the words ticks the box.
        self.whatsapp, self.whatsapp_text = QCheckBox(self), QLabel(self)
        self.whatsapp.setObjectName("contact-whatsapp")
        self.email, self.email_text = QCheckBox(self), QLabel(self)
        self.email.setObjectName("contact-email")
        rows = []
        for box, text in ((self.whatsapp, self.whatsapp_text), (self.email, self.email_text)):
            text.setWordWrap(True)
            text.installEventFilter(self)
            row = QHBoxLayout()
            row.addWidget(box)
            row.addWidget(text, 1)
            rows.append(row)
        self.email_editor = QLineEdit(self)
        self.email_editor.setObjectName("contact-email-address")
        self.email_editor.setMaxLength(254)
        self.message = QLabel(self)
        self.message.setObjectName("contact-message")
        self.message.setWordWrap(True)
        layout.addWidget(self.question)
        for row in rows:
            layout.addLayout(row)
        for widget in (self.email_editor, self.message):
            layout.addWidget(widget)
        self.whatsapp.toggled.connect(self.changed)
        self.email.toggled.connect(self.changed)
        self.email_editor.textEdited.connect(self.changed)
        self.retranslate()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.MouseButtonRelease:
            for box, text in ((self.whatsapp, self.whatsapp_text), (self.email, self.email_text)):
                if watched is text:
                    box.toggle()
                    return True
        return super().eventFilter(watched, event)

    def show_form(self, form: ApplicantForm) -> None:
        """The form's consent, without reporting it back as a change."""
        for box, checked in (
            (self.whatsapp, form.contact_whatsapp),
            (self.email, form.contact_email),
        ):
            box.blockSignals(True)
            box.setChecked(checked)
            box.blockSignals(False)
        self.email_editor.setText(form.email)

    def apply_to(self, form: ApplicantForm) -> None:
        form.set_contact(
            whatsapp=self.whatsapp.isChecked(),
            email=self.email.isChecked(),
            address=self.email_editor.text(),
        )

    def refresh(self, form: ApplicantForm, colours: InlineColours = COUNTER_COLOURS) -> None:
        self.email_editor.setEnabled(self.email.isChecked())
        problem = form.contact_problem()
        texts = {
            "whatsapp_needs_phone": self.tr(
                "Isi nomor WhatsApp di atas agar pemohon dapat dihubungi lewat WhatsApp"
            ),
            "email_invalid": self.tr("Alamat email belum benar (contoh: nama@contoh.id)"),
        }
        self.message.setText(
            f"<span style='color:{colours.warning}'>{html.escape(texts[problem])}</span>"
            if problem
            else ""
        )
        self.message.setVisible(problem is not None)

    def retranslate(self) -> None:
        self.question.setText(
            self.tr(
                "Boleh dihubungi tentang permohonan ini (bila perlu perbaikan, atau siap diambil)?"
            )
        )
        self.whatsapp_text.setText(self.tr("Ya, lewat WhatsApp (nomor di atas)"))
        self.email_text.setText(self.tr("Ya, lewat email"))
        for box, text in ((self.whatsapp, self.whatsapp_text), (self.email, self.email_text)):
            box.setAccessibleName(text.text())
        self.email_editor.setPlaceholderText(self.tr("alamat email"))
