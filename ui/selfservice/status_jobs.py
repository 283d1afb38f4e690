"""The status screen's work off the main thread: the lookup (audited), watching the camera
for a receipt's QR, asking the server for fresher news, and rendering the pickup coupon.
Each runs in the task pool (ui/tasks.py) and touches no widget."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtGui import QImage

from devices.barcodes import PyzbarReader, watch_for_code
from kiosk.applications.status_lookup import (
    RECEIPT_NUMBER,
    StatusAnswer,
    StatusCheckPaused,
    StatusLookup,
)
from kiosk.local_store import Store
from kiosk.receipts.coupon import PickupCoupon, render_pickup_coupon
from kiosk.receipts.data import DEFAULT_PICKUP, find_service
from ui.context import AppContext
from ui.screens.wizard.printing import print_images
from ui.selfservice import SELF_SERVICE

SCAN_SECONDS = 30.0


def check_and_record(
    store: Store, lookup: StatusLookup, digits: str, tail: str, code: str = ""
) -> Any:
    """In a worker: the lookup (by the QR's code when there is one, else by the typed digits),
    and an audit entry for every status shown."""
    try:
        answer = lookup.check_receipt_code(code, tail) if code else lookup.check(digits, tail)
    except StatusCheckPaused as paused:
        return paused
    if answer is not None:
        store.audit.record("status_checked", operator=SELF_SERVICE.username, number=answer.number)
    return answer


def scan_receipt(camera: Any, stop: threading.Event) -> str | None:
    """In a worker: the application number from a receipt's QR held to the camera, or None."""
    reader = PyzbarReader()
    return watch_for_code(
        camera, reader, lambda text: bool(RECEIPT_NUMBER.match(text)), stop, SCAN_SECONDS
    )


def ask_server(context: AppContext, lookup: StatusLookup, answer: StatusAnswer) -> StatusAnswer:
    """In a worker: one sync pass (it pulls the status feed), then the answer read again.
    Offline, or with a pass already under way, the local answer stands as it is."""
    report = context.sync.engine.run_once()
    if report.offline:
        return answer
    return lookup.current(answer)


def pickup_place(context: AppContext) -> tuple[str, str]:
    office = context.settings.office_name.strip()
    return (office, office) if office else (DEFAULT_PICKUP.id, DEFAULT_PICKUP.en)


def coupon_pages(store: Store, answer: StatusAnswer, place: str) -> list[QImage]:
    """In a worker: the pickup coupon, rendered and rasterised for the roll printer."""
    service = find_service(store.catalog, answer.service)
    coupon = PickupCoupon(
        number=answer.number,
        service=service.name.id if service is not None else answer.service,
        nik_masked=answer.nik_masked,
        place=place,
        ready_since=answer.since.astimezone() if answer.since else None,
    )
    return print_images(render_pickup_coupon(coupon))
