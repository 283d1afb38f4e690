"""The receipt (tanda terima) as PDF with ReportLab: A4, or an 80 mm thermal roll.

Written for an elderly citizen holding it at arm's length: the application number is the
largest thing on the page, every label is Indonesian first with a small English line under it,
and the QR (exactly the application number, nothing else) is big enough for a phone camera or
the kiosk's own scanner. The roll layout is one column, 72 mm printable, as long as it needs to
be. `invariant=True` makes the same data give the same bytes, so a reprint is the same paper.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Literal

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from kiosk.receipts.content import Line, receipt_sections
from kiosk.receipts.data import ReceiptData

Layout = Literal["a4", "80mm"]
LAYOUTS: tuple[Layout, ...] = ("a4", "80mm")
ROLL_WIDTH = 80 * mm
_MEASURING_HEIGHT = 5000 * mm


@dataclass(frozen=True)
class _Geometry:
    page_width: float
    margin: float
    bottom_margin: float
    label_width: float
    """Width of the label column; 0 puts each label above its value (the roll)."""
    qr_size: float
    number_size: float
    """Largest font size of the application number (shrunk to fit the width)."""
    sizes: dict[str, float]
    en_grey: float
    """Grey of the English lines; thermal heads dither grey, so the roll prints them black."""
    centred_header: bool


A4_GEOMETRY = _Geometry(
    page_width=A4[0],
    margin=15 * mm,
    bottom_margin=10 * mm,
    label_width=52 * mm,
    qr_size=40 * mm,
    number_size=34,
    sizes={"office": 15, "title": 20, "head": 13, "label": 11, "value": 13, "en": 10},
    en_grey=0.3,
    centred_header=False,
)
ROLL_GEOMETRY = _Geometry(
    page_width=ROLL_WIDTH,
    margin=4 * mm,
    bottom_margin=4 * mm,
    label_width=0,
    qr_size=40 * mm,
    number_size=24,
    sizes={"office": 12, "title": 13, "head": 11, "label": 9, "value": 11, "en": 8.5},
    en_grey=0.0,
    centred_header=True,
)
_FONTS = {"bold": "Helvetica-Bold", "plain": "Helvetica", "en": "Helvetica-Oblique"}


class _Writer:
    """Draws wrapped text top-down, starting a new page when `page_breaks` (A4) is set."""

    def __init__(self, canvas: Canvas, g: _Geometry, page_height: float, page_breaks: bool):
        self.canvas, self.g = canvas, g
        self.top, self.bottom = page_height - g.margin, g.bottom_margin
        self.y = self.top
        self.page_breaks = page_breaks
        self.width = g.page_width - 2 * g.margin

    def _style(self, line: Line) -> tuple[str, float, float]:
        size = self.g.sizes[line.size]
        font = _FONTS["en"] if line.english else _FONTS["bold" if line.bold else "plain"]
        return font, size, (self.g.en_grey if line.english else 0.0)

    def height(self, lines: list[Line], width: float) -> float:
        total = 0.0
        for line in lines:
            font, size, _ = self._style(line)
            total += len(simpleSplit(line.text, font, size, width)) * size * 1.25
        return total

    def draw(self, lines: list[Line], x: float, y: float, width: float, centred: bool) -> float:
        for line in lines:
            font, size, grey = self._style(line)
            self.canvas.setFont(font, size)
            self.canvas.setFillGray(grey)
            for part in simpleSplit(line.text, font, size, width):
                y -= size * 1.25
                if centred:
                    self.canvas.drawCentredString(x + width / 2, y + size * 0.25, part)
                else:
                    self.canvas.drawString(x, y + size * 0.25, part)
        self.canvas.setFillGray(0)
        return y

    def block(self, lines: list[Line], *, centred: bool = False) -> None:
        self.need(self.height(lines, self.width))
        self.y = self.draw(lines, self.g.margin, self.y, self.width, centred)

    def row(self, label: list[Line], value: list[Line]) -> None:
        """A label and its value: side by side on A4, stacked on the roll."""
        g = self.g
        if not g.label_width:
            self.block(label + value)
            self.space(2 * mm)
            return
        value_width = self.width - g.label_width
        self.need(max(self.height(label, g.label_width - 4 * mm), self.height(value, value_width)))
        low_label = self.draw(label, g.margin, self.y, g.label_width - 4 * mm, False)
        low_value = self.draw(value, g.margin + g.label_width, self.y, value_width, False)
        self.y = min(low_label, low_value) - 2.5 * mm

    def rule(self) -> None:
        self.need(4 * mm)
        self.y -= 2 * mm
        self.canvas.setLineWidth(0.8)
        self.canvas.line(self.g.margin, self.y, self.g.page_width - self.g.margin, self.y)
        self.y -= 2 * mm

    def space(self, height: float) -> None:
        self.y -= height

    def need(self, height: float) -> None:
        if self.page_breaks and self.y - height < self.bottom:
            self.canvas.showPage()
            self.y = self.top


def draw_qr(canvas: Canvas, value: str, x: float, y: float, size: float) -> None:
    """A QR symbol `size` wide with its lower left corner at (x, y); callers keep 4 modules
    of white around it (the quiet zone) free of ink."""
    widget = QrCodeWidget(value, barLevel="M", barBorder=0)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, x, y)


def _number(w: _Writer, data: ReceiptData, width: float, x: float, centred: bool) -> None:
    font = _FONTS["bold"]
    size = min(w.g.number_size, width / stringWidth(data.number, font, 1))
    w.canvas.setFont(font, size)
    w.y -= size * 1.1
    if centred:
        w.canvas.drawCentredString(x + width / 2, w.y, data.number)
    else:
        w.canvas.drawString(x, w.y, data.number)
    w.y -= size * 0.35


def _draw(
    canvas: Canvas, data: ReceiptData, g: _Geometry, page_height: float, breaks: bool
) -> float:
    sections = receipt_sections(data, qr_beside=bool(g.label_width))
    w = _Writer(canvas, g, page_height, breaks)
    w.block(sections.header, centred=g.centred_header)
    w.rule()
    if g.label_width:  # A4: number on the left, QR on the right
        top = w.y
        left = w.width - g.qr_size - 12 * mm
        w.y = w.draw(sections.number_label, g.margin, w.y, left, False)
        _number(w, data, left, g.margin, False)
        w.y = w.draw(sections.number_hint + sections.qr_caption, g.margin, w.y, left, False)
        qr_bottom = top - 8 * mm - g.qr_size
        draw_qr(canvas, data.number, g.page_width - g.margin - g.qr_size, qr_bottom, g.qr_size)
        w.y = min(w.y, qr_bottom - 6 * mm)
    else:  # roll: everything centred, one column
        w.y = w.draw(sections.number_label, g.margin, w.y, w.width, True)
        _number(w, data, w.width, g.margin, True)
        w.y = w.draw(sections.number_hint, g.margin, w.y, w.width, True) - 8 * mm
        draw_qr(canvas, data.number, (g.page_width - g.qr_size) / 2, w.y - g.qr_size, g.qr_size)
        w.y -= g.qr_size + 6 * mm
        w.y = w.draw(sections.qr_caption, g.margin, w.y, w.width, True)
    w.rule()
    for label, value in sections.rows:
        w.row(label, value)
    w.rule()
    w.block(sections.next_steps)
    w.space(3 * mm)
    w.block(sections.footer, centred=g.centred_header)
    return w.y


def render_receipt(data: ReceiptData, layout: Layout = "a4") -> bytes:
    """The receipt PDF; the same data and layout always give the same bytes."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown receipt layout {layout!r}; use one of {LAYOUTS}")
    if layout == "a4":
        geometry, page_height, breaks = A4_GEOMETRY, A4[1], True
    else:
        # Draw once on a very long page to learn the height, then on a page that long.
        geometry, breaks = ROLL_GEOMETRY, False
        low = _draw(Canvas(io.BytesIO(), invariant=True), data, geometry, _MEASURING_HEIGHT, False)
        page_height = _MEASURING_HEIGHT - low + geometry.bottom_margin
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(geometry.page_width, page_height), invariant=True)
    canvas.setTitle(f"Tanda terima {data.number}")
    canvas.setSubject("Tanda terima permohonan / Application receipt")
    _draw(canvas, data, geometry, page_height, breaks)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
