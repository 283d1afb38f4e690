"""`kiosk-server retention run [--dry-run]`: erase what the retention period says is due,
then sweep the attachment storage for orphans (server.orphan_sweep).

The periods come from --keep-days / --partial-days / --orphan-days, else
KIOSK_SERVER_RETENTION_DAYS / KIOSK_SERVER_PARTIAL_UPLOAD_DAYS / KIOSK_SERVER_ORPHAN_DAYS,
else the defaults of server.retention and server.orphan_sweep; each must be at least 1 (a 0
would erase everything ended today, or objects of uploads under way): anything less is a
usage error (exit 2). Every erasure is recorded in the audit chain as the CLI user
(`cli:<login>`) or `--operator`; a dry run changes nothing.
"""

from __future__ import annotations

import argparse
import json
import os
from typing import TYPE_CHECKING

from .common import EXIT_USAGE, Command, Parents, default_operator, err, open_database, say

if TYPE_CHECKING:
    from ..config import ServerSettings
    from ..storage import StoredObject


def _days(given: int | None, option: str, name: str, default: int) -> int | None:
    """The option, else the variable, else the default; None (after saying why) if < 1."""
    source = option
    if given is None:
        text = os.environ.get(name)
        if not text:
            return default
        try:
            given = int(text)
        except ValueError:
            err(f"{name} harus bilangan hari / {name} must be a number of days")
            return None
        source = name
    if given < 1:
        why_id, why_en = _TOO_SHORT[option]
        err(
            f"{source} {given} ditolak: minimal 1 hari; {why_id} / {source} {given} refused: "
            f"at least 1 day; {why_en}"
        )
        return None
    return given


_TOO_SHORT = {
    "--keep-days": (
        "0 akan menghapus hari ini juga semua permohonan yang sudah selesai",
        "0 would erase every application that has ended, today",
    ),
    "--partial-days": (
        "0 akan membuang unggahan yang sedang berjalan",
        "0 would discard uploads under way",
    ),
    "--orphan-days": (
        "0 akan menghapus berkas unggahan yang belum sempat tercatat",
        "0 would remove objects of uploads not committed yet",
    ),
}


def _arguments(retention: argparse.ArgumentParser, common: Parents) -> None:
    actions = retention.add_subparsers(dest="retention_command", metavar="ACTION", required=True)
    run = actions.add_parser(
        "run", parents=common, help="erase attachments and data past the retention period"
    )
    run.add_argument("--dry-run", action="store_true", help="only print what would be removed")
    run.add_argument("--keep-days", type=int, help="days after collection/rejection to keep")
    run.add_argument("--partial-days", type=int, help="days an unfinished upload is kept")
    run.add_argument(
        "--orphan-days",
        type=int,
        help="days before a stored object no database row refers to is removed",
    )
    run.add_argument("--operator", help="who runs it, for the audit log (default: cli:USER)")
    run.add_argument("--json", action="store_true", help="machine-readable output")


def _run(args: argparse.Namespace, settings: ServerSettings) -> int:
    from ..models import utc_now
    from ..orphan_sweep import DEFAULT_ORPHAN_DAYS, sweep_orphans
    from ..retention import (
        DEFAULT_KEEP_DAYS,
        DEFAULT_PARTIAL_DAYS,
        RetentionPolicy,
        run_retention,
    )
    from ..storage_choice import open_storage

    keep = _days(args.keep_days, "--keep-days", "KIOSK_SERVER_RETENTION_DAYS", DEFAULT_KEEP_DAYS)
    partial = _days(
        args.partial_days,
        "--partial-days",
        "KIOSK_SERVER_PARTIAL_UPLOAD_DAYS",
        DEFAULT_PARTIAL_DAYS,
    )
    orphan_days = _days(
        args.orphan_days, "--orphan-days", "KIOSK_SERVER_ORPHAN_DAYS", DEFAULT_ORPHAN_DAYS
    )
    if keep is None or partial is None or orphan_days is None:
        return EXIT_USAGE
    policy = RetentionPolicy(keep_days=keep, partial_days=partial)
    operator_id = args.operator or default_operator()
    with open_database(settings) as database:
        storage = open_storage(settings)
        now = utc_now()
        report = run_retention(
            database, storage, policy, now=now, operator_id=operator_id, dry_run=args.dry_run
        )
        orphans = sweep_orphans(
            database,
            storage,
            days=orphan_days,
            now=now,
            operator_id=operator_id,
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
                    "orphans": {
                        "orphan_days": orphans.days,
                        "blobs": [_stored(o) for o in orphans.blobs],
                        "partials": [_stored(o) for o in orphans.partials],
                        "bytes": orphans.removed_bytes,
                        "not_removed": orphans.not_removed,
                    },
                },
                indent=1,
            )
        )
        return 0
    verb = "Akan dihapus / would remove" if report.dry_run else "Dihapus / removed"
    _say_part(
        f"{verb}: {len(report.erased)} versi permohonan / application versions "
        f"(selesai > {policy.keep_days} hari / ended > {policy.keep_days} days ago), "
        f"{len(report.removed_blobs)} berkas lampiran / attachment blobs, "
        f"{len(report.discarded_partials)} unggahan tak selesai / unfinished uploads "
        f"(> {policy.partial_days} hari / days)",
        [
            *(
                f"{e.number} {e.application_id} v{e.version} {e.status} {e.ended_at.date()}"
                for e in report.erased
            ),
            *(
                f"unggahan / upload {p.application_id} v{p.version} {p.sha256[:12]} "
                f"{p.received_bytes} B"
                for p in report.discarded_partials
            ),
        ],
        f"Tetap disimpan (dipakai permohonan lain) / kept (used by another application): "
        f"{len(report.kept_shared_blobs)}"
        if report.kept_shared_blobs
        else None,
    )
    _say_part(
        f"{verb}: {len(orphans.blobs)} berkas tak terpakai / orphaned blobs, "
        f"{len(orphans.partials)} unggahan tak terpakai / orphaned partial uploads, "
        f"{orphans.removed_bytes} B (tanpa baris basis data, > {orphans.days} hari / no "
        f"database row refers to them, > {orphans.days} days old)",
        [
            *(f"berkas / blob {o.key} {o.size} B {o.modified.date()}" for o in orphans.blobs),
            *(
                f"unggahan / upload {o.key} {o.size} B {o.modified.date()}"
                for o in orphans.partials
            ),
        ],
        f"Gagal dihapus (dicoba lagi lain kali) / could not be removed (tried again next "
        f"run): {orphans.not_removed}"
        if orphans.not_removed
        else None,
    )
    return 0


def _say_part(summary: str, items: list[str], note: str | None) -> None:
    """One part of the plain report (erasures, orphans): summary, an indented line an item, note.

    Both parts read alike so an operator scanning the output finds the counts first and the
    exceptions (kept, not removed) last.
    """
    say(summary)
    for item in items:
        say(f"  {item}")
    if note is not None:
        say(note)


def _stored(stored: StoredObject) -> dict[str, object]:
    return {"key": stored.key, "size": stored.size, "modified": stored.modified.isoformat()}


RETENTION = Command("retention", "retention and erasure of old applications", _arguments, _run)
