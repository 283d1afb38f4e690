"""`kiosk run`: opens the desktop app (also the default when `kiosk` is called with no command)."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    run = subparsers.add_parser("run", parents=[common], help="buka aplikasi / open the app")
    run.add_argument("--profile", choices=["counter", "selfservice", "field"])
    run.add_argument(
        "--demo", action="store_true", help="perangkat contoh dan data contoh / sample devices"
    )
    run.add_argument(
        "--quit-after", type=float, metavar="SECONDS", help="close after N seconds (smoke tests)"
    )
    run.add_argument(
        "--smoke-test",
        action="store_true",
        help="tulis layar pertama lalu keluar / print the first screen (READY signin) and quit",
    )
    run.set_defaults(handler=run_app)


def run_app(args: argparse.Namespace) -> int:
    from ui.shell import launch

    return launch(args)
