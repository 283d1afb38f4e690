"""`kiosk-server serve` and `kiosk-server migrate`: running the API and its schema."""

from __future__ import annotations

import argparse
import dataclasses
import ipaddress
import logging
from typing import TYPE_CHECKING

from .common import EXIT_USAGE, Command, Parents, err, open_database, say

if TYPE_CHECKING:
    from ..config import ServerSettings

log = logging.getLogger("kiosk.server.cli")


def _serve_arguments(serve: argparse.ArgumentParser, _common: Parents) -> None:
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--migrate", action="store_true", help="migrate the schema first")
    serve.add_argument("--max-uploads", type=int, default=32, help="chunk uploads at once")
    serve.add_argument("--max-uploads-per-device", type=int, default=2)
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
    from ..db import migrate

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
        stall_timeout_seconds=args.stall_timeout,
        device_rate=args.device_rate,
        device_burst=args.device_burst,
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
    with open_database(settings) as database:
        app = create_app(settings, database)
        log.info("listening on http://%s:%d (data dir %s)", args.host, args.port, settings.data_dir)
        # X-Forwarded-For names the client only when a configured proxy sent it; anyone
        # else could pick a fresh address per request and escape every per-address limit.
        proxies = args.trusted_proxy
        uvicorn.run(
            app,
            host=args.host,
            port=args.port,
            log_config=None,
            access_log=False,  # server.api.observability logs each request, with its id
            timeout_graceful_shutdown=10,
            # h11 with a header time limit; uvicorn's own has none (issue 11, point 5).
            http=header_timeout_protocol(settings.header_timeout_seconds),
            proxy_headers=bool(proxies),
            forwarded_allow_ips=",".join(proxies) if proxies else None,
        )
    return 0


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
