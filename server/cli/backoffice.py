"""`kiosk-server backoffice`: the verifiers' web pages, the only process with private keys."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .common import EXIT_REFUSED, Command, Parents, err, open_database

if TYPE_CHECKING:
    from ..config import ServerSettings

log = logging.getLogger("kiosk.server.cli")


def _arguments(parser: argparse.ArgumentParser, _common: Parents) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="an internal address, never public")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument(
        "--passphrase-file",
        help="the sealing keys' passphrase in a file (e.g. a systemd credential); "
        "default: the first line of stdin when a key is encrypted",
    )
    parser.add_argument("--reasons", help="the district's rejection reasons (JSON file)")
    parser.add_argument("--idle-minutes", type=int, default=30, help="session idle expiry")
    parser.add_argument(
        "--secure-cookies", action="store_true", help="mark cookies Secure (served over HTTPS)"
    )


def read_passphrase(path: str | None, needed: bool) -> bytes | None:
    """From the file (first line) or, when a key needs one, the first line of stdin."""
    if path:
        text = Path(path).read_text(encoding="utf-8").splitlines()
        return (text[0] if text else "").encode("utf-8") or None
    if not needed:
        return None
    return sys.stdin.readline().rstrip("\r\n").encode("utf-8") or None


def _run(args: argparse.Namespace, settings: ServerSettings) -> int:
    import uvicorn

    from ..backoffice.app import create_backoffice_app
    from ..backoffice.context import BackofficeContext
    from ..rejection_reasons import load_reasons
    from ..seal_keys import KeyRing
    from ..storage import LocalDiskStorage
    from ..unsealing import Opener
    from ..worklist import NikDigester

    ring = KeyRing(settings.seal_keys_dir)
    keys = ring.list_keys()
    try:
        passphrase = read_passphrase(args.passphrase_file, any(k.encrypted for k in keys))
    except OSError as exc:
        err(f"Berkas frasa sandi tidak terbaca: {exc} / cannot read the passphrase file: {exc}")
        return EXIT_REFUSED
    opener = Opener(LocalDiskStorage(settings.attachments_dir), ring, passphrase)
    opener.load_keys()  # a wrong passphrase is told now, not at the first application opened
    if not keys:
        log.warning("no sealing key yet: sealed applications cannot be opened")
    reasons = load_reasons(Path(args.reasons) if args.reasons else None)
    with open_database(settings) as database:
        context = BackofficeContext(
            settings=settings,
            database=database,
            opener=opener,
            digester=NikDigester.from_dir(settings.keys_dir),
            reasons=reasons,
            idle_minutes=max(1, args.idle_minutes),
            secure_cookies=args.secure_cookies,
        )
        app = create_backoffice_app(context)
        log.info("back office on http://%s:%d/backoffice/", args.host, args.port)
        uvicorn.run(
            app, host=args.host, port=args.port, log_config=None, timeout_graceful_shutdown=10
        )
    return 0


BACKOFFICE = Command(
    "backoffice", "run the verifiers' back office (loads the private keys)", _arguments, _run
)
