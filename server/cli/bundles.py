"""`kiosk-server bundle import FILE`: a field laptop's USB bundle, through the sync intake."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from .common import Command, Parents, default_operator, say

if TYPE_CHECKING:
    from ..config import ServerSettings


def _arguments(parser: argparse.ArgumentParser, common: Parents) -> None:
    actions = parser.add_subparsers(dest="bundle_command", metavar="ACTION", required=True)
    imported = actions.add_parser(
        "import", parents=common, help="import a sealed bundle; writes FILE.receipt.json"
    )
    imported.add_argument("file", type=Path, metavar="FILE")
    imported.add_argument(
        "--receipt", type=Path, help="where the receipt goes (default: FILE.receipt.json)"
    )
    imported.add_argument("--operator", default=None, help="who imports (default: cli:<login>)")
    imported.add_argument("--json", action="store_true")


def _run(args: argparse.Namespace, settings: ServerSettings) -> int:
    from ..api.deps import build_context
    from ..bundles import import_bundle
    from .common import open_database

    with open_database(settings) as database:
        context = build_context(settings, database)
        report = import_bundle(
            database,
            context.intake,
            args.file,
            operator_id=args.operator or default_operator(),
            receipt_path=args.receipt,
        )
    result = {
        "bundle_id": str(report.bundle_id),
        "device_id": str(report.device_id),
        "received": len(report.received),
        "new": report.created,
        "already_held": report.replayed,
        "refused": [r.model_dump(mode="json") for r in report.refused],
        "audit_stored": report.audit_stored,
        "audit_problem": report.audit_problem,
        "receipt": str(report.receipt_path),
    }
    if args.json:
        say(json.dumps(result, indent=1))
    else:
        say(
            f"Bundel diimpor / bundle imported: {report.created} baru / new, "
            f"{report.replayed} sudah ada / already held, {len(report.refused)} ditolak / "
            f"refused"
        )
        for refused in report.refused:
            say(f"  {refused.number}: {refused.message}")
        say(
            f"Tanda terima untuk laptop / receipt for the laptop: {report.receipt_path} "
            "(`kiosk bundle ack --data-dir DIR FILE`)"
        )
    return 0


BUNDLE = Command("bundle", "import a field laptop's USB bundle", _arguments, _run)
