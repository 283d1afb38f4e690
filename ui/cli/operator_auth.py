"""Who runs a CLI command that reads or writes citizen data: a signed-in operator.

`kiosk apply`, `kiosk receipt` and `kiosk list --nik` act on citizen data exactly as the GUI
does, so they ask for the same thing the GUI's sign-in asks for: a named operator's username
and password (`--operator USER --password-stdin`, or a prompt on a terminal). The check is
Accounts.authenticate, so it is audited as sign_in / sign_in_failed, counts towards the same
lock-out, and the command's own audit entries name the operator who signed in, never a name
typed on the command line alone or the OS user.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.accounts import Operator
    from kiosk.local_store import Store


def add_operator_options(parser: argparse.ArgumentParser) -> None:
    """`--operator USER` and `--password-stdin` (the password is the first line of stdin)."""
    parser.add_argument(
        "--operator",
        default=os.environ.get("KIOSK_OPERATOR"),
        metavar="USER",
        help="nama pengguna petugas / operator's username (default: $KIOSK_OPERATOR)",
    )
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="baca kata sandi dari stdin / read the operator's password from standard input",
    )


class SignInRefused(Exception):
    """No operator, or the password did not sign them in; the text says which."""

    def __init__(self, message_id: str, message_en: str, code: str) -> None:
        super().__init__(message_en)
        self.message_id = message_id
        self.message_en = message_en
        self.code = code


def read_secret(args: argparse.Namespace, prompt: str) -> str:
    """The next password: a line of stdin with --password-stdin, else a terminal prompt."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise SignInRefused(
            "Kata sandi diperlukan: pakai --password-stdin atau jalankan di terminal",
            "A password is needed: use --password-stdin or run it in a terminal",
            "password_missing",
        )
    return getpass.getpass(prompt)


def sign_in(store: Store, args: argparse.Namespace) -> Operator:
    """Signs `--operator` in with their password, as the GUI's sign-in screen would.

    Raises:
        SignInRefused: no --operator, no password, a wrong password, a locked or disabled
            account (each failure audited by Accounts).
    """
    from kiosk.accounts import AuthError

    username = (args.operator or "").strip()
    if not username:
        raise SignInRefused(
            "Perintah ini membuka data warga: sebutkan petugas dengan --operator USER "
            "dan kata sandinya (--password-stdin)",
            "This command opens citizen data: name the operator with --operator USER and "
            "give their password (--password-stdin)",
            "operator_missing",
        )
    password = read_secret(args, f"Kata sandi {username} / password: ")
    try:
        return store.accounts.authenticate(username, password)
    except AuthError as exc:
        raise SignInRefused(exc.message_id, exc.message_en, exc.code) from exc
