"""Issue 3 acceptance across the real commands: the QR on the kiosk's own receipt, rendered at
150 dpi, reads back as the application number."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.local_store import Store
from tests.helpers.applications import ktp_el_hilang
from tests.helpers.operators import PASSWORD, add_operator
from tests.helpers.processes import kiosk


@pytest.mark.parametrize("layout", ["a4", "80mm"])
def test_receipt_qr_decodes_to_the_application_number(tmp_path: Path, layout: str) -> None:
    data_dir = tmp_path / "data"
    store = Store.open(data_dir)
    number = store.submission.submit(ktp_el_hilang(1)).number
    store.close()
    add_operator(data_dir, "petugas1")
    pdf = tmp_path / "receipt.pdf"
    made = kiosk(
        "receipt",
        number,
        "--data-dir",
        str(data_dir),
        "--out",
        str(pdf),
        "--layout",
        layout,
        "--operator",
        "petugas1",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert made.returncode == 0, made.stderr
    scanned = kiosk("scan-code", str(pdf), "--json")
    assert scanned.returncode == 0, scanned.stderr
    codes = json.loads(scanned.stdout)
    assert [c["data"] for c in codes] == [number]
    assert codes[0]["type"] == "QRCODE"
