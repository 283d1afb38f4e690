"""`kiosk audit verify|list` and `kiosk operator add`: accountability from the command line."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    audit = subparsers.add_parser("audit", help="jejak audit / audit trail")
    actions = audit.add_subparsers(dest="audit_action", metavar="ACTION", required=True)
    verify = actions.add_parser("verify", parents=[common], help="periksa keutuhan / verify")
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(handler=run_verify)
    listing = actions.add_parser("list", parents=[common], help="entri terbaru / newest entries")
    listing.add_argument("--limit", type=int, default=50)
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_list)

    operator = subparsers.add_parser("operator", help="akun petugas / operator accounts")
    op_actions = operator.add_subparsers(dest="operator_action", metavar="ACTION", required=True)
    add = op_actions.add_parser("add", parents=[common], help="tambah petugas / add an operator")
    add.add_argument("username")
    add.add_argument("--name", required=True, help="nama lengkap / full name")
    add.add_argument("--role", choices=["petugas", "supervisor", "admin"], default="petugas")
    add.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from standard input (scripts)",
    )
    add.add_argument(
        "--by",
        help="supervisor yang menambah (kata sandinya diminta) / supervisor adding, who gives "
        "their password (with --password-stdin: the second line); needed after the first run",
    )
    add.set_defaults(handler=run_add_operator)


def _store(args: argparse.Namespace) -> Any:
    from kiosk.local_store import Store
    from kiosk.paths import resolve_data_dir

    return Store.open(resolve_data_dir(args.data_dir))


def run_verify(args: argparse.Namespace) -> int:
    from ui.cli.output import print_json

    check = _store(args).audit.verify()
    if args.json:
        print_json(check.as_dict())
    elif check.ok:
        sys.stdout.write(f"Jejak audit utuh / audit trail intact: {check.entries} entri\n")
    else:
        sys.stdout.write(
            f"JEJAK AUDIT RUSAK / AUDIT TRAIL TAMPERED at entry {check.first_bad_seq}: "
            f"{check.problem}\n"
        )
    return 0 if check.ok else 1


def run_list(args: argparse.Namespace) -> int:
    from ui.cli.output import print_json

    entries = _store(args).audit.entries(limit=args.limit)
    if args.json:
        print_json(entries)
    else:
        for e in entries:
            sys.stdout.write(
                f"{e['seq']:>6} {e['at'][:19]} {e['operator']:<16} {e['action']:<14} "
                f"{e['number'] or '-'} {e['detail']}\n"
            )
    return 0


def run_add_operator(args: argparse.Namespace) -> int:
    from kiosk.accounts import AuthError, Role

    store = _store(args)
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Kata sandi / password: ")
    creator = None
    try:
        if args.by:
            # With --password-stdin the supervisor's password is the next line.
            secret = (
                sys.stdin.readline().rstrip("\r\n")
                if args.password_stdin
                else getpass.getpass(f"Kata sandi {args.by}: ")
            )
            creator = store.accounts.authenticate(args.by, secret)
        store.accounts.create(
            args.username, args.name, password, Role(args.role), created_by=creator
        )
    except AuthError as exc:
        sys.stderr.write(f"Ditolak: {exc.message_id}\nRefused: {exc.message_en}\n")
        return 1
    sys.stdout.write(f"Petugas {args.username} dibuat / operator created\n")
    return 0
