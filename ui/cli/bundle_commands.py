"""`kiosk bundle export|ack`: sealed USB bundles for jemput bola laptops (sync.bundle)."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    bundle = subparsers.add_parser(
        "bundle", help="bundel USB tersegel / sealed USB bundles (jemput bola)"
    )
    actions = bundle.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = actions.add_parser(
        "export",
        parents=[common],
        help="tulis antrean tersegel ke berkas / write the sealed queue to a file",
    )
    export.add_argument("--out", required=True, help="e.g. a file on the USB stick")
    export.add_argument("--json", action="store_true")
    export.set_defaults(handler=run_bundle)
    ack = actions.add_parser(
        "ack",
        parents=[common],
        help="ambil tanda terima server / take the server's receipt (FILE.receipt.json)",
    )
    ack.add_argument("file", metavar="FILE")
    ack.add_argument("--json", action="store_true")
    ack.set_defaults(handler=run_bundle)


def run_bundle(args: argparse.Namespace) -> int:
    from pathlib import Path

    from kiosk.errors import KioskError
    from kiosk.local_store import Store
    from kiosk.paths import resolve_data_dir
    from sync.bundle import acknowledge_receipt, export_bundle
    from ui.cli.output import print_error, print_json
    from ui.viewmodels.visits import waiting_for_bundle

    target = args.out if args.action == "export" else args.file
    try:
        store = Store.open(resolve_data_dir(args.data_dir))
        try:
            if args.action == "export" and waiting_for_bundle(store) == 0:
                result: dict[str, Any] = {"ok": True, "file": None, "applications": 0}
                text = (
                    "Tidak ada permohonan yang perlu dibawa / nothing to carry: "
                    "tidak ada berkas yang ditulis / no file was written"
                )
            elif args.action == "export":
                exported = export_bundle(store, Path(target))
                result = {
                    "ok": True,
                    "file": str(exported.path),
                    "applications": exported.applications,
                    "files": exported.files,
                    "audit_entries": exported.audit_entries,
                    "not_sealed": exported.not_sealed,
                    "bytes": exported.bytes,
                }
                text = (
                    f"Bundel ditulis / bundle written: {exported.path} "
                    f"({exported.applications} permohonan / applications)"
                )
                if exported.not_sealed:
                    text += (
                        f"\n{exported.not_sealed} permohonan belum tersegel dan tidak ikut; "
                        "kirim lewat jaringan / applications not sealed yet were left out; "
                        "sync them over the network"
                    )
            else:
                acked = acknowledge_receipt(store, Path(target))
                result = {
                    "ok": True,
                    "acknowledged": acked.acknowledged,
                    "already": acked.already,
                    "refused": acked.refused,
                }
                text = (
                    f"Diterima server / acknowledged: {acked.acknowledged} "
                    f"(sudah sebelumnya / already: {acked.already})"
                )
                for refused in acked.refused:
                    text += f"\nDitolak server / refused: {refused['number']}: {refused['message']}"
        finally:
            store.close()
    except KioskError as exc:
        print_error(exc, as_json=args.json)
        return 1
    if args.json:
        print_json(result)
    else:
        sys.stdout.write(text + "\n")
    return 0
