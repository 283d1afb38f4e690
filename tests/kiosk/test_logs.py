from __future__ import annotations

import io
import json
import logging

import pytest

from kiosk.logs import JsonFormatter, MaskPersonalData
from kiosk.masking import mask_name, mask_nik, mask_numbers_in_text


def test_masking_helpers() -> None:
    assert mask_nik("3171015708900001") == "3171********0001"
    assert mask_name("SITI AMINAH") == "S*** A*****"
    assert mask_numbers_in_text("nik=3171015708900001 kk 3171010101100002, n=12") == (
        "nik=3171********0001 kk 3171********0002, n=12"
    )


@pytest.mark.parametrize("json_lines", [True, False])
def test_handlers_never_write_a_full_nik(json_lines: bool, expected_warnings: set[str]) -> None:
    expected_warnings.add("kiosk.test-masking")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(MaskPersonalData())
    if json_lines:
        handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("kiosk.test-masking")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.error("lookup failed for %s", "3171015708900001")
    finally:
        logger.removeHandler(handler)
    text = stream.getvalue()
    assert "3171015708900001" not in text
    assert "3171********0001" in text
    if json_lines:
        entry = json.loads(text)
        assert entry["logger"] == "kiosk.test-masking"
        assert entry["level"] == "ERROR"
