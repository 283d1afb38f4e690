"""The recap as a landscape A4 PDF: the table the district asks for, then a bar chart."""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from kiosk.receipts.dates import format_datetime_en, format_datetime_id
from kiosk.reports.recap import Recap, status_label
from kiosk.survey.ikm import ELEMENTS

PAGE = landscape(A4)
MARGIN = 15 * mm
WIDTH = PAGE[0] - 2 * MARGIN
_BASE = ParagraphStyle("recap", fontName="Helvetica", fontSize=10, leading=12.5)
STYLES = {
    "title": ParagraphStyle("title", _BASE, fontName="Helvetica-Bold", fontSize=18, leading=22),
    "subtitle": ParagraphStyle("subtitle", _BASE, fontSize=12, leading=15),
    "body": _BASE,
    "head": ParagraphStyle("head", _BASE, fontName="Helvetica-Bold", fontSize=8, leading=9.5),
    "cell": ParagraphStyle("cell", _BASE, fontSize=9.5, leading=11),
    "en": ParagraphStyle("en", _BASE, fontSize=8.5, leading=10.5),
}


def _para(text_id: str, text_en: str, style: str) -> Paragraph:
    """Indonesian, then the English in small italics on its own line."""
    return Paragraph(
        f"{escape(text_id)}<br/><font name='Helvetica-Oblique' size='{STYLES[style].fontSize - 1}'"
        f" color='#444444'>{escape(text_en)}</font>",
        STYLES[style],
    )


def _table(recap: Recap) -> Table:
    header = [_para("Layanan", "Service", "head")]
    header += [_para(status_label(s).id, status_label(s).en, "head") for s in recap.statuses]
    header.append(_para("Jumlah", "Total", "head"))
    rows: list[list[object]] = [header]
    for row in recap.services:
        rows.append(
            [_para(row.name.id, row.name.en, "cell")]
            + [str(row.counts.get(s, 0)) for s in recap.statuses]
            + [str(row.total)]
        )
    totals = recap.status_totals
    rows.append(
        [_para("Jumlah", "Total", "cell")]
        + [str(totals[s]) for s in recap.statuses]
        + [str(recap.total)]
    )
    first = 58 * mm
    rest = (WIDTH - first) / (len(recap.statuses) + 1)
    table = Table(rows, colWidths=[first] + [rest] * (len(recap.statuses) + 1), repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6")),
                ("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#e6e6e6")),
                ("FONTNAME", (1, 1), (-1, -1), "Helvetica"),
                ("FONTNAME", (-1, 1), (-1, -1), "Helvetica-Bold"),
                ("FONTNAME", (1, -1), (-1, -1), "Helvetica-Bold"),
                ("FONTSIZE", (1, 1), (-1, -1), 11),
                ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _nice_step(largest: int) -> int:
    """1, 2, 5, 10, 20, 50, ... so the axis has about five whole-number ticks."""
    raw = max(1.0, largest / 5)
    power = 10 ** math.floor(math.log10(raw))
    return int(next(m * power for m in (1, 2, 5, 10) if m * power >= raw))


