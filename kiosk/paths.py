"""Where a kiosk keeps its files: `--data-dir`, else $KIOSK_DATA_DIR, else the user data dir."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "kelurahan-kiosk"


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    chosen = explicit or os.environ.get("KIOSK_DATA_DIR")
    path = Path(chosen) if chosen else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path.resolve()


def releases_dir_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Where downloaded versions of the app are staged: beside the data dir, never in it, so
    an update cannot touch citizen data (the launcher reads the same place, without creating
    it)."""
    chosen = explicit or os.environ.get("KIOSK_RELEASES_DIR")
    default = Path(platformdirs.user_data_dir(f"{APP_NAME}-releases", appauthor=False))
    return Path(chosen) if chosen else default


def resolve_releases_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The releases folder (`releases_dir_path`), created if need be."""
    path = releases_dir_path(explicit)
    path.mkdir(parents=True, exist_ok=True)
    return path.resolve()
