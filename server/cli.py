"""Entry point of the `kiosk-server` command.

Heavy modules (FastAPI, SQLAlchemy, uvicorn) are imported inside the handlers, so `--help`
and argument errors answer at once. Every command reads KIOSK_SERVER_DATABASE_URL and
KIOSK_SERVER_DATA_DIR, overridable by --database-url / --data-dir (before or after the
command name). Exit codes: 0 done, 1 refused (the message says why), 2 usage error,
3 the database schema is not migrated yet.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from collections.abc import Sequence
from importlib.metadata import version
from typing import TYPE_CHECKING, Any

from sync.protocol import OFFICE_CODE_PATTERN, ApplicationStatus

from . import cli_security
from .cli_support import EXIT_NOT_MIGRATED, EXIT_REFUSED, EXIT_USAGE, parse_uuid
from .cli_support import default_operator as _default_operator
from .cli_support import open_database as _open_database

if TYPE_CHECKING:
    from .config import ServerSettings

__all__ = ["EXIT_NOT_MIGRATED", "EXIT_REFUSED", "EXIT_USAGE", "build_parser", "main"]

log = logging.getLogger("kiosk.server.cli")

DECISION_CHOICES = ["verified", "rejected", "processing", "ready", "collected", "cancelled"]


class _JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return json.dumps(
            {
                "at": self.formatTime(record),
                "level": record.levelname,
                "logger": record.name,
                "message": record.getMessage(),
            },
            ensure_ascii=False,
        )


def _setup_logging(level: str | None, as_json: bool, default: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
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

    serve = sub.add_parser("serve", parents=common, help="run the HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--migrate", action="store_true", help="migrate the schema first")
    serve.add_argument("--max-uploads", type=int, default=32, help="chunk uploads at once")
    serve.add_argument("--max-uploads-per-device", type=int, default=2)
    serve.add_argument(
        "--stall-timeout", type=float, default=30.0, help="seconds without bytes before a 408"
    )
    serve.add_argument(
        "--device-rate", type=float, default=20.0, help="requests/s per device (token bucket)"
    )
    serve.add_argument("--device-burst", type=int, default=120, help="bucket size per device")

    sub.add_parser("migrate", parents=common, help="create or upgrade the database schema")

    code = sub.add_parser("enrollment-code", parents=common, help="print a one-time code")
    code.add_argument("--office", required=True, help="wilayah code, e.g. 51.08.01.2001")
    code.add_argument("--ttl-hours", type=int, default=72)

    apps = sub.add_parser("applications", parents=common, help="list every application")
    apps.add_argument("--json", action="store_true", help="machine-readable output")
    apps.add_argument("--verify", action="store_true", help="re-hash every stored attachment")
    apps.add_argument("--operator", help="who reads, for the audit log (default: cli:USER)")

    decide = sub.add_parser("decide", parents=common, help="record a verifier's decision")
    decide.add_argument("id", help="application id (UUID)")
    decide.add_argument("--status", required=True, choices=DECISION_CHOICES)
    decide.add_argument("--reason", help="why (required for rejected)")
    decide.add_argument("--fix", help="what the applicant must fix")
    decide.add_argument("--version", type=int, help="default: the newest version")
    decide.add_argument("--operator", help="verifier id for the audit log (default: cli:USER)")

    revoke = sub.add_parser("revoke-device", parents=common, help="refuse a device from now on")
    revoke.add_argument("device_id")

    devices = sub.add_parser("devices", parents=common, help="list enrolled devices")
    devices.add_argument("--json", action="store_true")
    cli_security.add_parsers(sub, common)
    return parser


def _cmd_migrate(args: argparse.Namespace, settings: ServerSettings) -> int:
    from .db import Database, migrate

    database = Database(settings.database_url)
    try:
        revision = migrate(database)
    finally:
        database.dispose()
    print(f"Skema basis data pada revisi {revision} / database schema at revision {revision}")
    return 0


def _cmd_serve(args: argparse.Namespace, settings: ServerSettings) -> int:
    import dataclasses

    import uvicorn

    from .api.app import create_app
    from .db import Database, migrate

    settings = dataclasses.replace(
        settings,
        max_concurrent_uploads=args.max_uploads,
        max_uploads_per_device=args.max_uploads_per_device,
        stall_timeout_seconds=args.stall_timeout,
        device_rate=args.device_rate,
        device_burst=args.device_burst,
    )
    if args.migrate:
        migrating = Database(settings.database_url)
        try:
            migrate(migrating)
        finally:
            migrating.dispose()
    database = _open_database(settings)
    if database is None:
        return EXIT_NOT_MIGRATED
    try:
        app = create_app(settings, database)
        log.info("listening on http://%s:%d (data dir %s)", args.host, args.port, settings.data_dir)
        uvicorn.run(
            app, host=args.host, port=args.port, log_config=None, timeout_graceful_shutdown=10
        )
    finally:
        database.dispose()
    return 0


def _cmd_enrollment_code(args: argparse.Namespace, settings: ServerSettings) -> int:
    from .enrollment import create_code

    if not re.match(OFFICE_CODE_PATTERN, args.office) or not 1 <= args.ttl_hours <= 24 * 90:
        print(
            "Kode kantor harus kode wilayah (mis. 51.08.01.2001) dan masa berlaku 1-2160 jam / "
            "office must be a wilayah code (e.g. 51.08.01.2001), ttl 1-2160 hours",
            file=sys.stderr,
        )
        return EXIT_USAGE
    database = _open_database(settings)
    if database is None:
        return EXIT_NOT_MIGRATED
    try:
        code = create_code(database, args.office, args.ttl_hours, _default_operator())
    finally:
        database.dispose()
    print(code)
    print(f"berlaku {args.ttl_hours} jam / valid for {args.ttl_hours} hours", file=sys.stderr)
    return 0


def _cmd_applications(args: argparse.Namespace, settings: ServerSettings) -> int:
    from .reports import list_applications
    from .storage import LocalDiskStorage

    database = _open_database(settings)
    if database is None:
        return EXIT_NOT_MIGRATED
    try:
        listing = list_applications(
            database,
            LocalDiskStorage(settings.attachments_dir),
            verify=args.verify,
            operator_id=args.operator or _default_operator(),
        )
    finally:
        database.dispose()
    if args.json:
        print(json.dumps(listing, ensure_ascii=False, indent=1))
        return 0
    for app in listing:
        done = sum(1 for a in app["attachments"] if a["complete"])
        print(
            f"{app['number']:<24} {app['id']} v{app['version']} {app['status']:<10} "
            f"lampiran/attachments {done}/{len(app['attachments'])}"
        )
    return 0


def _cmd_decide(args: argparse.Namespace, settings: ServerSettings) -> int:
    from .feed import decide

    application_id = parse_uuid(args.id, "ID permohonan", "the application id")
    if application_id is None:
        return EXIT_USAGE
    database = _open_database(settings)
    if database is None:
        return EXIT_NOT_MIGRATED
    try:
        app, changed = decide(
            database,
            application_id,
            ApplicationStatus(args.status),
            reason=args.reason,
            fix=args.fix,
            operator_id=args.operator or _default_operator(),
            version=args.version,
        )
    finally:
        database.dispose()
    note = "" if changed else " (sudah demikian / already so)"
    print(f"{app.application_id} v{app.version}: {app.status}{note}")
    return 0


def _cmd_revoke_device(args: argparse.Namespace, settings: ServerSettings) -> int:
    from .enrollment import revoke_device

    device_id = parse_uuid(args.device_id, "ID perangkat", "the device id")
    if device_id is None:
        return EXIT_USAGE
    database = _open_database(settings)
    if database is None:
        return EXIT_NOT_MIGRATED
    try:
        revoked_at = revoke_device(database, device_id, _default_operator())
    finally:
        database.dispose()
    print(f"Perangkat {device_id} dicabut sejak {revoked_at.isoformat()} / revoked")
    return 0


def _cmd_devices(args: argparse.Namespace, settings: ServerSettings) -> int:
    from .enrollment import list_devices

    database = _open_database(settings)
    if database is None:
        return EXIT_NOT_MIGRATED
    try:
        devices = list_devices(database)
    finally:
        database.dispose()
    if args.json:
        print(json.dumps(devices, ensure_ascii=False, indent=1))
        return 0
    for device in devices:
        state = (
            f"dicabut/revoked {device['revoked_at']}" if device["revoked_at"] else "aktif/active"
        )
        print(f"{device['device_id']} {device['office_code']:<14} {device['name']} {state}")
    return 0


COMMANDS: dict[str, Any] = {
    "serve": _cmd_serve,
    "migrate": _cmd_migrate,
    "enrollment-code": _cmd_enrollment_code,
    "applications": _cmd_applications,
    "decide": _cmd_decide,
    "revoke-device": _cmd_revoke_device,
    "devices": _cmd_devices,
    **cli_security.COMMANDS,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _setup_logging(args.log_level, args.log_json, "INFO" if args.command == "serve" else "WARNING")
    from .config import resolve_settings
    from .errors import ServerError

    settings = resolve_settings(args.database_url, args.data_dir)
    try:
        code: int = COMMANDS[args.command](args, settings)
    except ServerError as exc:
        print(exc.detail, file=sys.stderr)
        return EXIT_REFUSED
    return code


if __name__ == "__main__":
    sys.exit(main())