def _chart(recap: Recap) -> Drawing:
    count = max(len(recap.services), 1)
    height = count * 7 * mm + 18 * mm
    drawing = Drawing(WIDTH, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 78 * mm, 10 * mm
    chart.width, chart.height = WIDTH - 90 * mm, height - 16 * mm
    totals = [row.total for row in recap.services] or [0]
    chart.data = [totals]
    chart.categoryAxis.categoryNames = [row.name.id[:45] for row in recap.services] or ["-"]
    chart.categoryAxis.reverseDirection = 1  # the first service on top, as in the table
    chart.categoryAxis.labels.fontName = "Helvetica"
    chart.categoryAxis.labels.fontSize = 9
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    step = _nice_step(max(totals))
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = step * max(1, math.ceil(max(totals) / step))
    chart.valueAxis.valueStep = step
    chart.valueAxis.labels.fontSize = 9
    chart.valueAxis.labelTextFormat = "%d"
    chart.bars[0].fillColor = colors.HexColor("#2f6fb0")
    chart.barLabelFormat = "%d"
    chart.barLabels.fontSize = 9
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


def _survey_section(recap: Recap) -> list[Flowable]:
    """The month's satisfaction index and a bar chart of the nine element averages."""
    if recap.survey is None:
        return []
    data = recap.survey.as_dict()
    title = _para("Indeks Kepuasan Masyarakat (IKM)", "Public satisfaction index", "subtitle")
    if data["ikm"] is None:
        none_id, _, none_en = str(data["message"]).partition(" / ")
        return [Spacer(0, 6 * mm), title, _para(none_id, none_en, "body")]
    line = _para(
        f"IKM {data['ikm']:.2f}, mutu {data['grade']} ({data['performance'].split(' / ')[0]}), "
        f"{data['respondents']} responden",
        f"IKM {data['ikm']:.2f}, grade {data['grade']}, {data['respondents']} respondents",
        "body",
    )
    drawing = Drawing(WIDTH, 9 * 7 * mm + 18 * mm)
    chart = HorizontalBarChart()
    chart.x, chart.y = 78 * mm, 10 * mm
    chart.width, chart.height = WIDTH - 90 * mm, 9 * 7 * mm
    chart.data = [data["elements"]]
    chart.categoryAxis.categoryNames = [name_id[:45] for _c, name_id, _en in ELEMENTS]
    chart.categoryAxis.reverseDirection = 1
    chart.categoryAxis.labels.fontName = "Helvetica"
    chart.categoryAxis.labels.fontSize = 9
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 4, 1
    chart.valueAxis.labels.fontSize = 9
    chart.bars[0].fillColor = colors.HexColor("#0a3d7a")
    chart.barLabelFormat = "%.2f"
    chart.barLabels.fontSize = 9
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return [Spacer(0, 6 * mm), title, line, drawing]


def _footer(recap: Recap) -> Callable[[Canvas, SimpleDocTemplate], None]:
    made_id = format_datetime_id(recap.generated_at)
    made_en = format_datetime_en(recap.generated_at)

    def draw(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(
            MARGIN, 8 * mm, f"Dibuat {made_id} / Generated {made_en} - {recap.office_name}"
        )
        canvas.drawRightString(PAGE[0] - MARGIN, 8 * mm, f"Halaman {doc.page} / Page {doc.page}")
        canvas.restoreState()

    return draw


def recap_pdf(recap: Recap) -> bytes:
    buffer = io.BytesIO()
    kind_id, kind_en = ("Harian", "Daily") if recap.period.kind == "day" else ("Bulanan", "Monthly")
    doc = SimpleDocTemplate(
        buffer,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        invariant=True,
        title=f"Rekap {kind_id.lower()} {recap.period.code}",
        subject="Rekap permohonan / Application recap",
    )
    summary = (
        f"Jumlah permohonan: <b>{recap.total}</b> &nbsp;&nbsp; Perbaikan diajukan: "
        f"<b>{recap.corrections}</b> &nbsp;&nbsp; <font name='Helvetica-Oblique' size='8.5'>"
        f"(Applications: {recap.total}; corrections submitted: {recap.corrections})</font>"
    )
    story: list[Flowable] = [
        Paragraph(
            f"Rekap Permohonan {kind_id} <font name='Helvetica-Oblique' size='12' "
            f"color='#444444'>/ {kind_en} application recap</font>",
            STYLES["title"],
        ),
        Paragraph(
            f"{escape(recap.office_name)} &nbsp;-&nbsp; <b>{escape(recap.period.label_id)}</b>"
            f" <font size='10' color='#444444'>({escape(recap.period.label_en)})</font>",
            STYLES["subtitle"],
        ),
        Spacer(0, 2 * mm),
        Paragraph(summary, STYLES["body"]),
        Paragraph(
            "Status = status terakhir setiap permohonan yang pertama diajukan pada periode ini. "
            "<font name='Helvetica-Oblique'>/ Status = the latest status of each application "
            "first submitted in this period.</font>",
            STYLES["en"],
        ),
        Spacer(0, 3 * mm),
        _table(recap),
        Spacer(0, 6 * mm),
        _para("Jumlah permohonan per layanan", "Applications per service", "subtitle"),
        _chart(recap),
        *_survey_section(recap),
    ]
    footer = _footer(recap)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
