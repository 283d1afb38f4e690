"""`--profile` is for one run; `kiosk settings set` is how a setting is changed for good."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers.processes import kiosk


def _first_screen(data_dir: Path, *flags: str) -> str:
    done = kiosk("run", *flags, "--smoke-test", "--data-dir", str(data_dir), timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_one_off_profile_flag_changes_no_saved_setting(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    assert _first_screen(data_dir) == "READY signin\n"
    saved = (
        (data_dir / "settings.json").read_bytes() if (data_dir / "settings.json").exists() else b""
    )
    assert _first_screen(data_dir, "--profile", "selfservice") == "READY start\n"
    # The next plain run is the counter app again, and nothing was written.
    assert _first_screen(data_dir) == "READY signin\n"
    now = (
        (data_dir / "settings.json").read_bytes() if (data_dir / "settings.json").exists() else b""
    )
    assert now == saved


def test_settings_set_changes_the_profile_for_every_later_run(tmp_path: Path) -> None:
    data_dir = str(tmp_path / "data")
    done = kiosk("settings", "set", "profile", "selfservice", "--data-dir", data_dir)
    assert (done.returncode, done.stderr) == (0, "")
    assert "selfservice" in done.stdout
    assert _first_screen(tmp_path / "data") == "READY start\n"
    # A one-off flag still wins for its run without undoing the saved choice.
    assert _first_screen(tmp_path / "data", "--profile", "counter") == "READY signin\n"
    shown = kiosk("settings", "show", "--json", "--data-dir", data_dir)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["profile"] == "selfservice"


def test_settings_set_refuses_unknown_names_and_bad_values(tmp_path: Path) -> None:
    data_dir = str(tmp_path / "data")
    unknown = kiosk("settings", "set", "colour", "red", "--data-dir", data_dir)
    assert unknown.returncode == 2
    assert "colour" in unknown.stderr
    assert "office_name" in unknown.stderr  # says which names exist
    for name, value in [("profile", "kiosk"), ("retention_days", "-1"), ("language", "fr")]:
        bad = kiosk("settings", "set", name, value, "--data-dir", data_dir)
        assert bad.returncode == 1, (name, bad.stderr)
        assert "Traceback" not in bad.stderr
        assert name in bad.stderr
    assert not (tmp_path / "data" / "settings.json").exists()  # nothing half-written
    office = kiosk("settings", "set", "office_name", "Kelurahan Gambir", "--data-dir", data_dir)
    assert office.returncode == 0, office.stderr
    shown = json.loads(kiosk("settings", "show", "--json", "--data-dir", data_dir).stdout)
    assert (shown["office_name"], shown["retention_days"]) == ("Kelurahan Gambir", 30)
