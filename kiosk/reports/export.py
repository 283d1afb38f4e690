"""Recap exports: CSV for Excel and the district's spreadsheets, PDF for the notice board.

The CSV is UTF-8 with a byte-order mark (without it Excel reads UTF-8 as ANSI) and separated
by semicolons: Excel under the Indonesian regional setting uses ';' as its list separator
(the decimal separator is ','), so a comma-separated file opens as one column there.
Every export is recorded in the audit log by the operator who made it.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Literal

from kiosk.reports.pdf import recap_pdf
from kiosk.reports.recap import Recap, status_label
from kiosk.survey.ikm import ELEMENTS

if TYPE_CHECKING:
    from kiosk.local_store import Store

ExportFormat = Literal["csv", "pdf"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("csv", "pdf")
CSV_DELIMITER = ";"
TOTAL_LABEL = "Jumlah"


def csv_header(recap: Recap) -> list[str]:
    labels = [status_label(s).id for s in recap.statuses]
    return ["Kantor", "Periode", "Kode layanan", "Layanan", *labels, TOTAL_LABEL]


def recap_csv(recap: Recap, *, delimiter: str = CSV_DELIMITER) -> bytes:
    """One row per service plus a total row; the first cells say whose and which period."""
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter)
    writer.writerow(csv_header(recap))
    who = [recap.office_name, recap.period.code]
    for row in recap.services:
        counts = [row.counts.get(s, 0) for s in recap.statuses]
        writer.writerow([*who, row.code, row.name.id, *counts, row.total])
    totals = recap.status_totals
    writer.writerow([*who, "", TOTAL_LABEL, *(totals[s] for s in recap.statuses), recap.total])
    if recap.survey is not None:
        # The satisfaction index below the counts: a blank line, then its own small table.
        writer.writerow([])
        writer.writerow(["Kantor", "Periode", "Unsur SKM", "Nilai rata-rata"])
        data = recap.survey.as_dict()
        for (_code, name_id, _en), average in zip(ELEMENTS, data["elements"], strict=False):
            writer.writerow([*who, name_id, f"{average:.2f}"])
        ikm = "belum ada data" if data["ikm"] is None else f"{data['ikm']:.2f} ({data['grade']})"
        writer.writerow([*who, "IKM", ikm])
        writer.writerow([*who, "Responden", data["respondents"]])
    return text.getvalue().encode("utf-8-sig")


def render_recap(recap: Recap, fmt: ExportFormat) -> bytes:
    if fmt == "csv":
        return recap_csv(recap)
    if fmt == "pdf":
        return recap_pdf(recap)
    raise ValueError(f"unknown recap format {fmt!r}; use one of {EXPORT_FORMATS}")


def export_recap(
    store: Store, recap: Recap, fmt: ExportFormat, *, operator: str, destination: str = ""
) -> bytes:
    """The recap as `fmt`, recorded as an "export" by `operator` once it is rendered."""
    data = render_recap(recap, fmt)
    detail = f"rekap {recap.period.code} {fmt}" + (f" -> {destination}" if destination else "")
    store.audit.record("export", operator=operator, detail=detail)
    return data
