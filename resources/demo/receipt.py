"""A receipt-like PDF (tanda terima) with the application number as a QR code.

Stands in for the receipt module's output so the QR path (PDF -> image -> zbar) can be tested
before that module exists. A4, the QR about 35 mm wide, like the printed receipts.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas


def write_receipt_pdf(path: Path, application_number: str, qr_mm: float = 35.0) -> Path:
    """Writes a one-page A4 receipt whose QR encodes `application_number`."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(20 * mm, height - 25 * mm, "TANDA TERIMA PERMOHONAN")
    pdf.setFont("Helvetica", 11)
    pdf.drawString(20 * mm, height - 35 * mm, f"Nomor permohonan: {application_number}")
    pdf.drawString(20 * mm, height - 42 * mm, "Layanan: KTP-el hilang")
    pdf.drawString(20 * mm, height - 49 * mm, "NIK: 3171********0001")
    widget = QrCodeWidget(application_number, barBorder=0)  # the page margin is the quiet zone
    x0, y0, x1, y1 = widget.getBounds()
    size = qr_mm * mm
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, pdf, width - 20 * mm - size, height - 30 * mm - size)
    pdf.drawString(20 * mm, 20 * mm, "Pindai QR untuk melihat status / Scan the QR for status")
    pdf.showPage()
    pdf.save()
    return path
