"""Daily and monthly recaps (rekap harian/bulanan) of applications, as CSV and PDF."""

from kiosk.reports.export import EXPORT_FORMATS, ExportFormat, export_recap, recap_csv, render_recap
from kiosk.reports.pdf import recap_pdf
from kiosk.reports.period import Period, PeriodInvalid, parse_day, parse_month
from kiosk.reports.recap import RECAP_STATUSES, Recap, ServiceCounts, build_recap, status_label

__all__ = [
    "EXPORT_FORMATS",
    "RECAP_STATUSES",
    "ExportFormat",
    "Period",
    "PeriodInvalid",
    "Recap",
    "ServiceCounts",
    "build_recap",
    "export_recap",
    "parse_day",
    "parse_month",
    "recap_csv",
    "recap_pdf",
    "render_recap",
    "status_label",
]
