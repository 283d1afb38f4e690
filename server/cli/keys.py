"""`kiosk-server keys create|rotate|show-public`: the key pair citizen data is sealed to."""

from __future__ import annotations

import argparse
import json
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
)

if TYPE_CHECKING:
    from ..config import ServerSettings


def _arguments(keys: argparse.ArgumentParser, common: Parents) -> None:
    key_actions = keys.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    for action, text in (("create", "the first key pair"), ("rotate", "a new current key pair")):
        made = key_actions.add_parser(action, parents=common, help=text)
        made.add_argument("--passphrase-stdin", action="store_true", help="encrypt the private key")
    public = key_actions.add_parser("show-public", parents=common, help="the current public key")
    public.add_argument("--json", action="store_true")


def _run(args: argparse.Namespace, settings: ServerSettings) -> int:
    from .. import audit
    from ..clear_sealing import seal_clear_applications, seal_clear_documents
    from ..seal_keys import KeyRing
    from ..storage import LocalDiskStorage

    keyring = KeyRing(settings.seal_keys_dir)
    if args.keys_command == "show-public":
        current = keyring.current()
        if current is None:
            err("Belum ada kunci; `kiosk-server keys create` / no key yet: `keys create`")
            return EXIT_REFUSED
        if args.json:
            say(json.dumps(current.as_dict(current=True), indent=1))
        else:
            public = current.as_public()
            say(f"key_id      {public.key_id}\nalgorithm   {public.algorithm}")
            say(f"public_key  {public.public_key}\nfingerprint {public.fingerprint}")
            say(f"created_at  {public.created_at.isoformat()}")
        return 0
    passphrase = new_key_passphrase(args.passphrase_stdin)
    with open_database(settings) as database:
        if args.keys_command == "create":
            made = keyring.create(passphrase)
        else:
            made = keyring.rotate(passphrase)
        with database.write() as session:
            audit.record(
                session,
                f"seal_key_{args.keys_command}d",
                default_operator(),
                detail=f"{made.key_id} {made.fingerprint}",
            )
        # Applications that arrived in clear before this key existed: their fields get
        # sealed to it now (server.clear_sealing); running `keys rotate` again is harmless.
        sealed = seal_clear_applications(database, made, default_operator())
        documents = seal_clear_documents(
            database,
            LocalDiskStorage(settings.attachments_dir),
            made,
            default_operator(),
            _document_progress,
        )
    say(made.fingerprint)
    if sealed:
        err(
            f"Data pemohon {sealed} permohonan yang diterima terbuka kini disegel / the "
            f"applicant fields of {sealed} applications received in clear are now sealed"
        )
    if documents:
        err(
            f"Dokumen {documents} yang diterima terbuka kini disegel / {documents} documents "
            "received in clear are now sealed"
        )
    err(
        f"Kunci {made.key_id} kini aktif; sidik jari di atas / key {made.key_id} is now "
        f"current; its fingerprint is above ({settings.seal_keys_dir})"
    )
    return 0


def _document_progress(done: int, total: int) -> None:
    """One line per twentieth of the work (and the last one), on stderr."""
    if done == total or done % max(1, total // 20) == 0:
        err(f"Menyegel dokumen {done}/{total} / sealing documents {done}/{total}")


KEYS = Command("keys", "the key pair citizen data is sealed to", _arguments, _run)
