"""Entry point of the `kiosk-server` command; one module per resource holds its commands.

Heavy modules (FastAPI, SQLAlchemy, uvicorn) are imported inside the handlers, so `--help`
and argument errors answer at once. Every command reads KIOSK_SERVER_DATABASE_URL and
KIOSK_SERVER_DATA_DIR, overridable by --database-url / --data-dir (before or after the
command name). Exit codes: 0 done, 1 refused (the message says why), 2 usage error,
3 the database schema is not migrated yet.

A new command is one `Command` in the module of its resource and one line in COMMANDS.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from importlib.metadata import version

from . import (
    applications,
    audit,
    backoffice,
    bundles,
    distribution,
    enrollment,
    keys,
    operators,
    retention,
    serving,
    staff,
    survey,
)
from .common import (
    EXIT_NOT_MIGRATED,
    EXIT_REFUSED,
    EXIT_USAGE,
    Command,
    PassphraseTooShort,
    SchemaNotCurrent,
    err,
)

__all__ = ["COMMANDS", "EXIT_NOT_MIGRATED", "EXIT_REFUSED", "EXIT_USAGE", "build_parser", "main"]

COMMANDS: tuple[Command, ...] = (
    serving.SERVE,
    serving.MIGRATE,
    enrollment.ENROLLMENT_CODE,
    applications.APPLICATIONS,
    applications.DECIDE,
    enrollment.REVOKE_DEVICE,
    enrollment.SUSPEND_DEVICE,
    enrollment.DEVICES,
    operators.OPERATOR,
    audit.AUDIT,
    enrollment.ROTATE_DEVICE,
    applications.SHOW,
    applications.OPEN_ATTACHMENT,
    keys.KEYS,
    backoffice.BACKOFFICE,
    staff.USER,
    distribution.SIGNING_KEY,
    distribution.RELEASE,
    distribution.CONFIG,
    survey.SURVEY,
    bundles.BUNDLE,
    retention.RETENTION,
)
"""Every command, in the order `kiosk-server --help` lists them."""


class _JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "at": self.formatTime(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None)
        if request_id:
            entry["request_id"] = request_id
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def _setup_logging(level: str | None, as_json: bool, default: str) -> None:
    from ..request_ids import RequestIdFilter

    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(
        _JsonFormatter()
        if as_json
        else logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    # No force=True: under pytest the capture handlers are already there and must stay.
    logging.basicConfig(level=(level or default).upper(), handlers=[handler])


def _common(suppress: bool) -> argparse.ArgumentParser:
    """Options accepted before and after the command; after it they must not reset defaults."""
    default = argparse.SUPPRESS if suppress else None
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--database-url", default=default, help="SQLAlchemy URL (PostgreSQL)")
    common.add_argument("--data-dir", default=default, help="attachments and keys")
    common.add_argument("--log-level", default=default, help="DEBUG, INFO, WARNING, ERROR")
    common.add_argument(
        "--log-json", action="store_true", default=argparse.SUPPRESS if suppress else False
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk-server",
        description="Server pusat Disdukcapil untuk anjungan kelurahan / "
        "district server for the kelurahan kiosks",
        parents=[_common(suppress=False)],
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {version('kelurahan-kiosk')}"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    common = [_common(suppress=True)]
    for command in COMMANDS:
        command.configure(sub.add_parser(command.name, parents=common, help=command.help), common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _setup_logging(
        args.log_level,
        args.log_json,
        "INFO" if args.command in ("serve", "backoffice") else "WARNING",
    )
    from ..config import resolve_settings
    from ..errors import ServerError

    settings = resolve_settings(args.database_url, args.data_dir)
    run = {command.name: command.run for command in COMMANDS}[args.command]
    try:
        return run(args, settings)
    except ServerError as exc:
        err(exc.detail)
        return EXIT_REFUSED
    except SchemaNotCurrent as exc:
        err(str(exc))
        return EXIT_NOT_MIGRATED
    except PassphraseTooShort as exc:
        err(str(exc))
        return EXIT_USAGE
