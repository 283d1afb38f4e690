"""Every quality finding the kiosk can send has a name for the verifier, in one place.

The kiosk's checks (devices/), its capture (ui/) and its domain (kiosk/) emit finding codes;
the back office names them from sync.protocol.QUALITY_CHECKS. A new code without a name there
fails here, read from the source (every `issue("...")` and `QualityIssue("...", ...)`), so
the verifier never sees a bare code.
"""

from __future__ import annotations

import ast
from pathlib import Path

from devices.quality import ISSUE_CODES
from kiosk.sealing import CORNER_CHOICES
from server.backoffice import names
from sync.protocol import QUALITY_CHECKS, corner_check

ROOT = Path(__file__).resolve().parents[2]
EMITTERS = ("devices", "kiosk", "ui")
"""Where the kiosk's findings are made."""


def emitted_codes() -> set[str]:
    """The first argument of every `issue("code")` / `QualityIssue("code", ...)` call."""
    found = set()
    for package in EMITTERS:
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                first = node.args[0]
                if name in ("issue", "QualityIssue") and isinstance(first, ast.Constant):
                    found.add(str(first.value))
    return found


def test_the_source_scan_finds_the_kiosks_findings() -> None:
    """The scan itself works: it sees codes made in each of devices/ and ui/."""
    codes = emitted_codes()
    assert {"glare", "blurry", "document_cut_off", "face_covered"} <= codes
    assert {"wrong_title", "same_image"} <= codes  # devices/document_titles.py, ui/viewmodels


def test_every_code_the_kiosk_can_emit_has_a_name() -> None:
    missing = (emitted_codes() | set(ISSUE_CODES)) - set(QUALITY_CHECKS)
    assert not missing, f"name these in sync/protocol/applications.py QUALITY_CHECKS: {missing}"


def test_every_way_corners_are_set_has_a_name() -> None:
    for choice in CORNER_CHOICES:
        assert corner_check(choice) in QUALITY_CHECKS, choice


def test_no_name_is_left_for_a_code_nobody_emits() -> None:
    known = set(ISSUE_CODES) | {corner_check(choice) for choice in CORNER_CHOICES}
    assert set(QUALITY_CHECKS) <= known, set(QUALITY_CHECKS) - known


def test_names_are_indonesian_first_with_english_beside() -> None:
    for code, label in QUALITY_CHECKS.items():
        assert label.label_id, code
        assert label.label_en, code
        assert label.label_id != code, code  # a name, not the code again


def test_the_back_office_names_findings_from_the_protocol() -> None:
    assert names.quality("face_covered") == tuple(QUALITY_CHECKS["face_covered"])
    assert names.quality("same_image") == tuple(QUALITY_CHECKS["same_image"])
    assert names.corners("adjusted") == tuple(QUALITY_CHECKS[corner_check("adjusted")])
    assert names.quality("not_a_code") == ("not_a_code", "not_a_code")
