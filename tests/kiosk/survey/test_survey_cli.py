"""`kiosk survey add|report` on a real data dir; responses are anonymous."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from ui.cli.main import main


def _report(data_dir: Path, period: str, capsys: pytest.CaptureFixture[str]) -> dict:
    capsys.readouterr()
    assert (
        main(["survey", "report", "--period", period, "--json", "--data-dir", str(data_dir)]) == 0
    )
    return json.loads(capsys.readouterr().out)


def test_add_then_report(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for scores in ("4,3,4,4,3,4,4,3,4", "3,3,3,3,3,3,3,3,3"):
        args = ["survey", "add", "--scores", scores, "--date", "2026-11-20"]
        assert main([*args, "--data-dir", str(data_dir)]) == 0
    assert (
        main(
            [
                "survey",
                "add",
                "--scores",
                "1,1,1,1,1,1,1,1,1",
                "--date",
                "2026-12-01",
                "--data-dir",
                str(data_dir),
            ]
        )
        == 0
    )
    report = _report(data_dir, "2026-11", capsys)
    assert report["respondents"] == 2
    assert report["elements"] == [3.5, 3.0, 3.5, 3.5, 3.0, 3.5, 3.5, 3.0, 3.5]
    # (3.5 x 6 + 3.0 x 3) / 9 x 25 = 83.33
    assert report["ikm"] == 83.33
    assert report["grade"] == "B"


def test_an_empty_month_says_no_data(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = _report(data_dir, "2026-10", capsys)
    assert report["ikm"] is None
    assert report["respondents"] == 0
    assert main(["survey", "report", "--period", "2026-10", "--data-dir", str(data_dir)]) == 0
    assert "Belum ada data survei" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args",
    [
        ["survey", "add", "--scores", "4,3,4"],
        ["survey", "add", "--scores", "4,3,4,4,3,4,4,3,9"],
        ["survey", "add", "--scores", "4,3,4,4,3,4,4,3,4", "--date", "kemarin"],
        ["survey", "report", "--period", "2026-13"],
        ["survey", "report", "--period", "November"],
    ],
)
def test_bad_input_is_refused_clearly(
    data_dir: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    assert main([*args, "--data-dir", str(data_dir)]) == 2
    err = capsys.readouterr().err
    assert "Ditolak:" in err
    assert "Refused:" in err


def test_a_response_holds_nothing_that_links_it_to_a_person(data_dir: Path) -> None:
    assert (
        main(
            [
                "survey",
                "add",
                "--scores",
                "4,4,4,4,4,4,4,4,4",
                "--sex",
                "P",
                "--data-dir",
                str(data_dir),
            ]
        )
        == 0
    )
    with sqlite3.connect(data_dir / "kiosk.sqlite3") as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(skm_responses)")]
        (answered_on,) = db.execute("SELECT answered_on FROM skm_responses").fetchone()
    assert not {"nik", "name", "application_id", "application_pk", "operator"} & set(columns)
    assert not any("time" in c or c.endswith("_at") for c in columns)
    assert len(answered_on) == 10  # a day, never a time of day
