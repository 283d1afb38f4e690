"""The receipt (tanda terima) handed to the citizen after submitting: A4 or 80 mm roll PDF."""

from kiosk.receipts.data import ReceiptData, receipt_data
from kiosk.receipts.issue import ReceiptNotFound, find_version, load_receipt, record_receipt_printed
from kiosk.receipts.render import LAYOUTS, Layout, render_receipt

__all__ = [
    "LAYOUTS",
    "Layout",
    "ReceiptData",
    "ReceiptNotFound",
    "find_version",
    "load_receipt",
    "receipt_data",
    "record_receipt_printed",
    "render_receipt",
]
