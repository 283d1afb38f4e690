"""`kiosk bundle export` with nothing waiting: it says so and writes no file (the team would
otherwise carry an empty stick to the office)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.local_store import Store
from ui.cli.main import main


@pytest.mark.parametrize("as_json", [False, True])
def test_nothing_waiting_writes_no_bundle(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], as_json: bool
) -> None:
    Store.open(data_dir).close()
    out = tmp_path / "usb" / "bundel.bundle"
    out.parent.mkdir()
    argv = ["bundle", "export", "--data-dir", str(data_dir), "--out", str(out)]
    assert main([*argv, "--json"] if as_json else argv) == 0
    printed = capsys.readouterr().out
    if as_json:
        assert json.loads(printed) == {"ok": True, "file": None, "applications": 0}
    else:
        assert printed == (
            "Tidak ada permohonan yang perlu dibawa / nothing to carry: "
            "tidak ada berkas yang ditulis / no file was written\n"
        )
    assert list(out.parent.iterdir()) == []
