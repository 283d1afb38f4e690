"""Entry point of the `kiosk` command.

Each command group lives in its own module with a `register(subparsers, common)` function;
modules are listed in COMMAND_MODULES and must import nothing heavy at module level, so that
`kiosk validate nik ...` starts in a fraction of a second.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

COMMAND_MODULES = (
    "ui.cli.run_command",
    "ui.cli.validate_commands",
    "ui.cli.application_commands",
    "ui.cli.image_commands",
    "ui.cli.sync_commands",
    "ui.cli.bundle_commands",
    "ui.cli.receipt_commands",
    "ui.cli.audit_commands",
    "ui.cli.about_commands",
    "ui.cli.settings_commands",
    "ui.cli.survey_commands",
    "ui.cli.visit_commands",
)


class _VersionAction(argparse.Action):
    """`kiosk --version`: the installed package's version, read only when asked (reading
    package metadata costs more than the rest of a `kiosk validate` start)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="versi / version")

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from importlib.metadata import version

        print(f"{parser.prog} {version('kelurahan-kiosk')}")
        parser.exit()


def common_options() -> argparse.ArgumentParser:
    """Options every subcommand accepts, after the subcommand name."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        help="folder for everything this run writes (default: the user data dir)",
    )
    common.add_argument("--log-json", action="store_true", help="write logs as JSON lines")
    common.add_argument("--log-level", default="WARNING", help="DEBUG, INFO, WARNING, ERROR")
    return common


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="Anjungan layanan adminduk kelurahan / kelurahan adminduk service kiosk",
    )
    parser.add_argument("--version", action=_VersionAction)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    common = common_options()
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue  # a command group not built yet
        module.register(subparsers, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:
        argv = ["run"]  # plain `kiosk` opens the app
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return 2
    from kiosk.logs import configure_logging

    configure_logging(json_lines=args.log_json, level=args.log_level)
    from kiosk.errors import KioskError

    try:
        result: int = args.handler(args)
    except KioskError as exc:
        # A typed refusal no command caught itself (a full disk, a damaged database): the
        # bilingual message, never a traceback.
        sys.stderr.write(f"Ditolak: {exc.message_id}\nRefused: {exc.message_en}\n")
        return 1
    return result


if __name__ == "__main__":
    sys.exit(main())
