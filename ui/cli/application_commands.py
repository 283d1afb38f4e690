"""`kiosk apply`, `kiosk list` and `kiosk show`: headless entry to the local store."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any


def _default_operator() -> str:
    try:
        return os.environ.get("KIOSK_OPERATOR") or getpass.getuser()
    except (KeyError, OSError):
        return "cli"


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    apply = subparsers.add_parser(
        "apply", parents=[common], help="ajukan permohonan dari berkas JSON / submit from JSON"
    )
    apply.add_argument("--from-json", required=True, metavar="FILE")
    apply.add_argument("--operator", default=_default_operator(), help="nama petugas / operator")
    apply.add_argument(
        "--duplicate-reason",
        metavar="TEXT",
        help="alasan tetap mengajukan walau ada permohonan terbuka untuk NIK dan layanan yang "
        "sama (dicatat di audit) / why to submit beside an open application for the same NIK "
        "and service (audited)",
    )
    apply.set_defaults(handler=run_apply)

    listing = subparsers.add_parser(
        "list", parents=[common], help="daftar permohonan lokal / list local applications"
    )
    listing.add_argument("--json", action="store_true")
    listing.add_argument("--status", help="hanya status ini / only this status")
    listing.add_argument("--nik", help="cari NIK / search by NIK")
    listing.add_argument("--number", help="cari nomor permohonan / search by number")
    listing.set_defaults(handler=run_list)


def _fail(
    message_id: str,
    message_en: str,
    *,
    issues: list[dict[str, str]] | None = None,
    extra: dict[str, Any] | None = None,
) -> int:
    from ui.cli.output import print_json

    print_json(
        {
            "ok": False,
            "message": message_id,
            "message_en": message_en,
            "errors": issues or [],
            **(extra or {}),
        }
    )
    sys.stderr.write(f"Ditolak: {message_id}\nRefused: {message_en}\n")
    for issue in issues or []:
        sys.stderr.write(f"  - {issue['message']} / {issue.get('message_en', '')}\n")
    return 1


def _load_request(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("applicant"), dict):
        raise ValueError("expected an object with 'service', 'applicant' and 'attachments'")
    return data


def _image_problem(data: bytes, name: str) -> tuple[str, str] | None:
    """A corrupt, truncated or oversized image is refused here, as the capture screen would."""
    from devices.errors import ImageUnreadable
    from devices.image_files import decode_image, sniff_format

    if sniff_format(data) in (None, "pdf"):
        return None  # not an image: the type check of the intake gives the message
    try:
        decode_image(data, name)
    except ImageUnreadable as exc:
        return (f"{exc.message_id}: {name} ({exc})", f"{exc.message_en}: {name} ({exc})")
    return None


def run_apply(args: argparse.Namespace) -> int:
    from kiosk.applications.duplicates import DuplicateApplication, check_duplicates
    from kiosk.applications.intake import Applicant, AttachmentInput, NewApplication
    from kiosk.errors import ApplicationInvalid, KioskError
    from kiosk.local_store import Store
    from kiosk.paths import resolve_data_dir
    from ui.cli.output import print_json

    source = Path(args.from_json)
    try:
        request = _load_request(source)
    except FileNotFoundError:
        return _fail(f"Berkas {source} tidak ditemukan", f"File {source} not found")
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return _fail(
            f"Berkas {source.name} bukan JSON permohonan yang sah: {exc}",
            f"{source.name} is not a valid application JSON: {exc}",
        )
    raw = request["applicant"]
    birth_date = None
    if raw.get("birth_date"):
        try:
            birth_date = date.fromisoformat(str(raw["birth_date"]))
        except ValueError:
            return _fail(
                "Tanggal lahir harus berformat YYYY-MM-DD", "birth_date must be YYYY-MM-DD"
            )
    address = raw.get("address")
    extra = raw.get("extra") or {}
    if (address is not None and not isinstance(address, dict)) or not isinstance(extra, dict):
        return _fail(
            'applicant.address harus objek {"alamat", "rt", "rw", "kode_wilayah"}; '
            "applicant.extra harus objek",
            'applicant.address must be an object {"alamat", "rt", "rw", "kode_wilayah"}; '
            "applicant.extra must be an object",
        )
    attachments = []
    for item in request.get("attachments") or []:
        if not isinstance(item, dict) or "document" not in item or "file" not in item:
            return _fail(
                "Setiap lampiran perlu 'document' dan 'file'",
                "Every attachment needs 'document' and 'file'",
            )
        path = (source.parent / str(item["file"])).resolve()
        try:
            data = path.read_bytes()
        except OSError as exc:
            return _fail(
                f"Berkas lampiran {item['file']} tidak bisa dibaca ({exc.strerror})",
                f"Attachment file {item['file']} cannot be read ({exc.strerror})",
            )
        problem = _image_problem(data, str(item["file"]))
        if problem is not None:
            return _fail(*problem)
        attachments.append(AttachmentInput(document=str(item["document"]), data=data))
    new = NewApplication(
        service=str(request.get("service", "")),
        applicant=Applicant(
            nik=str(raw.get("nik", "")),
            no_kk=str(raw.get("no_kk", "")),
            name=str(raw.get("name", "")),
            birth_date=birth_date,
            sex=str(raw.get("sex", "")),
            phone=str(raw.get("phone", "")),
            extra={str(k): str(v) for k, v in extra.items()},
            address={str(k): str(v) for k, v in address.items()} if address else None,
        ),
        attachments=attachments,
        operator=args.operator,
    )
    try:
        store = Store.open(resolve_data_dir(args.data_dir))
        earlier = check_duplicates(
            store.records,
            store.catalog,
            new.applicant.nik,
            new.service,
            args.duplicate_reason,
            how_id='Untuk tetap mengajukan, beri --duplicate-reason "ALASAN" (min. 10 huruf).',
            how_en='To submit anyway, give --duplicate-reason "REASON" (at least 10 letters).',
        )
        new.duplicate_of = [s.number for s in earlier]
        new.duplicate_reason = args.duplicate_reason if earlier else None
        submitted = store.submission.submit(new)
    except DuplicateApplication as exc:
        return _fail(
            exc.message_id,
            exc.message_en,
            extra={"duplicate_of": [s.as_dict() for s in exc.earlier]},
        )
    except ApplicationInvalid as exc:
        return _fail(
            "Permohonan tidak bisa diajukan",
            "The application cannot be submitted",
            issues=exc.issues,
        )
    except KioskError as exc:
        return _fail(exc.message_id, exc.message_en)
    print_json(
        {
            "ok": True,
            "id": submitted.id,
            "version": submitted.version,
            "number": submitted.number,
            "status": "submitted",
            "warnings": [i.as_dict() for i in submitted.check.warnings],
            "duplicate_of": new.duplicate_of,
        }
    )
    store.close()
    return 0


def run_list(args: argparse.Namespace) -> int:
    from kiosk.applications import Status
    from kiosk.local_store import Store
    from kiosk.paths import resolve_data_dir
    from ui.cli.output import print_json

    store = Store.open(resolve_data_dir(args.data_dir))
    if args.nik:
        rows = store.records.find_by_nik(args.nik)
    elif args.number:
        rows = store.records.find_by_number(args.number)
    else:
        try:
            status = Status(args.status) if args.status else None
        except ValueError:
            sys.stderr.write(f"Status tidak dikenal / unknown status: {args.status}\n")
            return 2
        rows = store.records.list_applications(status=status)
    store.close()
    if args.json:
        print_json([r.as_dict() for r in rows])
        return 0
    for r in rows:
        sys.stdout.write(f"{r.number}  {r.service:<18} {r.status:<10} {r.nik_masked}\n")
    if not rows:
        sys.stdout.write("Belum ada permohonan / no applications\n")
    return 0
