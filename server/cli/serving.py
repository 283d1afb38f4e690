"""`kiosk-server serve` and `kiosk-server migrate`: running the API and its schema."""

from __future__ import annotations

import argparse
import dataclasses
import ipaddress
import json
import logging
import os
from typing import TYPE_CHECKING, Any

from .common import EXIT_USAGE, Command, Parents, err, open_database, say

if TYPE_CHECKING:
    from fastapi import FastAPI

    from ..config import ServerSettings

log = logging.getLogger("kiosk.server.cli")
ENV_WORKER_LOG = "KIOSK_SERVER_WORKER_LOG"
"""The log level and JSON choice `serve --workers N` hands to its workers."""


def _serve_arguments(serve: argparse.ArgumentParser, _common: Parents) -> None:
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--migrate", action="store_true", help="migrate the schema first")
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="worker processes on this port (PostgreSQL, and S3 or --shared-data-dir)",
    )
    serve.add_argument(
        "--shared-data-dir",
        action="store_true",
        help="the data dir is one filesystem every worker sees (local storage, --workers > 1)",
    )
    serve.add_argument("--max-uploads", type=int, default=32, help="chunk uploads at once")
    serve.add_argument("--max-uploads-per-device", type=int, default=2)
    serve.add_argument(
        "--upload-wait",
        type=float,
        default=1.0,
        help="seconds a chunk waits at most for a free upload slot before the 503 (0 = none)",
    )
    serve.add_argument(
        "--upload-wait-target",
        type=float,
        default=0.5,
        help="a chunk waits for a slot only if its expected wait is at most this many seconds",
    )
    serve.add_argument(
        "--stall-timeout", type=float, default=30.0, help="seconds without bytes before a 408"
    )
    serve.add_argument(
        "--header-timeout", type=float, help="seconds the request headers may take (10)"
    )
    serve.add_argument(
        "--body-timeout", type=float, help="seconds a request body may take in total (300)"
    )
    serve.add_argument(
        "--min-body-rate",
        type=float,
        help="bytes/s a request body must keep up after the grace period (1024; 0 = off)",
    )
    serve.add_argument(
        "--body-rate-window", type=float, help="seconds the body rate is averaged over (10)"
    )
    serve.add_argument(
        "--body-rate-grace", type=float, help="seconds before the body rate applies (10)"
    )
    serve.add_argument(
        "--max-unauthenticated",
        type=int,
        help="requests at once without a checked device credential; beyond: 503 (64)",
    )
    serve.add_argument(
        "--device-rate", type=float, default=20.0, help="requests/s per device (token bucket)"
    )
    serve.add_argument("--device-burst", type=int, default=120, help="bucket size per device")
    serve.add_argument(
        "--enroll-rate",
        type=float,
        default=0.2,
        help="enrollments/s per client address (token bucket; 0.2)",
    )
    serve.add_argument(
        "--enroll-burst",
        type=int,
        default=10,
        help="enrollments at once from one address, e.g. a setup day behind one NAT (10)",
    )
    serve.add_argument(
        "--metrics-allow",
        action="append",
        default=[],
        metavar="CIDR",
        help="network besides loopback that may read /metrics (repeat; default: none)",
    )
    serve.add_argument(
        "--trusted-proxy",
        action="append",
        default=[],
        metavar="IP",
        help="reverse proxy whose X-Forwarded-For is believed (repeat; default: none)",
    )


