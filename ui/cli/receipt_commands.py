"""`kiosk receipt` and `kiosk recap`: the receipt PDF and the daily/monthly recap, headless.

`kiosk receipt` produces byte for byte the PDF the counter prints (same kiosk.receipts code,
same settings), so a receipt can be reprinted from a terminal. Both commands record what they
produced in the audit log under `--operator`.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ui.cli.operator_auth import add_operator_options

if TYPE_CHECKING:
    from kiosk.reports import ExportFormat

RECAP_SUFFIXES: dict[str, ExportFormat] = {".csv": "csv", ".pdf": "pdf"}


def _default_operator() -> str:
    """Who the recap's export entry names (counts only, no citizen's data in it)."""
    try:
        return os.environ.get("KIOSK_OPERATOR") or getpass.getuser()
    except (KeyError, OSError):
        return "cli"


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    receipt = subparsers.add_parser(
        "receipt",
        parents=[common],
        help="cetak tanda terima ke PDF / write an application receipt as PDF",
    )
    receipt.add_argument("number", metavar="NUMBER", help="nomor permohonan / application number")
    receipt.add_argument("--out", required=True, metavar="FILE.pdf")
    receipt.add_argument("--layout", choices=("a4", "80mm"), default="a4")
    receipt.add_argument("--version", type=int, help="versi tertentu / a given version")
    add_operator_options(receipt)
    receipt.add_argument("--json", action="store_true")
    receipt.set_defaults(handler=run_receipt)

    recap = subparsers.add_parser(
        "recap",
        parents=[common],
        help="rekap harian/bulanan ke PDF atau CSV / daily or monthly recap as PDF or CSV",
    )
    period = recap.add_mutually_exclusive_group(required=True)
    period.add_argument("--day", metavar="YYYY-MM-DD")
    period.add_argument("--month", metavar="YYYY-MM")
    recap.add_argument("--out", required=True, metavar="FILE.pdf|FILE.csv")
    recap.add_argument("--operator", default=_default_operator(), help="nama petugas / operator")
    recap.add_argument("--json", action="store_true", help="cetak rekap sebagai JSON")
    recap.set_defaults(handler=run_recap)


def _refuse(message_id: str, message_en: str, *, as_json: bool, code: str, status: int) -> int:
    from ui.cli.output import print_json

    if as_json:
        print_json(
            {"ok": False, "error": {"code": code, "message": message_id, "message_en": message_en}}
        )
    sys.stderr.write(f"Ditolak: {message_id}\nRefused: {message_en}\n")
    return status


def run_receipt(args: argparse.Namespace) -> int:
    from kiosk.errors import KioskError
    from kiosk.local_store import Store
    from kiosk.paths import resolve_data_dir
    from kiosk.receipts import load_receipt, record_receipt_printed, render_receipt
    from kiosk.store.files import write_atomic
    from ui.cli.operator_auth import SignInRefused, sign_in
    from ui.cli.output import print_json

    out = Path(args.out)
    if args.version is not None and args.version < 1:
        return _refuse(
            "Versi harus 1 atau lebih",
            "The version must be 1 or more",
            as_json=args.json,
            code="usage",
            status=2,
        )
    try:
        store = Store.open(resolve_data_dir(args.data_dir))
    except KioskError as exc:
        return _refuse(exc.message_id, exc.message_en, as_json=args.json, code=exc.code, status=1)
    try:
        operator = sign_in(store, args).username
        data = load_receipt(store, args.number, operator=operator, version=args.version)
        write_atomic(out, render_receipt(data, args.layout), mode=0o600)
        action = record_receipt_printed(
            store, data, operator=operator, layout=args.layout, destination=str(out)
        )
    except SignInRefused as exc:
        return _refuse(exc.message_id, exc.message_en, as_json=args.json, code=exc.code, status=1)
    except KioskError as exc:
        return _refuse(exc.message_id, exc.message_en, as_json=args.json, code=exc.code, status=1)
    finally:
        store.close()
    if args.json:
        print_json(
            {
                "ok": True,
                "number": data.number,
                "version": data.version,
                "layout": args.layout,
                "out": str(out),
                "audit": action,
            }
        )
    else:
        again_id, again_en = ("cetak ulang", "reprint") if action == "reprint" else ("", "")
        note = f" ({again_id} / {again_en})" if again_id else ""
        sys.stdout.write(f"Tanda terima {data.number} disimpan di / receipt saved to {out}{note}\n")
    return 0


def run_recap(args: argparse.Namespace) -> int:
    from kiosk.errors import KioskError
    from kiosk.local_store import Store
    from kiosk.paths import resolve_data_dir
    from kiosk.reports import build_recap, export_recap, parse_day, parse_month
    from kiosk.store.files import write_atomic
    from ui.cli.output import print_json

    out = Path(args.out)
    fmt = RECAP_SUFFIXES.get(out.suffix.lower())
    if fmt is None:
        return _refuse(
            f"Berkas keluaran harus berakhiran .pdf atau .csv, bukan '{out.name}'",
            f"The output file must end in .pdf or .csv, not '{out.name}'",
            as_json=args.json,
            code="usage",
            status=2,
        )
    try:
        period = parse_day(args.day) if args.day else parse_month(args.month)
    except KioskError as exc:
        return _refuse(exc.message_id, exc.message_en, as_json=args.json, code=exc.code, status=2)
    try:
        store = Store.open(resolve_data_dir(args.data_dir))
    except KioskError as exc:
        return _refuse(exc.message_id, exc.message_en, as_json=args.json, code=exc.code, status=1)
    try:
        recap = build_recap(store, period)
        data = export_recap(store, recap, fmt, operator=args.operator, destination=str(out))
        write_atomic(out, data, mode=0o644)
    except KioskError as exc:
        return _refuse(exc.message_id, exc.message_en, as_json=args.json, code=exc.code, status=1)
    finally:
        store.close()
    if args.json:
        print_json({"ok": True, "out": str(out), "format": fmt, **recap.as_dict()})
    else:
        sys.stdout.write(
            f"Rekap {period.label_id}: {recap.total} permohonan, disimpan di / "
            f"recap for {period.label_en}: {recap.total} applications, saved to {out}\n"
        )
    return 0
