from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.helpers.processes import ENV, ROOT, kiosk


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


def _kiosk_without_terminal(
    *args: str, stdin: str | None, closed_stdin: bool = False
) -> subprocess.CompletedProcess[str]:
    """Runs `kiosk` in a new session (so no controlling terminal, /dev/tty cannot be opened)
    with its standard input a pipe, or closed altogether as under a service manager."""
    return subprocess.run(
        [sys.executable, "-m", "ui.cli.main", *args],
        input=None if closed_stdin else (stdin or ""),
        stdin=subprocess.DEVNULL if closed_stdin else None,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=ENV,
        timeout=120,
        start_new_session=True,
        # A closed descriptor 0 rather than /dev/null: sys.stdin is then None.
        preexec_fn=(lambda: os.close(0)) if closed_stdin else None,
    )


def _add(data_dir: str, username: str, *extra: str) -> list[str]:
    return ["operator", "add", username, "--name", username.title(), "--data-dir", data_dir, *extra]


def test_operator_add_without_terminal_never_shows_a_traceback(tmp_path: Path) -> None:
    data_dir = str(tmp_path / "d")
    first = _kiosk_without_terminal(
        *_add(data_dir, "siti", "--role", "supervisor", "--password-stdin"), stdin="rahasia-123\n"
    )
    assert first.returncode == 0, first.stderr

    # The approving supervisor's password is the second line of stdin.
    by = _kiosk_without_terminal(
        *_add(data_dir, "budi", "--password-stdin", "--by", "siti"),
        stdin="rahasia-456\nrahasia-123\n",
    )
    assert (by.returncode, by.stderr) == (0, "")
    assert "budi" in by.stdout

    outcomes = {
        "closed stdin": _kiosk_without_terminal(
            *_add(data_dir, "ani", "--password-stdin"), stdin=None, closed_stdin=True
        ),
        "empty stdin": _kiosk_without_terminal(
            *_add(data_dir, "ani", "--password-stdin"), stdin=""
        ),
        "no supervisor line": _kiosk_without_terminal(
            *_add(data_dir, "ani", "--password-stdin", "--by", "siti"), stdin="rahasia-789\n"
        ),
        "no flag": _kiosk_without_terminal(*_add(data_dir, "ani"), stdin="rahasia-789\n"),
    }
    for case, done in outcomes.items():
        assert "Traceback" not in done.stderr, case
        assert done.returncode == 2, (case, done.stderr)
        assert "--password-stdin" in done.stderr, case
        assert "/" in done.stderr, case  # Indonesian / English
    listed = _kiosk_without_terminal("audit", "list", "--data-dir", data_dir, "--json", stdin="")
    entries = json.loads(listed.stdout)
    created = [e["detail"].split()[0] for e in entries if e["action"] == "operator_created"]
    assert sorted(created) == ["budi", "siti"]
