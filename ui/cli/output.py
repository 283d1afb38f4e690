"""Printing results for people (Indonesian first) or for scripts (--json)."""

from __future__ import annotations

import json
import sys
from typing import Any

from kiosk.errors import KioskError


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def print_error(error: KioskError, *, as_json: bool) -> None:
    if as_json:
        print_json({"ok": False, "error": error.as_dict()})
    sys.stderr.write(f"Kesalahan: {error.message_id}\nError: {error.message_en}\n")
