"""Step 2: the chosen service, what to bring, which forms the kiosk fills, and how long it takes.

For a correction it also lists the documents kept from the rejected version, so the operator
sees at once that only what the verifier asked for needs capturing again.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from ui.context import AppContext
from ui.screens.wizard.widgets import StepPage, pick
from ui.viewmodels.service_overview import DocumentLine, service_overview
from ui.viewmodels.wizard import WizardModel


class ServicePage(StepPage):
    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        body, layout = self.scrolling_body()
        self.heading = QLabel(body)
        self.heading.setWordWrap(True)
        self.details = QLabel(body)
        self.details.setWordWrap(True)
        self.details.setObjectName("service-details")
        layout.addWidget(self.heading)
        layout.addWidget(self.details)
        layout.addStretch(1)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.enter_advances()
        self.model: WizardModel | None = None

    def show_model(self, model: WizardModel) -> None:
        self.model = model
        self.retranslate()

    def retranslate(self) -> None:
        model = self.model
        if model is None or model.service is None:
            return
        lang = self.lang
        overview = service_overview(model.catalog, model.service)
        self.heading.setText(f"<h2>{html.escape(pick(overview.name, lang))}</h2>")
        parts: list[str] = []
        if model.rejection is not None:
            parts.append(
                f"<p style='color:{self.colours.error}'>"
                + _labelled(self.tr("Ditolak:"), html.escape(model.rejection.reason))
                + "<br>"
                + _labelled(
                    self.tr("Yang perlu diperbaiki:"), html.escape(model.rejection.fix_hint)
                )
                + "</p>"
            )
        if overview.description is not None:
            parts.append(f"<p>{html.escape(pick(overview.description, lang))}</p>")
        parts.append("<h3>" + self.tr("Dokumen yang harus dibawa") + "</h3><ul>")
        parts += [f"<li>{self._document(line)}</li>" for line in overview.required]
        either = " " + self.tr("atau") + " "
        for group in overview.one_of:
            names = either.join(self._document(line) for line in group)
            parts.append("<li>" + self.tr("Salah satu:") + f" {names}</li>")
        parts.append("</ul>")
        if overview.optional:
            parts.append("<h3>" + self.tr("Jika ada") + "</h3><ul>")
            parts += [f"<li>{self._document(line)}</li>" for line in overview.optional]
            parts.append("</ul>")
        extras = []
        if overview.needs_selfie:
            extras.append(self.tr("foto diri memegang KTP-el (tanpa masker)"))
        if overview.needs_signature:
            extras.append(self.tr("tanda tangan pemohon"))
        if extras:
            parts.append(_paragraph(self.tr("Juga diambil di anjungan:"), ", ".join(extras)))
        if overview.forms:
            forms = ", ".join(
                f"{code} {html.escape(pick(name, lang))}" for code, name in overview.forms
            )
            parts.append(_paragraph(self.tr("Formulir (diisi otomatis):"), forms))
        if overview.in_person:
            parts.append(
                _paragraph(
                    self.tr("Pemohon harus datang sendiri"),
                    self.tr("(perekaman atau pencocokan sidik jari)."),
                )
            )
        promise = html.escape(pick(overview.promise, lang))
        parts.append(_paragraph(self.tr("Perkiraan selesai:"), promise))
        if overview.note is not None:
            parts.append(f"<p><i>{html.escape(pick(overview.note, lang))}</i></p>")
        kept = [] if model.checklist is None else model.checklist.kept()
        if kept:
            names = ", ".join(
                html.escape(pick(model.catalog.document(code).name, lang)) for code in kept
            )
            parts.append(_paragraph(self.tr("Dokumen lama yang dipakai lagi:"), names))
        self.details.setText("".join(parts))

    def _document(self, line: DocumentLine) -> str:
        name = html.escape(pick(line.name, self.lang))
        if not line.original_only or any(w in name.lower() for w in ("asli", "original")):
            return name
        return name + " <b>(" + self.tr("asli") + ")</b>"


def _labelled(label: str, value: str) -> str:
    return f"<b>{html.escape(label)}</b> {value}"


def _paragraph(label: str, value: str) -> str:
    return f"<p>{_labelled(label, value)}</p>"
