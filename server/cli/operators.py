"""`kiosk-server operator add|disable|enable|password|list`: the district's named operators."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from sync.protocol import OperatorRole

from .common import EXIT_USAGE, Command, Parents, default_operator, open_database, read_secret, say

if TYPE_CHECKING:
    from ..config import ServerSettings


def _arguments(operator: argparse.ArgumentParser, common: Parents) -> None:
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


def _run(args: argparse.Namespace, settings: ServerSettings) -> int:
    from .. import operators

    secret: str | None = None
    if args.operator_command in ("add", "password"):
        secret = read_secret(args.password_stdin, "password")
        if secret is None:
            return EXIT_USAGE
    actor = default_operator()
    with open_database(settings) as database:
        if args.operator_command == "add":
            assert secret is not None
            role = OperatorRole(args.role)
            operators.add_operator(
                database, args.username, args.office, args.name, role, secret, actor
            )
            say(f"Petugas {args.username.lower()} dibuat / operator created")
        elif args.operator_command == "password":
            assert secret is not None
            operators.set_password(database, args.username, secret, actor)
            say(f"Kata sandi {args.username} diganti / password replaced")
        elif args.operator_command in ("disable", "enable"):
            changed = operators.set_active(
                database, args.username, args.operator_command == "enable", actor
            )
            note = "" if changed else " (sudah demikian / already so)"
            say(f"{args.username}: {args.operator_command}d{note}")
        else:
            rows = operators.list_operators(database, args.office)
            if args.json:
                say(json.dumps(rows, ensure_ascii=False, indent=1))
            for row in [] if args.json else rows:
                state = "aktif/active" if row["active"] else "nonaktif/disabled"
                say(
                    f"{row['username']:<20} {row['office_code']:<14} {row['role']:<10} "
                    f"{state} v{row['version']} {row['display_name']}"
                )
    return 0


OPERATOR = Command("operator", "operator accounts", _arguments, _run)
