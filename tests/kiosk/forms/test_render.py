from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import cv2
import numpy as np

from kiosk.catalog import load_catalog
from kiosk.forms import FormContext, form_document_code, render_form


def signature_png() -> bytes:
    image = np.full((120, 360), 255, np.uint8)
    cv2.polylines(image, [np.array([[20, 90], [120, 30], [200, 95], [330, 25]])], False, 0, 4)
    return cv2.imencode(".png", image)[1].tobytes()


def context(**overrides: object) -> FormContext:
    values: dict[str, object] = {
        "form_code": "F-1.02",
        "service_code": "ktp-el-hilang",
        "application_id": "0b9c7c1e-0000-4000-8000-000000000001",
        "number": "261122-ABCD-0001",
        "applicant": {
            "nik": "3171015708900001",
            "name": "SITI AMINAH",
            "no_kk": "3171010101100002",
            "birth_date": "1990-08-17",
            "sex": "P",
            "phone": "+6281234567890",
        },
        "documents": ["kk", "surat-kehilangan"],
        "signed_on": date(2026, 11, 22),
        "signature_image": signature_png(),
    }
    values.update(overrides)
    return FormContext(**values)  # type: ignore[arg-type]


def test_f102_carries_the_data_typed_at_the_counter(tmp_path: Path) -> None:
    pdf = render_form(load_catalog(), context())
    path = tmp_path / "f102.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    for expected in (
        "FORMULIR F-1.02",
        "3171015708900001",
        "SITI AMINAH",
        "3171010101100002",
        "17-08-1990",
        "Perempuan",
        "KTP-el hilang",
        "261122-ABCD-0001",
        "Surat keterangan kehilangan dari kepolisian",
        "22-11-2026",
    ):
        assert expected in text


def test_rendering_is_deterministic_and_survives_a_broken_signature() -> None:
    catalog = load_catalog()
    assert render_form(catalog, context()) == render_form(catalog, context())
    broken = render_form(catalog, context(signature_image=b"\x89PNG broken"))
    assert broken.startswith(b"%PDF-")


def test_form_document_codes_fit_the_attachment_code_pattern() -> None:
    assert form_document_code("F-2.01") == "f-2.01"
