from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.helpers.processes import kiosk


def test_operator_add_then_audit_verify_then_tamper(tmp_path: Path) -> None:
    data_dir = str(tmp_path / "d")
    added = kiosk(
        "operator",
        "add",
        "siti",
        "--name",
        "Siti",
        "--role",
        "supervisor",
        "--password-stdin",
        "--data-dir",
        data_dir,
        stdin="rahasia-123\n",
    )
    assert added.returncode == 0, added.stderr
    ok = kiosk("audit", "verify", "--data-dir", data_dir, "--json")
    assert ok.returncode == 0
    assert json.loads(ok.stdout) == {"ok": True, "entries": 1, "first_bad_seq": None, "problem": ""}
    with sqlite3.connect(Path(data_dir) / "kiosk.sqlite3") as conn:
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("UPDATE audit_log SET operator = 'mallory'")
    bad = kiosk("audit", "verify", "--data-dir", data_dir)
    assert bad.returncode == 1
    assert "RUSAK" in bad.stdout
