"""`kiosk-server` commands of issue 6: operators, audit, keys, device rotation, show, opening.

Every command that changes something or reads citizen data records who did it (the CLI
user, `cli:<login>`, or `--operator`) in the server's audit chain.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sync.protocol import OperatorRole

from .cli_support import (
    EXIT_NOT_MIGRATED,
    EXIT_REFUSED,
    EXIT_USAGE,
    default_operator,
    parse_uuid,
)
from .cli_support import open_database as _open

if TYPE_CHECKING:
    from .config import ServerSettings
    from .unsealing import Opener

MIN_PASSPHRASE = 12
_PASSPHRASE_HELP = "the sealing key's passphrase, first line of stdin (encrypted keys only)"


def add_parsers(sub: Any, common: list[argparse.ArgumentParser]) -> None:
    """Adds the commands to the `kiosk-server` subparsers."""
    operator = sub.add_parser("operator", parents=common, help="operator accounts")
    ops = operator.add_subparsers(dest="operator_command", metavar="ACTION", required=True)
    add = ops.add_parser("add", parents=common, help="create an operator of one office")
    add.add_argument("username")
    add.add_argument("--office", required=True, help="wilayah code, e.g. 51.08.01.2001")
    add.add_argument("--name", required=True, help="display name")
    add.add_argument("--role", required=True, choices=[role.value for role in OperatorRole])
    add.add_argument("--password-stdin", action="store_true", help="read it from stdin")
    for action in ("disable", "enable"):
        toggle = ops.add_parser(action, parents=common, help=f"{action} an operator")
        toggle.add_argument("username")
    password = ops.add_parser("password", parents=common, help="set a new password")
    password.add_argument("username")
    password.add_argument("--password-stdin", action="store_true")
    listing = ops.add_parser("list", parents=common, help="list operators (no hashes)")
    listing.add_argument("--office")
    listing.add_argument("--json", action="store_true")

    audit = sub.add_parser("audit", parents=common, help="the audit chains")
    audits = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = audits.add_parser("verify", parents=common, help="check every chain; exit 1 if bad")
    verify.add_argument("--json", action="store_true")

    rotate = sub.add_parser(
        "rotate-device", parents=common, help="void a device's credential; print a code"
    )
    rotate.add_argument("device_id")
    rotate.add_argument("--ttl-hours", type=int, default=72)

    show = sub.add_parser("show", parents=common, help="one application WITH its fields")
    show.add_argument("id")
    show.add_argument("--version", type=int)
    show.add_argument("--operator", help="who reads, for the audit log (default: cli:USER)")
    show.add_argument("--passphrase-stdin", action="store_true", help=_PASSPHRASE_HELP)

    opened = sub.add_parser(
        "open-attachment", parents=common, help="write one document of an application in clear"
    )
    opened.add_argument("id")
    opened.add_argument("document_code", help="e.g. kk, ktp-el, data-pemohon")
    opened.add_argument("--out", required=True, help="a NEW file (never overwritten), mode 0600")
    opened.add_argument("--version", type=int)
    opened.add_argument("--passphrase-stdin", action="store_true", help=_PASSPHRASE_HELP)
    opened.add_argument("--operator", help="who reads, for the audit log (default: cli:USER)")

    keys = sub.add_parser("keys", parents=common, help="the key pair citizen data is sealed to")
    key_actions = keys.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    for action, text in (("create", "the first key pair"), ("rotate", "a new current key pair")):
        made = key_actions.add_parser(action, parents=common, help=text)
        made.add_argument("--passphrase-stdin", action="store_true", help="encrypt the private key")
    public = key_actions.add_parser("show-public", parents=common, help="the current public key")
    public.add_argument("--json", action="store_true")


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


def _read_secret(from_stdin: bool, what: str) -> str | None:
    """A password from stdin (first line) or typed twice at a terminal; None if neither."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        _err(f"Gunakan --{what}-stdin bila tidak di terminal / use --{what}-stdin without a tty")
        return None
    first = getpass.getpass(f"{what}: ")
    if getpass.getpass(f"{what} (ulangi / again): ") != first:
        _err("Tidak sama / they differ")
        return None
    return first


