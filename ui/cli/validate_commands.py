"""`kiosk validate nik|kk|phone|name`: the same checks the wizard runs, for scripts and support."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"tanggal harus YYYY-MM-DD / date must be YYYY-MM-DD: {text!r}"
        ) from exc


def _sex(text: str) -> str:
    if text.upper() not in ("L", "P"):
        raise argparse.ArgumentTypeError("jenis kelamin L atau P / sex must be L or P")
    return text.upper()


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    validate = subparsers.add_parser(
        "validate", help="periksa NIK, No. KK, nomor HP atau nama / validate identifiers"
    )
    kinds = validate.add_subparsers(dest="kind", metavar="KIND", required=True)
    nik = kinds.add_parser("nik", parents=[common], help="NIK (16 digit)")
    nik.add_argument("value", metavar="NIK")
    nik.add_argument("--birth-date", type=_iso_date, help="YYYY-MM-DD, dibandingkan dengan NIK")
    nik.add_argument("--sex", type=_sex, help="L atau P, dibandingkan dengan NIK")
    kk = kinds.add_parser("kk", parents=[common], help="No. KK (16 digit)")
    kk.add_argument("value", metavar="NOKK")
    phone = kinds.add_parser("phone", parents=[common], help="nomor HP / WhatsApp")
    phone.add_argument("value", metavar="PHONE")
    name = kinds.add_parser("name", parents=[common], help="nama seperti di KTP")
    name.add_argument("value", metavar="NAME")
    for parser in (nik, kk, phone, name):
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from kiosk.validation import validate_name, validate_nik, validate_no_kk, validate_phone
    from ui.cli.output import print_json

    if args.kind == "nik":
        result = validate_nik(args.value, birth_date=args.birth_date, sex=args.sex)
    elif args.kind == "kk":
        result = validate_no_kk(args.value)
    elif args.kind == "phone":
        result = validate_phone(args.value)
    else:
        result = validate_name(args.value)
    if args.json:
        print_json(result.as_dict())
    else:
        verdict = "SAH / valid" if result.valid else "TIDAK SAH / invalid"
        lines = [f"{args.kind.upper()} {result.value}: {verdict}"]
        for key in ("province_name", "regency_name", "district_name", "birth_date", "sex"):
            if key in result.details:
                lines.append(f"  {key}: {result.details[key]}")
        for issue in result.issues:
            lines.append(f"  [{issue.severity.value}] {issue.message_id} / {issue.message_en}")
        sys.stdout.write("\n".join(lines) + "\n")
    return 0 if result.valid else 1
