"""The words on a receipt, kept apart from the drawing so both layouts say the same thing.

Every label and sentence is Bahasa Indonesia first, then a short English line in a smaller,
slanted type. Sizes are names ("value", "en", ...) that each layout maps to points.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.receipts.data import ReceiptData
from kiosk.receipts.dates import format_datetime_en, format_datetime_id


@dataclass(frozen=True)
class Line:
    text: str
    size: str = "value"
    bold: bool = False
    english: bool = False


def _en(text: str) -> Line:
    return Line(text, "en", english=True)


def _label(text_id: str, text_en: str) -> list[Line]:
    return [Line(text_id, "label", bold=True), _en(text_en)]


@dataclass(frozen=True)
class ReceiptSections:
    header: list[Line]
    number_label: list[Line]
    number_hint: list[Line]
    qr_caption: list[Line]
    rows: list[tuple[list[Line], list[Line]]] = field(default_factory=list)
    next_steps: list[Line] = field(default_factory=list)
    footer: list[Line] = field(default_factory=list)


def _in_person(data: ReceiptData) -> list[Line]:
    if data.in_person:
        return [
            Line("YA. Pemohon wajib datang sendiri, tidak bisa diwakilkan.", bold=True),
            _en("Yes. You must come in person; no one can come for you."),
        ]
    return [Line("Tidak wajib datang sendiri."), _en("You need not come in person.")]


def _documents(data: ReceiptData) -> list[Line]:
    if not data.documents:
        return [Line("-")]
    lines: list[Line] = []
    for i, name in enumerate(data.documents, start=1):
        lines.append(Line(f"{i}. {name.id}"))
        if name.en != name.id:
            lines.append(_en(f"    {name.en}"))
    return lines


def receipt_sections(data: ReceiptData, *, qr_beside: bool) -> ReceiptSections:
    """The receipt's text; `qr_beside` says where the QR is drawn (beside or above the hint)."""
    where_id, where_en = ("di samping", "beside it") if qr_beside else ("di atas", "above")
    header = [
        Line(data.office_name, "office", bold=True),
        Line("TANDA TERIMA PERMOHONAN", "title", bold=True),
        _en("Application receipt"),
    ]
    if data.revision:
        header += [
            Line(f"Perbaikan ke-{data.revision} (versi {data.version})", "head", bold=True),
            _en(f"Correction {data.revision} (version {data.version})"),
        ]
    service = [Line(data.service_name.id, bold=True)]
    if data.service_name.en != data.service_name.id:
        service.append(_en(data.service_name.en))
    pickup = [Line(data.pickup_place.id)]
    if data.pickup_place.en != data.pickup_place.id:
        pickup.append(_en(data.pickup_place.en))
    rows = [
        (_label("Layanan", "Service"), service),
        (_label("Nama pemohon", "Applicant"), [Line(data.applicant_name, bold=True)]),
        (_label("NIK", "ID number (NIK)"), [Line(data.nik_masked)]),
        (_label("Dokumen diterima", "Documents received"), _documents(data)),
        (
            _label("Perkiraan selesai", "Expected time"),
            [Line(data.promise.id, bold=True), _en(data.promise.en)],
        ),
        (_label("Wajib datang sendiri?", "Must you come in person?"), _in_person(data)),
        (_label("Tempat pengambilan", "Pickup place"), pickup),
    ]
    next_steps = [
        Line("Langkah berikutnya", "head", bold=True),
        _en("What happens next"),
        Line(
            "Berkas Anda dikirim ke Dinas Dukcapil untuk diperiksa. Cek status di anjungan: "
            "pindai kode QR, atau ketik angka nomor ini lalu 4 angka terakhir NIK Anda."
        ),
        _en(
            "Your file goes to the district registry (Dukcapil) for checking. Check the status "
            "at the kiosk: scan the QR code, or type the digits of this number, then the last "
            "4 digits of the NIK."
        ),
    ]
    return ReceiptSections(
        header=header,
        number_label=_label("Nomor permohonan", "Application number"),
        number_hint=[
            Line(f"Diajukan: {format_datetime_id(data.submitted_at)}", "value"),
            _en(f"Submitted: {format_datetime_en(data.submitted_at)}"),
        ],
        qr_caption=[
            Line(f"Simpan nomor ini. Pindai kode QR {where_id} untuk cek status.", "label"),
            _en(f"Keep this number. Scan the QR code {where_en} to check the status."),
        ],
        rows=rows,
        next_steps=next_steps,
        footer=[
            Line("Simpan tanda terima ini sampai dokumen Anda diambil.", "label", bold=True),
            _en("Keep this receipt until you collect your document."),
        ],
    )
