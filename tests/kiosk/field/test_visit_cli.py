"""`kiosk visits import|list|mark` on a real data dir, each signing a named operator in."""

from __future__ import annotations

import io
import json
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from kiosk.local_store import Store
from tests.helpers.operators import PASSWORD, add_operator, signed_in
from ui.cli.main import main as cli_main


@pytest.fixture
def tim1(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """`tim1` exists; every command reads its password from stdin."""
    add_operator(data_dir, "tim1")
    monkeypatch.setattr(sys, "stdin", io.StringIO((PASSWORD + "\n") * 50))
    return "tim1"


def main(argv: list[str]) -> int:
    return cli_main([*argv, *signed_in("tim1")])


GOOD = (
    "nama,keluarga,alamat,rt,rw,kode_wilayah,kategori,tanggal,catatan\n"
    "Siti Aminah,,Jl. Kenanga 5,3,7,35.78.01.1001,lansia,2026-12-24,pakai kursi roda\n"
    ",Kel. Budi,Jl. Mawar 2,1,2,35.78.01.1001,sakit/terbaring,2026-12-26,\n"
)


@pytest.fixture
def good_file(tmp_path: Path) -> Path:
    path = tmp_path / "visits.csv"
    path.write_text(GOOD, encoding="utf-8")
    return path


def _first_imported(data_dir: Path, good_file: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """GOOD imported: the id of its first visit (Siti Aminah, planned for 2026-12-24)."""
    assert main(["visits", "import", str(good_file), "--data-dir", str(data_dir)]) == 0
    return str(_listed(data_dir, capsys)[0]["id"])


def _listed(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> list[dict]:
    capsys.readouterr()
    assert main(["visits", "list", "--json", "--data-dir", str(data_dir)]) == 0
    return json.loads(capsys.readouterr().out)


def test_import_list_and_mark(
    data_dir: Path, tim1: str, good_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["visits", "import", str(good_file), "--data-dir", str(data_dir)]) == 0
    assert "2 kunjungan diimpor / visits imported" in capsys.readouterr().out

    visits = _listed(data_dir, capsys)
    assert [(v["name"], v["household"], v["category"], v["state"]) for v in visits] == [
        ("Siti Aminah", "", "lansia", "planned"),
        ("", "Kel. Budi", "sakit", "planned"),
    ]
    assert visits[0]["address"]["kode_wilayah"] == "35.78.01.1001"

    first, second = visits[0]["id"], visits[1]["id"]
    assert main(["visits", "mark", first, "done", "--data-dir", str(data_dir)]) == 0
    args = ["visits", "mark", second, "postponed", "--date", "2027-01-04"]
    assert main([*args, "--data-dir", str(data_dir)]) == 0
    states = {v["id"]: (v["state"], v["planned_on"]) for v in _listed(data_dir, capsys)}
    assert states == {first: ("done", "2026-12-24"), second: ("postponed", "2027-01-04")}

    assert main(["visits", "list", "--data-dir", str(data_dir)]) == 0
    text = capsys.readouterr().out
    assert "Siti Aminah" in text
    assert "Lansia" in text
    assert "RT 003/RW 007" in text


def test_a_bad_file_reports_each_row_and_imports_nothing(
    data_dir: Path, tim1: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "visits.csv"
    path.write_text(GOOD + "Ani,,Jl. Mawar 4,3,7,35.78.01.1001,pasar,2026-12-24,\n", "utf-8")
    assert main(["visits", "import", str(path), "--data-dir", str(data_dir)]) == 2
    err = capsys.readouterr().err
    assert "Ditolak: 1 baris salah; tidak ada yang diimpor" in err
    assert "Refused: 1 bad rows; nothing was imported" in err
    assert "baris / row 4, kolom / column kategori: Kategori tidak dikenal" in err
    assert _listed(data_dir, capsys) == []

    assert main(["visits", "import", str(path), "--json", "--data-dir", str(data_dir)]) == 2
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is False
    assert [(r["row"], r["column"]) for r in out["rows"]] == [(4, "kategori")]


def test_marking_an_unknown_visit_is_a_clear_error(
    data_dir: Path, tim1: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["visits", "mark", "nope", "done", "--data-dir", str(data_dir)]) == 1
    assert "Kunjungan nope tidak ada di daftar" in capsys.readouterr().err
    args = ["visits", "mark", "nope", "postponed", "--date", "besok"]
    assert main([*args, "--data-dir", str(data_dir)]) == 2


def test_a_day_in_the_past_is_refused_and_nothing_changes(
    data_dir: Path, tim1: str, good_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = _first_imported(data_dir, good_file, capsys)
    capsys.readouterr()
    args = ["visits", "mark", first, "postponed", "--date", "2020-01-01"]
    assert main([*args, "--data-dir", str(data_dir)]) == 2
    assert "tidak boleh sebelum hari ini" in capsys.readouterr().err
    listed = _listed(data_dir, capsys)[0]
    assert (listed["state"], listed["planned_on"]) == ("planned", "2026-12-24")


def test_without_an_operator_nothing_is_read_or_imported(
    data_dir: Path,
    tim1: str,
    good_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert cli_main(["visits", "import", str(good_file), "--data-dir", str(data_dir)]) == 1
    assert "sebutkan petugas dengan --operator USER" in capsys.readouterr().err
    assert cli_main(["visits", "list", "--data-dir", str(data_dir)]) == 1
    wrong = ["visits", "list", "--data-dir", str(data_dir), "--operator", tim1]
    monkeypatch.setattr(sys, "stdin", io.StringIO("salah-sandi\n"))
    assert cli_main([*wrong, "--password-stdin"]) == 1
    assert "Wrong username or password" in capsys.readouterr().err
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    assert _listed(data_dir, capsys) == []


def test_import_and_mark_are_audited_under_the_operator(
    data_dir: Path, tim1: str, good_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = _first_imported(data_dir, good_file, capsys)
    assert main(["visits", "mark", first, "not_home", "--data-dir", str(data_dir)]) == 0
    store = Store.open(data_dir)
    entries = [e for e in store.audit.entries() if e["action"].startswith("visit_")]
    store.close()
    assert [(e["action"], e["operator"], e["detail"]) for e in reversed(entries)] == [
        ("visit_import", tim1, "2 visits"),
        ("visit_mark", tim1, f"visit {first}: not_home"),
    ]


def _add_args(data_dir: Path, **changes: str) -> list[str]:
    """`visits add` for Mbah Sarinah a week from today, with `changes` to some options."""
    options = {
        "--name": "Mbah Sarinah",
        "--address": "Gang Mawar 3",
        "--rt": "2",
        "--rw": "5",
        "--kelurahan": "35.78.01.1001",
        "--category": "lansia",
        "--date": (date.today() + timedelta(days=7)).isoformat(),
        "--notes": "pakai kursi roda",
        **{f"--{name}": value for name, value in changes.items()},
    }
    args = ["visits", "add", "--data-dir", str(data_dir)]
    for option, value in options.items():
        args += [option, value]
    return args


def test_a_visit_planned_by_hand_is_listed_and_audited(
    data_dir: Path, tim1: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*_add_args(data_dir, category="Sakit/terbaring"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is True
    [visit] = _listed(data_dir, capsys)
    assert visit["id"] == out["id"]
    assert (visit["name"], visit["category"], visit["state"], visit["notes"]) == (
        "Mbah Sarinah",
        "sakit",
        "planned",
        "pakai kursi roda",
    )
    assert visit["address"] == {
        "alamat": "Gang Mawar 3",
        "rt": "002",
        "rw": "005",
        "kode_wilayah": "35.78.01.1001",
    }
    assert visit["planned_on"] == (date.today() + timedelta(days=7)).isoformat()
    assert main(_add_args(data_dir, household="Keluarga Darmo", name="")) == 0
    assert "Kunjungan direncanakan / visit planned: " in capsys.readouterr().out
    store = Store.open(data_dir)
    entries = [e for e in store.audit.entries() if e["action"] == "visit_add"]
    store.close()
    assert [(e["operator"], e["detail"]) for e in reversed(entries)] == [
        (tim1, f"visit {visit['id']}"),
        (tim1, f"visit {_listed(data_dir, capsys)[1]['id']}"),
    ]
    assert "Sarinah" not in repr(entries)


@pytest.mark.parametrize(
    ("changes", "option", "message"),
    [
        ({"rt": "12a"}, "--rt", "RT"),
        ({"rw": "1234"}, "--rw", "RW"),
        ({"kelurahan": "99.99.99.9999"}, "--kelurahan", "tidak ada di data wilayah"),
        ({"category": "pasar"}, "--category", "Kategori tidak dikenal"),
        ({"date": "besok"}, "--date", "Tanggal tidak terbaca"),
        ({"date": "2020-01-01"}, "--date", "tidak boleh sebelum hari ini"),
        ({"name": " "}, "--name", "Nama atau keluarga"),
        ({"address": ""}, "--address", "Alamat"),
    ],
)
def test_a_bad_option_is_named_and_nothing_is_stored(
    data_dir: Path,
    tim1: str,
    capsys: pytest.CaptureFixture[str],
    changes: dict[str, str],
    option: str,
    message: str,
) -> None:
    assert main(_add_args(data_dir, **changes)) == 2
    err = capsys.readouterr().err
    assert f"Ditolak ({option}): " in err
    assert message in err
    assert f"Refused ({option}): " in err
    assert main([*_add_args(data_dir, **changes), "--json"]) == 2
    assert json.loads(capsys.readouterr().out)["error"]["option"] == option
    assert _listed(data_dir, capsys) == []
    store = Store.open(data_dir)
    assert [e for e in store.audit.entries() if e["action"] == "visit_add"] == []
    store.close()
