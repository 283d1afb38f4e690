"""The pickup coupon (kupon pengambilan): a short slip from the kiosk's 80 mm printer when a
citizen's status check finds the document ready, to hand over at the counter.

It carries what the counter needs to find the document and nothing a finder could misuse:
the number (also as the QR, exactly the number, like the receipt's), the service, the masked
NIK, where and from when it can be collected; never the name.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from kiosk.receipts.dates import format_datetime_en, format_datetime_id
from kiosk.receipts.render import draw_qr

WIDTH = 80 * mm
MARGIN = 4 * mm
QR_SIZE = 32 * mm


@dataclass(frozen=True)
class PickupCoupon:
    number: str
    service: str
    nik_masked: str
    place: str
    ready_since: datetime | None


def _lines(coupon: PickupCoupon) -> list[tuple[str, float, str]]:
    """(text, size, font) from the top; Bahasa Indonesia first, English in oblique."""
    since_id = format_datetime_id(coupon.ready_since) if coupon.ready_since else "-"
    since_en = format_datetime_en(coupon.ready_since) if coupon.ready_since else "-"
    return [
        ("KUPON PENGAMBILAN", 13, "Helvetica-Bold"),
        ("Pickup coupon", 8, "Helvetica-Oblique"),
        (coupon.number, 16, "Helvetica-Bold"),
        (f"Layanan: {coupon.service}", 9, "Helvetica"),
        (f"NIK: {coupon.nik_masked}", 9, "Helvetica"),
        (f"Ambil di: {coupon.place}", 9, "Helvetica-Bold"),
        ("Collect at the office named above.", 8, "Helvetica-Oblique"),
        (f"Siap diambil sejak {since_id}", 9, "Helvetica"),
        (f"Ready since {since_en}", 8, "Helvetica-Oblique"),
        ("Bawa kupon ini, tanda terima, dan KTP-el atau KK asli ke loket.", 9, "Helvetica"),
        (
            "Bring this coupon, the receipt and your original ID to the counter.",
            8,
            "Helvetica-Oblique",
        ),
    ]


def render_pickup_coupon(coupon: PickupCoupon) -> bytes:
    """The coupon as an 80 mm wide PDF, as long as its content."""
    width = WIDTH - 2 * MARGIN
    wrapped = [
        (part, size, font)
        for text, size, font in _lines(coupon)
        for part in simpleSplit(text, font, size, width)
    ]
    height = MARGIN * 2 + QR_SIZE + 6 * mm + sum(size * 1.35 for _, size, _ in wrapped)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(WIDTH, height), invariant=1)
    canvas.setTitle(f"Kupon pengambilan {coupon.number}")
    y = height - MARGIN
    for index, (text, size, font) in enumerate(wrapped):
        y -= size * 1.35
        canvas.setFont(font, size)
        canvas.drawCentredString(WIDTH / 2, y, text)
        if index == 2:  # under the number: its QR, for the counter's scanner
            y -= QR_SIZE + 4 * mm
            draw_qr(canvas, coupon.number, (WIDTH - QR_SIZE) / 2, y, QR_SIZE)
            y -= 2 * mm
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