def _serve(args: argparse.Namespace, settings: ServerSettings) -> int:
    import uvicorn

    from kiosk.store.files import make_private

    from ..api.app import create_app
    from ..api.slow_clients import header_timeout_protocol
    from ..config import ENV_SETTINGS_JSON, settings_to_json
    from ..db import migrate

    if args.workers < 1:
        err("--workers minimal 1 / --workers must be at least 1")
        return EXIT_USAGE
    if args.workers > 1 and (refusal := _workers_refusal(settings, args.shared_data_dir)):
        err(refusal)
        return EXIT_USAGE
    for name, rate, burst in (
        ("device", args.device_rate, args.device_burst),
        ("enroll", args.enroll_rate, args.enroll_burst),
    ):
        if not (rate > 0 and burst >= 1):
            err(
                f"--{name}-rate harus > 0 dan --{name}-burst minimal 1 / --{name}-rate must "
                f"be above 0 and --{name}-burst at least 1"
            )
            return EXIT_USAGE
    for network in args.metrics_allow:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError:
            err(
                f"--metrics-allow {network!r} bukan jaringan IP (mis. 10.0.0.0/24) / "
                f"is not an IP network (e.g. 10.0.0.0/24)"
            )
            return EXIT_USAGE
    settings = dataclasses.replace(
        settings,
        max_concurrent_uploads=args.max_uploads,
        max_uploads_per_device=args.max_uploads_per_device,
        upload_wait_seconds=max(0.0, args.upload_wait),
        upload_wait_target_seconds=max(0.0, args.upload_wait_target),
        stall_timeout_seconds=args.stall_timeout,
        device_rate=args.device_rate,
        device_burst=args.device_burst,
        enroll_rate=args.enroll_rate,
        enroll_burst=args.enroll_burst,
        metrics_allow=tuple(args.metrics_allow),
    )
    slow_client_limits = {
        "header_timeout_seconds": args.header_timeout,
        "body_timeout_seconds": args.body_timeout,
        "min_body_rate": args.min_body_rate,
        "body_rate_window_seconds": args.body_rate_window,
        "body_rate_grace_seconds": args.body_rate_grace,
        "max_unauthenticated_requests": args.max_unauthenticated,
    }
    settings = dataclasses.replace(
        settings, **{name: value for name, value in slow_client_limits.items() if value is not None}
    )
    # Files of older versions were 0644 in 0755 folders (issue 11, point 13).
    settings.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    make_private(settings.data_dir)
    if args.migrate:
        with open_database(settings, check_schema=False) as migrating:
            migrate(migrating)
    # X-Forwarded-For names the client only when a configured proxy sent it; anyone
    # else could pick a fresh address per request and escape every per-address limit.
    proxies = args.trusted_proxy
    options: dict[str, Any] = {
        "host": args.host,
        "port": args.port,
        "log_config": None,
        "access_log": False,  # server.api.observability logs each request, with its id
        "timeout_graceful_shutdown": 10,
        "proxy_headers": bool(proxies),
        "forwarded_allow_ips": ",".join(proxies) if proxies else None,
    }
    with open_database(settings) as database:
        if args.workers > 1:
            database.dispose()  # checked the schema; each worker opens its own pool
            os.environ[ENV_SETTINGS_JSON] = settings_to_json(settings)
            os.environ[ENV_WORKER_LOG] = json.dumps([args.log_level, args.log_json])
            log.info(
                "listening on http://%s:%d with %d worker processes",
                args.host,
                args.port,
                args.workers,
            )
            # Workers are spawned and import the app by name, so the protocol class must be
            # importable: the header time limit comes from the settings in the environment.
            uvicorn.run(
                "server.cli.serving:worker_app",
                factory=True,
                workers=args.workers,
                http="server.api.slow_clients:EnvironmentHeaderTimeoutH11Protocol",
                **options,
            )
            return 0
        app = create_app(settings, database)
        log.info("listening on http://%s:%d (data dir %s)", args.host, args.port, settings.data_dir)
        # h11 with a header time limit; uvicorn's own has none (issue 11, point 5).
        uvicorn.run(app, http=header_timeout_protocol(settings.header_timeout_seconds), **options)
    return 0


def worker_app() -> FastAPI:
    """The app factory of `serve --workers N`: each spawned worker builds its own app.

    The settings come resolved from the parent (server.config.ENV_SETTINGS_JSON); each worker
    owns its database pool, storage client and per-process limits (ADR 0007).
    """
    from ..api.app import create_app
    from ..config import ENV_SETTINGS_JSON, settings_from_json
    from . import _setup_logging

    level, as_json = json.loads(os.environ.get(ENV_WORKER_LOG, "[null, false]"))
    _setup_logging(level, as_json, "INFO")
    return create_app(settings_from_json(os.environ[ENV_SETTINGS_JSON]))


def _workers_refusal(settings: ServerSettings, shared_data_dir: bool) -> str | None:
    """Why --workers > 1 cannot work with these settings (ADR 0007), or None."""
    if settings.database_url.startswith("sqlite"):
        return (
            "--workers > 1 perlu PostgreSQL (SQLite hanya satu penulis) / --workers > 1 needs "
            "PostgreSQL (SQLite allows one writer)"
        )
    if settings.storage_url is None and not shared_data_dir:
        return (
            "--workers > 1 perlu penyimpanan S3 (KIOSK_SERVER_STORAGE_URL) atau "
            "--shared-data-dir / --workers > 1 needs S3 storage (KIOSK_SERVER_STORAGE_URL) "
            "or --shared-data-dir"
        )
    return None


def _no_arguments(_parser: argparse.ArgumentParser, _common: Parents) -> None:
    pass


def _migrate(_args: argparse.Namespace, settings: ServerSettings) -> int:
    from kiosk.store.files import make_private

    from ..db import migrate

    settings.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    make_private(settings.data_dir)
    with open_database(settings, check_schema=False) as database:
        revision = migrate(database)
    say(f"Skema basis data pada revisi {revision} / database schema at revision {revision}")
    return 0


SERVE = Command("serve", "run the HTTP API", _serve_arguments, _serve)
MIGRATE = Command("migrate", "create or upgrade the database schema", _no_arguments, _migrate)