def _cmd_operator(args: argparse.Namespace, settings: ServerSettings) -> int:
    from . import operators

    secret: str | None = None
    if args.operator_command in ("add", "password"):
        secret = _read_secret(args.password_stdin, "password")
        if secret is None:
            return EXIT_USAGE
    database = _open(settings)
    if database is None:
        return EXIT_NOT_MIGRATED
    actor = default_operator()
    try:
        if args.operator_command == "add":
            assert secret is not None
            role = OperatorRole(args.role)
            operators.add_operator(
                database, args.username, args.office, args.name, role, secret, actor
            )
            _say(f"Petugas {args.username.lower()} dibuat / operator created")
        elif args.operator_command == "password":
            assert secret is not None
            operators.set_password(database, args.username, secret, actor)
            _say(f"Kata sandi {args.username} diganti / password replaced")
        elif args.operator_command in ("disable", "enable"):
            changed = operators.set_active(
                database, args.username, args.operator_command == "enable", actor
            )
            note = "" if changed else " (sudah demikian / already so)"
            _say(f"{args.username}: {args.operator_command}d{note}")
        else:
            rows = operators.list_operators(database, args.office)
            if args.json:
                _say(json.dumps(rows, ensure_ascii=False, indent=1))
            for row in [] if args.json else rows:
                state = "aktif/active" if row["active"] else "nonaktif/disabled"
                _say(
                    f"{row['username']:<20} {row['office_code']:<14} {row['role']:<10} "
                    f"{state} v{row['version']} {row['display_name']}"
                )
    finally:
        database.dispose()
    return 0


def _cmd_audit(args: argparse.Namespace, settings: ServerSettings) -> int:
    from .audit import verify_server_chain
    from .device_audit import verify_device_chains

    database = _open(settings)
    if database is None:
        return EXIT_NOT_MIGRATED
    try:
        with database.read() as session:
            checks = [verify_server_chain(session), *verify_device_chains(session)]
    finally:
        database.dispose()
    ok = all(check.ok for check in checks)
    if args.json:
        _say(json.dumps({"ok": ok, "chains": [c.as_dict() for c in checks]}, indent=1))
    else:
        for check in checks:
            state = "utuh/intact" if check.ok else "RUSAK/TAMPERED"
            _say(f"{check.chain}: {state}, {check.entries} entries, head {check.head_seq}")
    bad = next((check for check in checks if not check.ok), None)
    if bad is not None:
        _err(f"{bad.chain}: entri {bad.first_bad_seq}: {bad.problem}")
        if bad.entry is not None:
            _err(json.dumps(bad.entry, ensure_ascii=False, default=str))
        return EXIT_REFUSED
    return 0


def _cmd_rotate_device(args: argparse.Namespace, settings: ServerSettings) -> int:
    from .credentials import force_reenrollment

    device_id = parse_uuid(args.device_id, "ID perangkat", "the device id")
    if device_id is None:
        return EXIT_USAGE
    if not 1 <= args.ttl_hours <= 24 * 90:
        _err("Masa berlaku 1-2160 jam / ttl 1-2160 hours")
        return EXIT_USAGE
    database = _open(settings)
    if database is None:
        return EXIT_NOT_MIGRATED
    try:
        code = force_reenrollment(database, device_id, args.ttl_hours, default_operator())
    finally:
        database.dispose()
    _say(code)
    _err(
        f"Kredensial lama tidak berlaku; daftarkan ulang perangkat dengan kode ini "
        f"(hanya untuk {device_id}, {args.ttl_hours} jam) / the old credential is void; "
        f"enroll the device again with this code (only {device_id}, {args.ttl_hours} hours)"
    )
    return 0


def _opener(settings: ServerSettings, passphrase_stdin: bool) -> Opener:
    from .seal_keys import KeyRing
    from .storage import LocalDiskStorage
    from .unsealing import Opener

    passphrase: bytes | None = None
    if passphrase_stdin:
        passphrase = sys.stdin.readline().rstrip("\r\n").encode("utf-8") or None
    return Opener(
        LocalDiskStorage(settings.attachments_dir), KeyRing(settings.seal_keys_dir), passphrase
    )


