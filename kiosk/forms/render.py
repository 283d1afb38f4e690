"""Renders the generated forms (F-1.02, F-1.03, F-2.01, ...) as PDF with ReportLab.

The applicant never uploads these: the kiosk fills them from the data typed and checked at the
counter, so a form can never disagree with the application it travels with. The layout follows
the sections of the official forms (applicant data, the event, the requirements attached, the
signature); the signature image is embedded when the applicant signed on screen or on paper.
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass, field
from datetime import date

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from kiosk.catalog import CatalogView
from kiosk.validation import address_names

SEX_NAMES = {"L": "Laki-laki", "P": "Perempuan"}


@dataclass
class FormContext:
    form_code: str
    service_code: str
    application_id: str
    number: str
    applicant: dict[str, object]
    documents: list[str]
    office_name: str = ""
    signed_on: date = field(default_factory=date.today)
    signature_image: bytes | None = None


def form_document_code(form_code: str) -> str:
    """Attachment code of a generated form: 'F-1.02' -> 'f-1.02'."""
    return form_code.lower()


def _line(canvas: Canvas, y: float, label: str, value: str) -> float:
    canvas.setFont("Helvetica", 10)
    canvas.drawString(22 * mm, y, label)
    canvas.drawString(75 * mm, y, ":")
    canvas.setFont("Helvetica-Bold", 10)
    canvas.drawString(80 * mm, y, value[:70])
    return y - 7 * mm


def _heading(canvas: Canvas, y: float, text: str) -> float:
    canvas.setFont("Helvetica-Bold", 10)
    canvas.drawString(18 * mm, y, text)
    return y - 7 * mm


def render_form(catalog: CatalogView, context: FormContext) -> bytes:
    form = catalog.form(context.form_code)
    service = catalog.service(context.service_code)
    a = context.applicant
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    canvas.setTitle(f"{form.code} {context.number}")
    width, height = A4
    canvas.setFont("Helvetica", 9)
    canvas.drawRightString(width - 18 * mm, height - 15 * mm, f"FORMULIR {form.code}")
    canvas.setFont("Helvetica-Bold", 13)
    canvas.drawCentredString(width / 2, height - 28 * mm, form.name.id.upper())
    canvas.setFont("Helvetica", 9)
    canvas.drawCentredString(width / 2, height - 34 * mm, f"Nomor permohonan: {context.number}")
    y = height - 48 * mm
    y = _heading(canvas, y, "I. DATA PEMOHON")
    y = _line(canvas, y, "1. NIK", str(a.get("nik", "")))
    y = _line(canvas, y, "2. Nama lengkap", str(a.get("name", "")))
    y = _line(canvas, y, "3. Nomor Kartu Keluarga", str(a.get("no_kk", "")))
    born = a.get("birth_date")
    born_text = date.fromisoformat(str(born)).strftime("%d-%m-%Y") if born else "-"
    y = _line(canvas, y, "4. Tanggal lahir", born_text)
    y = _line(canvas, y, "5. Jenis kelamin", SEX_NAMES.get(str(a.get("sex", "")), "-"))
    y = _line(canvas, y, "6. Nomor HP/WhatsApp", str(a.get("phone") or "-"))
    address = a.get("address")
    if isinstance(address, dict) and address.get("kode_wilayah"):
        names = address_names(str(address["kode_wilayah"]))
        y = _line(canvas, y, "7. Alamat", str(address.get("alamat", "")))
        y = _line(canvas, y, "    RT / RW", f"{address.get('rt', '')} / {address.get('rw', '')}")
        y = _line(canvas, y, "    Kelurahan/Desa", names["kelurahan"])
        y = _line(canvas, y, "    Kecamatan", names["kecamatan"])
        y = _line(canvas, y, "    Kabupaten/Kota", names["kabupaten"])
        y = _line(canvas, y, "    Provinsi", names["provinsi"])
    extra = a.get("extra")
    if isinstance(extra, dict) and extra:
        labels = {f.code: f.label.id for f in service.extra_fields}
        for code, value in extra.items():
            y = _line(canvas, y, labels.get(str(code), str(code)), str(value))
    y -= 3 * mm
    y = _heading(canvas, y, "II. JENIS PERMOHONAN")
    y = _line(canvas, y, "Layanan", service.name.id)
    if context.office_name:
        y = _line(canvas, y, "Tempat pengajuan", context.office_name)
    y -= 3 * mm
    y = _heading(canvas, y, "III. PERSYARATAN YANG DILAMPIRKAN")
    canvas.setFont("Helvetica", 10)
    for i, code in enumerate(context.documents, start=1):
        canvas.drawString(22 * mm, y, f"{i}. {catalog.document(code).name.id}")
        y -= 6 * mm
    y -= 6 * mm
    canvas.setFont("Helvetica", 10)
    canvas.drawString(120 * mm, y, f"Tanggal: {context.signed_on:%d-%m-%Y}")
    canvas.drawString(120 * mm, y - 6 * mm, "Pemohon,")
    if context.signature_image:
        # A PDF or unreadable signature stays an attachment of its own.
        with contextlib.suppress(OSError, ValueError):
            canvas.drawImage(
                ImageReader(io.BytesIO(context.signature_image)),
                120 * mm,
                y - 32 * mm,
                width=50 * mm,
                height=22 * mm,
                preserveAspectRatio=True,
                mask="auto",
            )
    canvas.drawString(120 * mm, y - 38 * mm, str(a.get("name", "")))
    canvas.setFont("Helvetica-Oblique", 8)
    canvas.drawString(
        18 * mm, 15 * mm, "Dibuat otomatis oleh anjungan dari data yang diperiksa saat pengajuan."
    )
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
