"""Step 6: everything at once (every field, every image) before it is sent. Enter submits."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.applications.records import ApplicationSummary
from ui.context import AppContext
from ui.jobs import wizard as jobs
from ui.look import PICTURE_FRAME_STYLE
from ui.screens.application_table import status_text
from ui.screens.wizard.widgets import (
    StepPage,
    issue_html,
    pick,
    pixmap_from,
    scaled,
)
from ui.selfservice import SELF_SERVICE
from ui.viewmodels.review import ReviewSummary, build_review
from ui.viewmodels.wizard import Step, WizardModel

COLUMNS = 3
THUMB = (220, 150)
BANNER_THUMB = (120, 84)


class ReviewPage(StepPage):
    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        body, layout = self.scrolling_body()
        self.heading = QLabel(body)
        self.heading.setWordWrap(True)
        self.banner = QGroupBox(body)
        self.banner.setObjectName("review-applicant")
        banner_layout = QHBoxLayout(self.banner)
        self.applicant_banner = QLabel(self.banner)
        self.applicant_banner.setWordWrap(True)
        banner_layout.addWidget(self.applicant_banner)
        self.banner_pictures = QHBoxLayout()
        banner_layout.addLayout(self.banner_pictures)
        banner_layout.addStretch(1)
        self.banner_thumbnails: list[QLabel] = []
        self.duplicate_box = QGroupBox(body)
        self.duplicate_box.setObjectName("review-duplicate")
        duplicate_layout = QVBoxLayout(self.duplicate_box)
        self.duplicate_text = QLabel(self.duplicate_box)
        self.duplicate_text.setWordWrap(True)
        self.duplicate_reason = QLineEdit(self.duplicate_box)
        self.duplicate_reason.setObjectName("review-duplicate-reason")
        self.duplicate_reason.textEdited.connect(self._reason_edited)
        self.duplicate_reason_label = QLabel(self.duplicate_box)
        self.duplicate_reason_label.setBuddy(self.duplicate_reason)
        duplicate_layout.addWidget(self.duplicate_text)
        duplicate_layout.addWidget(self.duplicate_reason_label)
        duplicate_layout.addWidget(self.duplicate_reason)
        self.duplicate_box.hide()
        self.problems = QLabel(body)
        self.problems.setObjectName("review-problems")
        self.problems.setWordWrap(True)
        self.fields_box = QGroupBox(body)
        self.fields = QFormLayout(self.fields_box)
        self.images_box = QGroupBox(body)
        self.images = QGridLayout(self.images_box)
        self.images.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.forms = QLabel(body)
        self.forms.setWordWrap(True)
        widgets = (
            self.heading,
            self.banner,
            self.duplicate_box,
            self.problems,
            self.fields_box,
            self.images_box,
            self.forms,
        )
        for widget in widgets:
            layout.addWidget(widget)
        layout.addStretch(1)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.enter_advances()
        self.model: WizardModel | None = None
        self.summary: ReviewSummary | None = None
        self.image_labels: list[QLabel] = []
        self.value_labels: dict[str, QLabel] = {}

    def show_model(self, model: WizardModel) -> None:
        self.model = model
        self.summary = build_review(model)
        if self.duplicate_reason.text() != model.duplicate_reason:
            self.duplicate_reason.setText(model.duplicate_reason)
        self.retranslate()

    def find_duplicates(
        self, model: WizardModel, current: Callable[[], WizardModel | None]
    ) -> None:
        """Looks for open applications of the same NIK and service, then shows them (while
        `model` is still the wizard's `current()` one and on this step)."""
        service, nik = model.service, model.applicant.to_applicant().nik
        if service is None:
            return

        def found(earlier: list[ApplicationSummary]) -> None:
            model.duplicates = earlier
            # Only a warning may move the focus: an empty answer arriving while the operator
            # tabs through the review must not throw them back to the page.
            if earlier and model is current() and model.step is Step.REVIEW:
                self.show_duplicates(model, earlier)

        self.context.tasks.run(
            jobs.find_duplicates, self.context.store, nik, service, on_done=found
        )

    def show_duplicates(self, model: WizardModel, earlier: list[ApplicationSummary]) -> None:
        model.duplicates = earlier
        self.show_model(model)
        self.focus_first()

    def focus_first(self) -> None:
        if (
            self.model is not None
            and self.model.duplicate_unexplained
            and not self.model.by_citizen
        ):
            self.duplicate_reason.setFocus()
        else:
            self.setFocus()

    def focus_blockers(self, blockers: list[str]) -> None:
        self.focus_first()

    def blocked_message(self, blockers: list[str]) -> str:
        """Why the send did not go: missing parts, or a duplicate (a reason to write at the
        counter, the counter's help at the kiosk)."""
        if blockers != ["duplicate"]:
            return self.tr("Permohonan belum lengkap; lihat daftar di atas.")
        if self.model is not None and self.model.by_citizen:
            return self.tr("Permohonan ini sudah sedang diproses; minta bantuan petugas di loket.")
        return self.tr("Permohonan yang sama sudah ada; tulis alasan untuk tetap mengirim.")

    def _reason_edited(self, text: str) -> None:
        if self.model is None:
            return
        self.model.duplicate_reason = text
        self._fill_problems()
        self.edited.emit()

    def _fill_duplicates(self) -> None:
        model = self.model
        earlier = model.duplicates if model is not None else []
        self.duplicate_box.setVisible(bool(earlier))
        if not earlier:
            return
        self.duplicate_box.setTitle(self.tr("Permohonan yang sama sudah ada"))
        by_citizen = model is not None and model.by_citizen
        # Anyone may type a NIK at the kiosk: nothing of the open application is shown there,
        # and going on anyway is the counter's decision, not the citizen's.
        self.duplicate_reason_label.setVisible(not by_citizen)
        self.duplicate_reason.setVisible(not by_citizen)
        if by_citizen:
            told = self.tr(
                "Permohonan untuk layanan ini sudah sedang diproses, jadi tidak perlu diajukan "
                "lagi. Bila ada yang perlu diubah atau ditanyakan, petugas di loket siap "
                "membantu Anda."
            )
            self.duplicate_text.setText(
                f"<span style='color:{self.colours.warning}'>⚠ {html.escape(told)}</span>"
            )
            return
        rows = []
        for summary in earlier:
            label = status_text(summary.status, self.lang)
            day = f"{summary.created_at.astimezone():%d-%m-%Y}"
            rows.append(
                f"<li><b>{html.escape(summary.number)}</b> · {html.escape(label)} · "
                f"{html.escape(day)}</li>"
            )
        intro = self.tr(
            "NIK ini sudah punya permohonan layanan yang sama yang belum selesai. Periksa "
            'dulu: yang ditolak diperbaiki lewat "Perbaiki" pada permohonan itu, bukan '
            "diajukan ulang."
        )
        self.duplicate_text.setText(
            f"<span style='color:{self.colours.warning}'>⚠ {html.escape(intro)}</span>"
            f"<ul>{''.join(rows)}</ul>"
        )
        self.duplicate_reason_label.setText(
            self.tr("&Alasan tetap mengirim (min. 10 huruf, dicatat di audit):")
        )

    def _fill_problems(self) -> None:
        summary = self.summary
        if summary is None:
            return
        lang, colours = self.lang, self.colours
        lines = [issue_html(p, lang, colours=colours) for p in summary.problems]
        lines += [issue_html(w, lang, colours=colours) for w in summary.warnings]
        waiting = self.model is not None and self.model.duplicate_unexplained
        if waiting and self.model is not None and self.model.by_citizen:
            text = self.tr("Permohonan ini tidak dapat dikirim lagi dari anjungan.")
            lines.append(f"<span style='color:{colours.error}'><b>✖ {html.escape(text)}</b></span>")
        elif waiting:
            text = self.tr("Tulis alasan di atas untuk tetap mengirim.")
            lines.append(f"<span style='color:{colours.error}'><b>✖ {html.escape(text)}</b></span>")
        elif not summary.problems:
            if self.model is not None and self.model.operator == SELF_SERVICE.username:
                ready = self.tr("Lengkap. Sentuh Kirim permohonan untuk mengirim.")
            else:
                ready = self.tr("Lengkap. Tekan Enter untuk mengirim.")
            lines.append(f"<span style='color:{colours.ok}'><b>✔ {html.escape(ready)}</b></span>")
        self.problems.setText("<br>".join(lines))

    def retranslate(self) -> None:
        self.fields_box.setTitle(self.tr("Data pemohon"))
        self.images_box.setTitle(self.tr("Dokumen"))
        summary = self.summary
        if summary is None:
            return
        lang = self.lang
        answers = " → ".join(pick(a.answer, lang) for a in summary.answers)
        self.heading.setText(
            "<h2>" + self.tr("Periksa sebelum dikirim") + "</h2>"
            f"<p><b>{html.escape(pick(summary.service, lang))}</b>"
            + (f"<br>{html.escape(answers)}" if answers else "")
            + "</p>"
        )
        self._fill_duplicates()
        self._fill_problems()
        self._fill_banner(summary)
        self._fill_fields(summary)
        self._fill_images(summary)
        if summary.forms:
            forms = ", ".join(f"{c} {html.escape(pick(n, lang))}" for c, n in summary.forms)
            label = html.escape(self.tr("Formulir yang dibuat otomatis:"))
            self.forms.setText(f"<b>{label}</b> {forms}")

    def _fill_banner(self, summary: ReviewSummary) -> None:
        """The applicant, unmistakable: name, masked NIK and the photos taken for them."""
        self.banner.setTitle(self.tr("Pemohon"))
        name = html.escape(summary.applicant_name) or "—"
        nik = html.escape(summary.masked_nik) or "—"
        self.applicant_banner.setText(
            f"<span style='font-size:18pt'><b>{name}</b></span><br>"
            f"{html.escape(self.tr('NIK'))}: <b>{nik}</b>"
        )
        for picture in self.banner_thumbnails:
            self.banner_pictures.removeWidget(picture)
            picture.deleteLater()
        self.banner_thumbnails = []
        for image in summary.images:
            if image.file is None or not image.file.thumbnail:
                continue
            picture = QLabel(self.banner)
            picture.setFixedSize(*BANNER_THUMB)
            picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
            picture.setPixmap(scaled(pixmap_from(image.file.thumbnail), *BANNER_THUMB))
            picture.setToolTip(pick(image.name, self.lang))
            self.banner_pictures.addWidget(picture)
            self.banner_thumbnails.append(picture)

    def _fill_fields(self, summary: ReviewSummary) -> None:
        while self.fields.rowCount():
            self.fields.removeRow(0)
        labels = {
            "nik": self.tr("NIK"),
            "no_kk": self.tr("Nomor KK"),
            "name": self.tr("Nama lengkap"),
            "birth_date": self.tr("Tanggal lahir"),
            "sex": self.tr("Jenis kelamin"),
            "phone": self.tr("Nomor WhatsApp"),
            "alamat": self.tr("Alamat"),
            "rt": self.tr("RT"),
            "rw": self.tr("RW"),
            "kode_wilayah": self.tr("Kelurahan/desa"),
        }
        sexes = {"L": self.tr("Laki-laki"), "P": self.tr("Perempuan")}
        self.value_labels = {}
        for name, value in summary.fields:
            shown = sexes.get(value, value) if name == "sex" else value
            label = QLabel(html.escape(shown) or "—")
            label.setWordWrap(True)  # the kelurahan with all the names above it: 1024 px
            label.setObjectName(f"review-{name}")
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fields.addRow(labels[name] + ":", label)
            self.value_labels[name] = label
        if summary.nik_region:
            region = QLabel(summary.nik_region)
            region.setWordWrap(True)
            self.fields.addRow(self.tr("Wilayah menurut NIK:"), region)
        for text, value in summary.service_fields:
            label = QLabel(html.escape(value) or "—")
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fields.addRow(pick(text, self.lang) + ":", label)

    def _fill_images(self, summary: ReviewSummary) -> None:
        while self.images.count():
            taken = self.images.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.deleteLater()
        self.image_labels = []
        lang = self.lang
        notes = {
            "ok": self.tr("baik"),
            "kept": self.tr("dokumen lama"),
            "override": self.tr("diterima dengan alasan"),
            "check": self.tr("perlu diputuskan"),
            "missing": self.tr("BELUM ADA"),
        }
        for index, image in enumerate(summary.images):
            box = QWidget(self.images_box)
            column = QVBoxLayout(box)
            picture = QLabel(box)
            picture.setFixedSize(*THUMB)
            picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
            picture.setStyleSheet(PICTURE_FRAME_STYLE)
            if image.file is not None and image.file.thumbnail:
                picture.setPixmap(scaled(pixmap_from(image.file.thumbnail), *THUMB))
            else:
                picture.setText(
                    notes[image.status]
                    if image.file is None
                    else self.tr("tersegel")
                    if image.file.sealed_ref
                    else "PDF"
                )
            bad = image.status in ("missing", "check")
            colour = self.colours.error if bad else self.colours.ok
            note = f"<span style='color:{colour}'>{notes[image.status]}</span>"
            caption = f"{html.escape(pick(image.name, lang))}<br>{note}"
            if image.file is not None and image.file.override_reason:
                caption += f"<br><i>{html.escape(image.file.override_reason)}</i>"
                if image.file.approved_by:
                    approval = self.tr("disetujui oleh %1").replace("%1", image.file.approved_by)
                    caption += f"<br>{html.escape(approval)}"
            text = QLabel(caption, box)
            text.setWordWrap(True)
            text.setFixedWidth(THUMB[0])
            column.addWidget(picture)
            column.addWidget(text)
            self.images.addWidget(box, index // COLUMNS, index % COLUMNS)
            self.image_labels.append(picture)
