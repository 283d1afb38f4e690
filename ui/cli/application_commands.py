"""`kiosk apply`, `kiosk list` and `kiosk show`: headless entry to the local store."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from ui.cli.operator_auth import add_operator_options


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    apply = subparsers.add_parser(
        "apply", parents=[common], help="ajukan permohonan dari berkas JSON / submit from JSON"
    )
    apply.add_argument("--from-json", required=True, metavar="FILE")
    add_operator_options(apply)
    apply.add_argument(
        "--approver",
        metavar="USER",
        help="supervisor yang menyetujui override mutu / supervisor approving a quality "
        "override (password: the next line of stdin)",
    )
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
    add_operator_options(listing)  # only --nik needs them: a lookup of a citizen
    listing.set_defaults(handler=run_list)


def _fail(
    message_id: str,
    message_en: str,
    *,
    issues: list[dict[str, str]] | None = None,
    code: str | None = None,
    extra: dict[str, Any] | None = None,
) -> int:
    from ui.cli.output import print_json

    out: dict[str, Any] = {"ok": False, "message": message_id, "message_en": message_en}
    if code:
        out["code"] = code
    print_json({**out, "errors": issues or [], **(extra or {})})
    sys.stderr.write(f"Ditolak: {message_id}\nRefused: {message_en}\n")
    for issue in issues or []:
        sys.stderr.write(f"  - {issue['message']} / {issue.get('message_en', '')}\n")
    return 1


MAX_REQUEST_BYTES = 1024 * 1024
"""An application JSON is a few hundred bytes; anything near a megabyte is not one."""


class FileRefused(Exception):
    """A file named by the request that is not read: special, too large or unreadable."""

    def __init__(self, message_id: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_id = message_id
        self.message_en = message_en


def read_input_file(path: Path, label: tuple[str, str], max_bytes: int) -> bytes:
    """A regular file's bytes, at most `max_bytes`, or FileRefused saying why not.

    `label` names the file in both languages, e.g. ("Berkas lampiran kk.jpg", "Attachment
    file kk.jpg").
    """
    from devices.errors import FileTooLarge, ImageUnreadable, NotARegularFile
    from devices.image_files import read_file_bytes

    label_id, label_en = label
    try:
        return read_file_bytes(path, max_bytes)
    except NotARegularFile as exc:
        raise FileRefused(
            f"{label_id} ditolak. {exc.message_id}",
            f"{label_en} refused. {exc.message_en}",
        ) from exc
    except FileTooLarge as exc:
        size = f"{max_bytes // 2**20} MB"
        raise FileRefused(
            f"{label_id} lebih dari {size}; kecilkan atau pindai ulang",
            f"{label_en} is over {size}; shrink it or scan again",
        ) from exc
    except ImageUnreadable as exc:
        if isinstance(exc.__cause__, FileNotFoundError):
            raise FileRefused(f"{label_id} tidak ditemukan", f"{label_en} not found") from exc
        raise FileRefused(
            f"{label_id} tidak bisa dibaca ({exc.detail})",
            f"{label_en} cannot be read ({exc.detail})",
        ) from exc


def _load_request(path: Path) -> dict[str, Any]:
    raw = read_input_file(path, (f"Berkas {path}", f"File {path}"), MAX_REQUEST_BYTES)
    data = json.loads(raw.decode("utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("applicant"), dict):
        raise ValueError("expected an object with 'service', 'applicant' and 'attachments'")
    return data


def run_apply(args: argparse.Namespace) -> int:
    from kiosk.errors import KioskError
    from kiosk.local_store import Store
    from kiosk.paths import resolve_data_dir
    from ui.cli.operator_auth import SignInRefused, sign_in

    source = Path(args.from_json)
    try:
        request = _load_request(source)
    except FileRefused as exc:
        return _fail(exc.message_id, exc.message_en)
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
    try:
        store = Store.open(resolve_data_dir(args.data_dir))
    except KioskError as exc:
        return _fail(exc.message_id, exc.message_en)
    try:
        operator = sign_in(store, args)
        return _submit(args, operator, store, request, source, birth_date)
    except SignInRefused as exc:
        return _fail(exc.message_id, exc.message_en, code=exc.code)
    finally:
        store.close()


def _submit(
    args: argparse.Namespace,
    operator: Any,
    store: Any,
    request: dict[str, Any],
    source: Path,
    birth_date: date | None,
) -> int:
    from kiosk.applications.duplicates import DuplicateApplication, check_duplicates
    from kiosk.applications.intake import (
        MAX_ATTACHMENT_BYTES,
        Applicant,
        AttachmentInput,
        NewApplication,
    )
    from kiosk.errors import ApplicationInvalid, KioskError
    from ui.cli.attachment_checks import (
        AttachmentRefused,
        check_file,
        mark_repeated_images,
        quality_overrides,
        undecided,
    )
    from ui.cli.operator_auth import SignInRefused, read_secret
    from ui.cli.output import print_json

    raw = request["applicant"]
    address = raw.get("address")
    extra = raw.get("extra") or {}
    if (address is not None and not isinstance(address, dict)) or not isinstance(extra, dict):
        return _fail(
            'applicant.address harus objek {"alamat", "rt", "rw", "kode_wilayah"}; '
            "applicant.extra harus objek",
            'applicant.address must be an object {"alamat", "rt", "rw", "kode_wilayah"}; '
            "applicant.extra must be an object",
        )
    files = []
    for item in request.get("attachments") or []:
        if not isinstance(item, dict) or "document" not in item or "file" not in item:
            return _fail(
                "Setiap lampiran perlu 'document' dan 'file'",
                "Every attachment needs 'document' and 'file'",
            )
        name = str(item["file"])
        label = (f"Berkas lampiran {name}", f"Attachment file {name}")
        try:
            data = read_input_file(source.parent / name, label, MAX_ATTACHMENT_BYTES)
            checked = check_file(store.catalog, str(item["document"]), name, data)
        except FileRefused as exc:
            return _fail(exc.message_id, exc.message_en)
        except AttachmentRefused as exc:
            return _fail(exc.message_id, exc.message_en, issues=exc.issues)
        reason = item.get("override_reason")
        checked.override_reason = str(reason) if reason is not None else None
        files.append(checked)
    mark_repeated_images(files)
    problems = undecided(files)
    if problems:
        names = ", ".join(f.label for f in files if f.issue_codes)
        return _fail(
            f"Dokumen belum lolos pemeriksaan mutu ({names}); foto/pindai ulang, atau tulis "
            "alasan menerimanya (override_reason)",
            f"A document failed the quality checks ({names}); capture it again, or write why "
            "it is accepted (override_reason)",
            issues=problems,
        )

    def approver() -> tuple[str, str] | None:
        if not args.approver:
            return None
        return args.approver, read_secret(args, f"Kata sandi {args.approver} / password: ")

    try:
        overrides = quality_overrides(store, files, operator, approver)
    except AttachmentRefused as exc:
        return _fail(exc.message_id, exc.message_en, issues=exc.issues)
    except (KioskError, SignInRefused) as exc:
        return _fail(exc.message_id, exc.message_en, code=getattr(exc, "code", None))
    attachments = [
        AttachmentInput(
            document=f.document,
            data=f.data,
            override_reason=f.override_reason if f.issue_codes else None,
        )
        for f in files
    ]
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
        operator=operator.username,
        overrides=overrides,
    )
    try:
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
    return 0


def run_list(args: argparse.Namespace) -> int:
    from kiosk.applications import Status
    from kiosk.errors import KioskError
    from kiosk.local_store import Store
    from kiosk.paths import resolve_data_dir
    from ui.cli.operator_auth import SignInRefused, sign_in
    from ui.cli.output import print_json

    try:
        status = Status(args.status) if args.status else None
    except ValueError:
        sys.stderr.write(f"Status tidak dikenal / unknown status: {args.status}\n")
        return 2
    try:
        store = Store.open(resolve_data_dir(args.data_dir))
    except KioskError as exc:
        return _fail(exc.message_id, exc.message_en, code=exc.code)
    try:
        if args.nik:
            # Whether a citizen has applied here is itself citizen data: a signed-in,
            # audited lookup, as the GUI's search is.
            operator = sign_in(store, args)
            rows = store.records.find_by_nik(args.nik)
            store.audit.record(
                "view", operator=operator.username, detail=f"search by NIK: {len(rows)} found"
            )
        elif args.number:
            rows = store.records.find_by_number(args.number)
        else:
            rows = store.records.list_applications(status=status)
    except SignInRefused as exc:
        return _fail(exc.message_id, exc.message_en, code=exc.code)
    except KioskError as exc:
        return _fail(exc.message_id, exc.message_en, code=exc.code)
    finally:
        store.close()
    if args.json:
        print_json([r.as_dict() for r in rows])
        return 0
    for r in rows:
        sys.stdout.write(f"{r.number}  {r.service:<18} {r.status:<10} {r.nik_masked}\n")
    if not rows:
        sys.stdout.write("Belum ada permohonan / no applications\n")
    return 0