def _application_id(text: str) -> uuid.UUID | None:
    return parse_uuid(text, "ID permohonan", "the application id")


def _cmd_show(args: argparse.Namespace, settings: ServerSettings) -> int:
    from .reports import show_application

    application_id = _application_id(args.id)
    if application_id is None:
        return EXIT_USAGE
    opener = _opener(settings, args.passphrase_stdin)
    database = _open(settings)
    if database is None:
        return EXIT_NOT_MIGRATED
    try:
        shown = show_application(
            database, application_id, args.version, args.operator or default_operator(), opener
        )
    finally:
        database.dispose()
    _say(json.dumps(shown, ensure_ascii=False, indent=1))
    return 0


def _cmd_open_attachment(args: argparse.Namespace, settings: ServerSettings) -> int:
    from .unsealing import open_attachment, write_new_file

    application_id = _application_id(args.id)
    if application_id is None:
        return EXIT_USAGE
    out = Path(args.out).expanduser().absolute()
    if out.exists() or out.is_symlink():
        _err(f"Berkas {out} sudah ada; tidak ditimpa / {out} exists already; not overwritten")
        return EXIT_REFUSED
    if not out.parent.is_dir():
        _err(f"Folder {out.parent} tidak ada / there is no folder {out.parent}")
        return EXIT_REFUSED
    opener = _opener(settings, args.passphrase_stdin)
    database = _open(settings)
    if database is None:
        return EXIT_NOT_MIGRATED
    try:
        opened = open_attachment(
            database,
            opener,
            application_id,
            args.document_code,
            args.version,
            args.operator or default_operator(),
        )
    finally:
        database.dispose()
    try:
        write_new_file(out, opened.data)
    except OSError as exc:
        _err(f"Gagal menulis {out}: {exc.strerror} / could not write {out}: {exc.strerror}")
        return EXIT_REFUSED
    _say(str(out))
    _err(
        f"{opened.document_code} ({opened.content_type}, {len(opened.data)} bytes) dari "
        f"{opened.application_id} v{opened.version} ditulis; hapus bila tidak diperlukan lagi / "
        f"written; delete it once it is no longer needed"
    )
    return 0


def _cmd_keys(args: argparse.Namespace, settings: ServerSettings) -> int:
    from . import audit
    from .seal_keys import KeyRing

    keyring = KeyRing(settings.seal_keys_dir)
    if args.keys_command == "show-public":
        current = keyring.current()
        if current is None:
            _err("Belum ada kunci; `kiosk-server keys create` / no key yet: `keys create`")
            return EXIT_REFUSED
        if args.json:
            _say(json.dumps(current.as_dict(current=True), indent=1))
        else:
            public = current.as_public()
            _say(f"key_id      {public.key_id}\nalgorithm   {public.algorithm}")
            _say(f"public_key  {public.public_key}\nfingerprint {public.fingerprint}")
            _say(f"created_at  {public.created_at.isoformat()}")
        return 0
    passphrase: bytes | None = None
    if args.passphrase_stdin:
        typed = sys.stdin.readline().rstrip("\r\n")
        if len(typed) < MIN_PASSPHRASE:
            _err(f"Frasa sandi minimal {MIN_PASSPHRASE} karakter / passphrase: 12+ characters")
            return EXIT_USAGE
        passphrase = typed.encode("utf-8")
    database = _open(settings)
    if database is None:
        return EXIT_NOT_MIGRATED
    try:
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
    finally:
        database.dispose()
    _say(made.fingerprint)
    _err(
        f"Kunci {made.key_id} kini aktif; sidik jari di atas / key {made.key_id} is now "
        f"current; its fingerprint is above ({settings.seal_keys_dir})"
    )
    return 0


COMMANDS: dict[str, Any] = {
    "operator": _cmd_operator,
    "audit": _cmd_audit,
    "rotate-device": _cmd_rotate_device,
    "show": _cmd_show,
    "open-attachment": _cmd_open_attachment,
    "keys": _cmd_keys,
}
