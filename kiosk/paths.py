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
