"""`kiosk-server audit verify`: the server's audit chain and every device's uploaded one."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from .common import EXIT_REFUSED, Command, Parents, err, open_database, say

if TYPE_CHECKING:
    from ..config import ServerSettings


def _arguments(audit: argparse.ArgumentParser, common: Parents) -> None:
    audits = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = audits.add_parser("verify", parents=common, help="check every chain; exit 1 if bad")
    verify.add_argument("--json", action="store_true")


def _run(args: argparse.Namespace, settings: ServerSettings) -> int:
    from ..audit import verify_server_chain
    from ..device_audit import verify_device_chains

    with open_database(settings) as database:
        database.chain_audit_backlog(wait=True)  # entries still waiting join the chain first
        with database.read() as session:
            checks = [verify_server_chain(session), *verify_device_chains(session)]
    ok = all(check.ok for check in checks)
    if args.json:
        say(json.dumps({"ok": ok, "chains": [c.as_dict() for c in checks]}, indent=1))
    else:
        for check in checks:
            state = "utuh/intact" if check.ok else "RUSAK/TAMPERED"
            say(f"{check.chain}: {state}, {check.entries} entries, head {check.head_seq}")
    bad = next((check for check in checks if not check.ok), None)
    if bad is not None:
        err(f"{bad.chain}: entri {bad.first_bad_seq}: {bad.problem}")
        if bad.entry is not None:
            err(json.dumps(bad.entry, ensure_ascii=False, default=str))
        return EXIT_REFUSED
    return 0


AUDIT = Command("audit", "the audit chains", _arguments, _run)
