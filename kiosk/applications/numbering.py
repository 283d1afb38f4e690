"""Human application numbers printed on the receipt and encoded in its QR code.

Format `YYMMDD-DDDD-NNNN`: the local date, the device's 4-character code (so kiosks of one office
never collide while offline) and a per-device, per-day sequence. Short enough to read aloud to
an elderly citizen on the phone; no letters that look like digits (no I, O, 0, 1 in device codes).
"""

from __future__ import annotations

import re
import secrets
from datetime import date

from kiosk.store.machine_state import DEVICE_CODE, MachineState

DEVICE_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
NUMBER_PATTERN = re.compile(r"^\d{6}-[A-HJ-NP-Z2-9]{4}-\d{4,6}$")


def new_device_code() -> str:
    return "".join(secrets.choice(DEVICE_CODE_ALPHABET) for _ in range(4))


def device_code(state: MachineState) -> str:
    """This device's code: made on first use, never changed after."""
    return state.setdefault(DEVICE_CODE, new_device_code)


def format_number(day: date, device_code: str, sequence: int) -> str:
    return f"{day:%y%m%d}-{device_code}-{sequence:04d}"


def is_application_number(text: str) -> bool:
    return NUMBER_PATTERN.match(text.strip().upper()) is not None
