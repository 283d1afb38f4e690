"""What verifiers do with applications: list them, decide, read one, open one document.

Every command here reads citizen data or changes an application, so each is recorded in the
server's audit chain as the CLI user (`cli:<login>`) or `--operator`.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from sync.protocol import ApplicationStatus

from .common import (
    EXIT_REFUSED,
    EXIT_USAGE,
    Command,
    Parents,
    default_operator,
    err,
    open_database,
    parse_uuid,
    say,
    stdin_passphrase,
)

if TYPE_CHECKING:
    import uuid

    from ..config import ServerSettings
    from ..unsealing import Opener

DECISION_CHOICES = ["verified", "rejected", "processing", "ready", "collected", "cancelled"]
_PASSPHRASE_HELP = "the sealing key's passphrase, first line of stdin (encrypted keys only)"
_READER_HELP = "who reads, for the audit log (default: cli:USER)"


def _application_id(text: str) -> uuid.UUID | None:
    return parse_uuid(text, "ID permohonan", "the application id")


def _list_arguments(apps: argparse.ArgumentParser, _common: Parents) -> None:
    apps.add_argument("--json", action="store_true", help="machine-readable output")
    apps.add_argument("--verify", action="store_true", help="re-hash every stored attachment")
    apps.add_argument("--operator", help=_READER_HELP)


def _applications(args: argparse.Namespace, settings: ServerSettings) -> int:
    from ..reports import list_applications
    from ..storage_choice import open_storage

    with open_database(settings) as database:
        listing = list_applications(
            database,
            open_storage(settings),
            verify=args.verify,
            operator_id=args.operator or default_operator(),
        )
    if args.json:
        say(json.dumps(listing, ensure_ascii=False, indent=1))
        return 0
    for app in listing:
        done = sum(1 for a in app["attachments"] if a["complete"])
        say(
            f"{app['number']:<24} {app['id']} v{app['version']} {app['status']:<10} "
            f"lampiran/attachments {done}/{len(app['attachments'])}"
        )
    return 0


def _decide_arguments(decide: argparse.ArgumentParser, _common: Parents) -> None:
    decide.add_argument("id", help="application id (UUID)")
    decide.add_argument("--status", required=True, choices=DECISION_CHOICES)
    decide.add_argument("--reason", help="why (required for rejected)")
    decide.add_argument("--fix", help="what the applicant must fix")
    decide.add_argument("--version", type=int, help="default: the newest version")
    decide.add_argument("--operator", help="verifier id for the audit log (default: cli:USER)")


def _decide(args: argparse.Namespace, settings: ServerSettings) -> int:
    from ..feed import decide

    application_id = _application_id(args.id)
    if application_id is None:
        return EXIT_USAGE
    with open_database(settings) as database:
        app, changed = decide(
            database,
            application_id,
            ApplicationStatus(args.status),
            reason=args.reason,
            fix=args.fix,
            operator_id=args.operator or default_operator(),
            version=args.version,
        )
    note = "" if changed else " (sudah demikian / already so)"
    say(f"{app.application_id} v{app.version}: {app.status}{note}")
    return 0


def _opener(settings: ServerSettings, passphrase_stdin: bool) -> Opener:
    from ..seal_keys import KeyRing
    from ..storage_choice import open_storage
    from ..unsealing import Opener

    passphrase = stdin_passphrase(passphrase_stdin)
    return Opener(open_storage(settings), KeyRing(settings.seal_keys_dir), passphrase)


def _show_arguments(show: argparse.ArgumentParser, _common: Parents) -> None:
    show.add_argument("id")
    show.add_argument("--version", type=int)
    show.add_argument("--operator", help=_READER_HELP)
    show.add_argument("--passphrase-stdin", action="store_true", help=_PASSPHRASE_HELP)


def _show(args: argparse.Namespace, settings: ServerSettings) -> int:
    from ..reports import show_application

    application_id = _application_id(args.id)
    if application_id is None:
        return EXIT_USAGE
    opener = _opener(settings, args.passphrase_stdin)
    with open_database(settings) as database:
        shown = show_application(
            database, application_id, args.version, args.operator or default_operator(), opener
        )
    say(json.dumps(shown, ensure_ascii=False, indent=1))
    return 0


def _open_arguments(opened: argparse.ArgumentParser, _common: Parents) -> None:
    opened.add_argument("id")
    opened.add_argument("document_code", help="e.g. kk, ktp-el, data-pemohon")
    opened.add_argument("--out", required=True, help="a NEW file (never overwritten), mode 0600")
    opened.add_argument("--version", type=int)
    opened.add_argument("--passphrase-stdin", action="store_true", help=_PASSPHRASE_HELP)
    opened.add_argument("--operator", help=_READER_HELP)


def _open_attachment(args: argparse.Namespace, settings: ServerSettings) -> int:
    from ..unsealing import open_attachment, write_new_file

    application_id = _application_id(args.id)
    if application_id is None:
        return EXIT_USAGE
    out = Path(args.out).expanduser().absolute()
    if out.exists() or out.is_symlink():
        err(f"Berkas {out} sudah ada; tidak ditimpa / {out} exists already; not overwritten")
        return EXIT_REFUSED
    if not out.parent.is_dir():
        err(f"Folder {out.parent} tidak ada / there is no folder {out.parent}")
        return EXIT_REFUSED
    opener = _opener(settings, args.passphrase_stdin)
    with open_database(settings) as database:
        opened = open_attachment(
            database,
            opener,
            application_id,
            args.document_code,
            args.version,
            args.operator or default_operator(),
        )
    try:
        write_new_file(out, opened.data)
    except OSError as exc:
        err(f"Gagal menulis {out}: {exc.strerror} / could not write {out}: {exc.strerror}")
        return EXIT_REFUSED
    say(str(out))
    err(
        f"{opened.document_code} ({opened.content_type}, {len(opened.data)} bytes) dari "
        f"{opened.application_id} v{opened.version} ditulis; hapus bila tidak diperlukan lagi / "
        f"written; delete it once it is no longer needed"
    )
    return 0


APPLICATIONS = Command("applications", "list every application", _list_arguments, _applications)
DECIDE = Command("decide", "record a verifier's decision", _decide_arguments, _decide)
SHOW = Command("show", "one application WITH its fields", _show_arguments, _show)
OPEN_ATTACHMENT = Command(
    "open-attachment",
    "write one document of an application in clear",
    _open_arguments,
    _open_attachment,
)
