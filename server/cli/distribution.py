"""`kiosk-server signing-key|release|config`: what the district pushes to its kiosks.

Publishing signs with the district's signing key (server.distribution.signing_key): run these
on the machine that holds it (`--key`, or KIOSK_SERVER_SIGNING_KEY, or the data dir's).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from .common import (
    EXIT_REFUSED,
    Command,
    Parents,
    default_operator,
    err,
    new_key_passphrase,
    open_database,
    say,
    stdin_passphrase,
)

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from ..config import ServerSettings


def _key_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--key", metavar="PEM", help="the signing key (default: data dir)")
    parser.add_argument("--passphrase-stdin", action="store_true", help="read its passphrase")


def _load_key(args: argparse.Namespace, settings: ServerSettings) -> Ed25519PrivateKey:
    from ..distribution.signing_key import load_key, resolve_key_path

    return load_key(
        resolve_key_path(args.key, settings.keys_dir), stdin_passphrase(args.passphrase_stdin)
    )


# --- signing-key ---------------------------------------------------------------------------
def _signing_key_arguments(parser: argparse.ArgumentParser, common: Parents) -> None:
    actions = parser.add_subparsers(dest="signing_command", metavar="ACTION", required=True)
    _key_options(actions.add_parser("create", parents=common, help="make the signing key"))
    shown = actions.add_parser("show-public", parents=common, help="the kiosks' trusted-key entry")
    _key_options(shown)


def _signing_key(args: argparse.Namespace, settings: ServerSettings) -> int:
    from ..distribution.signing_key import create_key, public_entry_json, resolve_key_path

    path = resolve_key_path(args.key, settings.keys_dir)
    if args.signing_command == "create":
        key = create_key(path, new_key_passphrase(args.passphrase_stdin))
        err(
            f"Kunci penanda tangan dibuat di {path}; masukkan baris di bawah ke trusted_keys.json "
            f"anjungan / signing key created at {path}; put the entry below in the kiosks' "
            "trusted_keys.json"
        )
    else:
        key = _load_key(args, settings)
    say(public_entry_json(key))
    return 0


# --- release -------------------------------------------------------------------------------
def _release_arguments(parser: argparse.ArgumentParser, common: Parents) -> None:
    from kiosk.updates.manifest import DEFAULT_GRACE_DAYS

    actions = parser.add_subparsers(dest="release_command", metavar="ACTION", required=True)
    publish = actions.add_parser("publish", parents=common, help="publish a kiosk version")
    publish.add_argument("file", help=".tar.gz of the frozen app dir")
    publish.add_argument("--version", required=True)
    publish.add_argument("--channel", default="stable")
    publish.add_argument("--platform", default="linux-x86_64")
    publish.add_argument(
        "--grace-days",
        type=int,
        default=DEFAULT_GRACE_DAYS,
        help="days before kiosks are restarted into it (default 60)",
    )
    publish.add_argument("--notes-id", default="", help="what changed, Bahasa Indonesia")
    publish.add_argument("--notes-en", default="", help="what changed, English")
    _key_options(publish)
    for action, text in (("pin", "hold a channel at a version"), ("unpin", "release a pin")):
        made = actions.add_parser(action, parents=common, help=text)
        if action == "pin":
            made.add_argument("version")
        made.add_argument("--channel", default="stable")
        made.add_argument("--platform", default="linux-x86_64")
    listing = actions.add_parser("list", parents=common, help="published versions")
    listing.add_argument("--json", action="store_true")


def _release(args: argparse.Namespace, settings: ServerSettings) -> int:
    from ..distribution import releases

    with open_database(settings) as database:
        if args.release_command == "publish":
            key = _load_key(args, settings)
            envelope = releases.publish_release(
                database,
                settings.data_dir,
                key,
                Path(args.file),
                version=args.version,
                channel=args.channel,
                platform=args.platform,
                grace_days=args.grace_days,
                notes={"id": args.notes_id, "en": args.notes_en},
                operator=default_operator(),
            )
            payload = envelope["payload"]
            say(f"{payload['version']} {payload['channel']} {payload['sha256']} {payload['size']}")
            err(
                f"Rilis {args.version} terbit di kanal {args.channel}; anjungan mengambilnya saat "
                f"sinkronisasi / release {args.version} published on {args.channel}"
            )
        elif args.release_command in ("pin", "unpin"):
            version = args.version if args.release_command == "pin" else None
            releases.pin(database, args.channel, args.platform, version, default_operator())
            say(f"{args.channel}: {version or '-'}")
        else:
            rows = releases.list_releases(database)
            if args.json:
                say(json.dumps(rows, indent=1))
            for row in [] if args.json else rows:
                mark = " (ditahan/pinned)" if row["pinned"] else ""
                say(f"{row['channel']:<10} {row['platform']:<14} {row['version']:<12}{mark}")
    return 0


# --- config --------------------------------------------------------------------------------
def _config_arguments(parser: argparse.ArgumentParser, common: Parents) -> None:
    actions = parser.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    publish = actions.add_parser("publish", parents=common, help="publish a district config")
    publish.add_argument("file", help="JSON: catalog_override, rejection_reasons, limits, ...")
    _key_options(publish)
    actions.add_parser("list", parents=common, help="published versions")
    actions.add_parser("show", parents=common, help="the current signed configuration")


def _config(args: argparse.Namespace, settings: ServerSettings) -> int:
    from ..distribution import district_config

    with open_database(settings) as database:
        if args.config_command == "publish":
            try:
                document = json.loads(Path(args.file).read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, ValueError) as exc:
                err(
                    f"Berkas {args.file} tidak terbaca atau bukan JSON / {args.file} is "
                    f"unreadable or not JSON: {exc}"
                )
                return EXIT_REFUSED
            key = _load_key(args, settings)
            envelope = district_config.publish_config(database, key, document, default_operator())
            say(str(envelope["payload"]["version"]))
            err(
                f"Konfigurasi versi {envelope['payload']['version']} terbit; anjungan "
                f"mengambilnya saat sinkronisasi / configuration version "
                f"{envelope['payload']['version']} published"
            )
        elif args.config_command == "list":
            for row in district_config.list_configs(database):
                say(f"{row['version']:>4} {row['published_at']} {row['by']}")
        else:
            text = district_config.current_config(database)
            if text is None:
                err("Belum ada konfigurasi / no configuration yet")
                return EXIT_REFUSED
            say(json.dumps(json.loads(text), ensure_ascii=False, indent=1))
    return 0


SIGNING_KEY = Command(
    "signing-key",
    "the key releases and district configuration are signed with",
    _signing_key_arguments,
    _signing_key,
)
RELEASE = Command("release", "publish, pin and list kiosk versions", _release_arguments, _release)
CONFIG = Command("config", "publish the district configuration", _config_arguments, _config)
