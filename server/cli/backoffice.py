"""`kiosk-server backoffice`: the verifiers' web pages, the only process with private keys."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .common import EXIT_REFUSED, Command, Parents, err, open_database

if TYPE_CHECKING:
    from ..config import ServerSettings
    from ..message_channels import Channel

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
    parser.add_argument("--message-templates", help="the district's message templates (JSON)")
    parser.add_argument("--smtp-host", help="mail server for messages to citizens")
    parser.add_argument("--smtp-port", type=int, default=25)
    parser.add_argument("--smtp-from", default="disdukcapil@localhost", help="sender address")
    parser.add_argument("--smtp-user", help="SMTP login (the password: KIOSK_SMTP_PASSWORD)")
    parser.add_argument("--smtp-starttls", action="store_true")
    parser.add_argument(
        "--whatsapp-url", help="the WhatsApp gateway's send-message URL (JSON POST)"
    )
    parser.add_argument(
        "--whatsapp-token-file", help="file holding the gateway's bearer token (first line)"
    )
    parser.add_argument(
        "--outbox-poll-seconds", type=float, default=15.0, help="how often retries are due"
    )
    parser.add_argument(
        "--outbox-backoff-seconds",
        type=float,
        default=30.0,
        help="first retry delay of a message; it doubles with each failure (max 1 hour)",
    )
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
    from ..messages import load_templates
    from ..nik_digest import NikDigester
    from ..rejection_reasons import load_reasons
    from ..seal_keys import KeyRing
    from ..storage_choice import open_storage
    from ..unsealing import Opener

    ring = KeyRing(settings.seal_keys_dir)
    keys = ring.list_keys()
    try:
        passphrase = read_passphrase(args.passphrase_file, any(k.encrypted for k in keys))
    except OSError as exc:
        err(f"Berkas frasa sandi tidak terbaca: {exc} / cannot read the passphrase file: {exc}")
        return EXIT_REFUSED
    opener = Opener(open_storage(settings), ring, passphrase)
    opener.load_keys()  # a wrong passphrase is told now, not at the first application opened
    if not keys:
        log.warning("no sealing key yet: sealed applications cannot be opened")
    reasons = load_reasons(Path(args.reasons) if args.reasons else None)
    templates = load_templates(Path(args.message_templates) if args.message_templates else None)
    channels = _channels(args)
    if channels is None:
        return EXIT_REFUSED
    with open_database(settings) as database:
        context = BackofficeContext(
            settings=settings,
            database=database,
            opener=opener,
            digester=NikDigester.from_dir(settings.keys_dir),
            reasons=reasons,
            idle_minutes=max(1, args.idle_minutes),
            secure_cookies=args.secure_cookies,
            templates=templates,
            channels=channels,
            outbox_poll_seconds=max(0.2, args.outbox_poll_seconds),
            outbox_backoff_seconds=max(0.1, args.outbox_backoff_seconds),
        )
        app = create_backoffice_app(context)
        log.info("back office on http://%s:%d/backoffice/", args.host, args.port)
        uvicorn.run(
            app, host=args.host, port=args.port, log_config=None, timeout_graceful_shutdown=10
        )
    return 0


def _channels(args: argparse.Namespace) -> dict[str, Channel] | None:
    """The configured channels; None (after saying why) when the configuration is unusable."""
    from ..message_channels import SmtpChannel, WhatsAppChannel

    channels: dict[str, Channel] = {}
    if args.smtp_host:
        channels["email"] = SmtpChannel(
            args.smtp_host,
            args.smtp_port,
            args.smtp_from,
            args.smtp_user,
            os.environ.get("KIOSK_SMTP_PASSWORD"),
            args.smtp_starttls,
        )
    if args.whatsapp_url:
        if not args.whatsapp_token_file:
            err("--whatsapp-url perlu --whatsapp-token-file / --whatsapp-url needs a token file")
            return None
        try:
            lines = Path(args.whatsapp_token_file).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            err(f"Token WhatsApp tidak terbaca: {exc} / cannot read the WhatsApp token: {exc}")
            return None
        channels["whatsapp"] = WhatsAppChannel(args.whatsapp_url, lines[0] if lines else "")
    if not channels:
        log.warning("no message channel configured: citizens get no email or WhatsApp")
    return channels


BACKOFFICE = Command(
    "backoffice", "run the verifiers' back office (loads the private keys)", _arguments, _run
)
