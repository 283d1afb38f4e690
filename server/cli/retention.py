"""`kiosk-server retention run [--dry-run]`: erase what the retention period says is due.

The periods come from --keep-days / --partial-days, else KIOSK_SERVER_RETENTION_DAYS /
KIOSK_SERVER_PARTIAL_UPLOAD_DAYS, else server.retention's defaults. Every erasure is recorded
in the audit chain as the CLI user (`cli:<login>`) or `--operator`; a dry run changes nothing.
"""

from __future__ import annotations

import argparse
import json
import os
from typing import TYPE_CHECKING

from .common import EXIT_USAGE, Command, Parents, default_operator, err, open_database, say

if TYPE_CHECKING:
    from ..config import ServerSettings


def _days(name: str, default: int) -> int | None:
    text = os.environ.get(name)
    if not text:
        return default
    try:
        return int(text)
    except ValueError:
        err(f"{name} harus bilangan hari / {name} must be a number of days")
        return None


def _arguments(retention: argparse.ArgumentParser, common: Parents) -> None:
    actions = retention.add_subparsers(dest="retention_command", metavar="ACTION", required=True)
    run = actions.add_parser(
        "run", parents=common, help="erase attachments and data past the retention period"
    )
    run.add_argument("--dry-run", action="store_true", help="only print what would be removed")
    run.add_argument("--keep-days", type=int, help="days after collection/rejection to keep")
    run.add_argument("--partial-days", type=int, help="days an unfinished upload is kept")
    run.add_argument("--operator", help="who runs it, for the audit log (default: cli:USER)")
    run.add_argument("--json", action="store_true", help="machine-readable output")


def _run(args: argparse.Namespace, settings: ServerSettings) -> int:
    from ..models import utc_now
    from ..retention import (
        DEFAULT_KEEP_DAYS,
        DEFAULT_PARTIAL_DAYS,
        RetentionPolicy,
        run_retention,
    )
    from ..storage_choice import open_storage

    keep = args.keep_days or _days("KIOSK_SERVER_RETENTION_DAYS", DEFAULT_KEEP_DAYS)
    partial = args.partial_days or _days("KIOSK_SERVER_PARTIAL_UPLOAD_DAYS", DEFAULT_PARTIAL_DAYS)
    if keep is None or partial is None:
        return EXIT_USAGE
    try:
        policy = RetentionPolicy(keep_days=keep, partial_days=partial)
    except ValueError:
        err("Masa simpan minimal 1 hari / retention periods must be at least 1 day")
        return EXIT_USAGE
    with open_database(settings) as database:
        report = run_retention(
            database,
            open_storage(settings),
            policy,
            now=utc_now(),
            operator_id=args.operator or default_operator(),
            dry_run=args.dry_run,
        )
    if args.json:
        say(
            json.dumps(
                {
                    "dry_run": report.dry_run,
                    "keep_days": policy.keep_days,
                    "partial_days": policy.partial_days,
                    "erased": [
                        {
                            "application_id": str(e.application_id),
                            "version": e.version,
                            "number": e.number,
                            "status": e.status,
                            "ended_at": e.ended_at.isoformat(),
                        }
                        for e in report.erased
                    ],
                    "removed_blobs": report.removed_blobs,
                    "kept_shared_blobs": report.kept_shared_blobs,
                    "discarded_partials": [
                        {
                            "application_id": str(p.application_id),
                            "version": p.version,
                            "sha256": p.sha256,
                            "received_bytes": p.received_bytes,
                        }
                        for p in report.discarded_partials
                    ],
                },
                indent=1,
            )
        )
        return 0
    verb = "Akan dihapus / would remove" if report.dry_run else "Dihapus / removed"
    say(
        f"{verb}: {len(report.erased)} versi permohonan / application versions "
        f"(selesai > {policy.keep_days} hari / ended > {policy.keep_days} days ago), "
        f"{len(report.removed_blobs)} berkas lampiran / attachment blobs, "
        f"{len(report.discarded_partials)} unggahan tak selesai / unfinished uploads "
        f"(> {policy.partial_days} hari / days)"
    )
    for e in report.erased:
        say(f"  {e.number} {e.application_id} v{e.version} {e.status} {e.ended_at.date()}")
    for p in report.discarded_partials:
        say(
            f"  unggahan / upload {p.application_id} v{p.version} {p.sha256[:12]} "
            f"{p.received_bytes} B"
        )
    if report.kept_shared_blobs:
        say(
            f"Tetap disimpan (dipakai permohonan lain) / kept (used by another application): "
            f"{len(report.kept_shared_blobs)}"
        )
    return 0


RETENTION = Command("retention", "retention and erasure of old applications", _arguments, _run)
