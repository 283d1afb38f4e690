"""`kiosk about`: the version, the update state and the district configuration in use."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    about = subparsers.add_parser(
        "about",
        parents=[common],
        help="versi, pembaruan, konfigurasi kabupaten / version, updates, district configuration",
    )
    about.add_argument("--json", action="store_true")
    about.set_defaults(handler=run_about)


def run_about(args: argparse.Namespace) -> int:
    from kiosk.errors import KioskError
    from kiosk.local_store import Store
    from kiosk.paths import resolve_data_dir, resolve_releases_dir
    from kiosk.updates import Releases
    from sync.distribution import running_version
    from ui.cli.output import print_error, print_json
    from ui.viewmodels.about import about_info

    try:
        store = Store.open(resolve_data_dir(args.data_dir))
    except KioskError as exc:
        print_error(exc, as_json=args.json)
        return 1
    try:
        info = about_info(store, Releases(resolve_releases_dir(), running_version()))
    finally:
        store.close()
    if args.json:
        print_json(info)
        return 0
    update, config = info["update"], info["config"]
    lines = [
        f"Versi / version: {info['version']} (kanal/channel {update['channel']})",
        f"Pembaruan siap / update staged: {update['pending'] or '-'}",
        f"Versi sebelumnya / previous: {update['previous'] or '-'}",
        f"Konfigurasi kabupaten / district configuration: versi {config['version'] or '-'}",
    ]
    for problem in (update["problem"], config["problem"]):
        if problem:
            lines.append(f"Ditolak / refused: {problem}")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0
