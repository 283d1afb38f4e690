"""`kiosk-server user add|disable|reset-password|set-access|list`: the back office's named staff
accounts (the admin page of the back office does the same through the same functions)."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from .common import EXIT_USAGE, Command, Parents, default_operator, open_database, read_secret, say

if TYPE_CHECKING:
    from ..config import ServerSettings

ROLES = ["verifikator", "supervisor", "admin"]


def _arguments(user: argparse.ArgumentParser, common: Parents) -> None:
    actions = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", parents=common, help="create a back-office account")
    add.add_argument("username")
    add.add_argument("--name", required=True, help="display name")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument(
        "--office",
        action="append",
        default=[],
        help="an office a verifikator sees (repeat for more), e.g. 51.08.01.2001",
    )
    add.add_argument("--password-stdin", action="store_true", help="read it from stdin")
    disable = actions.add_parser("disable", parents=common, help="disable an account now")
    disable.add_argument("username")
    reset = actions.add_parser("reset-password", parents=common, help="a new password")
    reset.add_argument("username")
    reset.add_argument("--password-stdin", action="store_true", help="read it from stdin")
    access = actions.add_parser("set-access", parents=common, help="change role and offices")
    access.add_argument("username")
    access.add_argument("--role", required=True, choices=ROLES)
    access.add_argument("--office", action="append", default=[], help="repeat for more")
    listing = actions.add_parser("list", parents=common, help="list accounts (no hashes)")
    listing.add_argument("--json", action="store_true")


def _run(args: argparse.Namespace, settings: ServerSettings) -> int:
    from .. import staff

    actor = default_operator()
    with open_database(settings) as database:
        if args.user_command == "add":
            secret = read_secret(args.password_stdin, "password")
            if secret is None:
                return EXIT_USAGE
            member = staff.add_user(
                database,
                args.username,
                args.name,
                staff.StaffRole(args.role),
                args.office,
                secret,
                actor,
            )
            say(f"Pengguna {member.username} dibuat / user created ({member.role.value})")
        elif args.user_command == "reset-password":
            secret = read_secret(args.password_stdin, "password")
            if secret is None:
                return EXIT_USAGE
            staff.reset_password(database, args.username, secret, actor)
            say(f"{args.username}: kata sandi diganti / password reset")
        elif args.user_command == "set-access":
            member = staff.set_access(
                database, args.username, staff.StaffRole(args.role), args.office, actor
            )
            say(f"{member.username}: {member.role.value} {sorted(member.offices or ['*'])}")
        elif args.user_command == "disable":
            staff.disable_user(database, args.username, actor)
            say(f"{args.username}: dinonaktifkan / disabled")
        else:
            members = staff.list_users(database)
            if args.json:
                say(json.dumps([m.as_dict() for m in members], ensure_ascii=False, indent=1))
                return 0
            for m in members:
                state = "aktif/active" if m.active else "nonaktif/disabled"
                offices = ",".join(sorted(m.offices)) if m.offices is not None else "*"
                say(f"{m.username:<20} {m.role.value:<12} {state:<18} {offices} {m.display_name}")
    return 0


USER = Command("user", "back-office staff accounts", _arguments, _run)
