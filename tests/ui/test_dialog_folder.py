"""File dialogs open on the USB stick (or the home folder), never in the working directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from ui.dialog_folder import removable_drives, start_folder


def test_the_first_mounted_stick_is_offered(tmp_path: Path) -> None:
    media, run_media = tmp_path / "media", tmp_path / "run-media"
    (media / "tim1" / "KINGSTON").mkdir(parents=True)
    (media / "tim1" / "BACKUP").mkdir()
    (run_media / "tim1" / "SANDISK").mkdir(parents=True)
    (media / "other" / "THEIRS").mkdir(parents=True)
    roots = (media, run_media)
    assert removable_drives("tim1", roots) == [
        media / "tim1" / "BACKUP",
        media / "tim1" / "KINGSTON",
        run_media / "tim1" / "SANDISK",
    ]
    assert start_folder("tim1", roots) == str(media / "tim1" / "BACKUP")


def test_without_a_stick_the_home_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    assert start_folder("tim1", (tmp_path / "media",)) == str(home)
