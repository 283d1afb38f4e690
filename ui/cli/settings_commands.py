"""`kiosk settings show|set`: the saved preferences (settings.json), changed on purpose.

A flag of one run (`kiosk run --profile selfservice`) never writes settings; this command is
how a machine is made a self-service kiosk, or given its office name, for every later run.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    settings = subparsers.add_parser("settings", help="pengaturan tersimpan / saved settings")
    actions = settings.add_subparsers(dest="settings_action", metavar="ACTION", required=True)
    show = actions.add_parser("show", parents=[common], help="tampilkan / show")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=run_show)
    change = actions.add_parser(
        "set", parents=[common], help="ubah untuk seterusnya / change for every later run"
    )
    change.add_argument("name", metavar="NAME", help="e.g. profile, language, office_name")
    change.add_argument("value", metavar="VALUE")
    change.set_defaults(handler=run_set)


def run_show(args: argparse.Namespace) -> int:
    from kiosk.errors import KioskError
    from kiosk.paths import resolve_data_dir
    from kiosk.settings import load_settings
    from ui.cli.output import print_error, print_json

    try:
        settings = load_settings(resolve_data_dir(args.data_dir))
    except KioskError as exc:
        print_error(exc, as_json=args.json)
        return 1
    values = settings.model_dump(mode="json")
    if args.json:
        print_json(values)
    else:
        for name, value in values.items():
            sys.stdout.write(f"{name:<26} {value}\n")
    return 0


def run_set(args: argparse.Namespace) -> int:
    from kiosk.errors import KioskError
    from kiosk.paths import resolve_data_dir
    from kiosk.settings import load_settings, save_settings, settable_names, with_setting
    from ui.cli.output import print_error

    if args.name not in settable_names():
        sys.stderr.write(
            f"Pengaturan {args.name!r} tidak ada / there is no setting {args.name!r}: "
            f"{', '.join(settable_names())}\n"
        )
        return 2
    data_dir = resolve_data_dir(args.data_dir)
    try:
        changed = with_setting(load_settings(data_dir), args.name, args.value)
        save_settings(data_dir, changed)
    except KioskError as exc:
        print_error(exc, as_json=False)
        return 1
    value = changed.model_dump(mode="json")[args.name]
    sys.stdout.write(f"{args.name} = {value} (tersimpan / saved)\n")
    return 0
