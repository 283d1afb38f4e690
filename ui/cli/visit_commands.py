"""`kiosk visits import|add|list|mark`: the jemput bola visit list (kiosk/field/).

The list holds citizens' names and addresses, so each command signs a named operator in
(ui/cli/operator_auth.py), and an import, an added visit or a mark is audited under that
operator's name. `add` reads its options as the CSV import reads a row (kiosk/field/visit_csv.py),
so both refuse the same things with the same words.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ui.cli.operator_auth import add_operator_options

STATES = ("done", "not_home", "postponed")
ADD_OPTIONS = {
    "nama": "--name",
    "keluarga": "--household",
    "alamat": "--address",
    "rt": "--rt",
    "rw": "--rw",
    "kode_wilayah": "--kelurahan",
    "kategori": "--category",
    "tanggal": "--date",
    "catatan": "--notes",
}
"""The visit file's column each option of `visits add` fills."""


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    visits = subparsers.add_parser("visits", help="daftar kunjungan jemput bola / visit list")
    actions = visits.add_subparsers(dest="visits_action", metavar="ACTION", required=True)
    imported = actions.add_parser(
        "import", parents=[common], help="impor daftar dari CSV / import a list from CSV"
    )
    imported.add_argument("file", metavar="FILE.csv")
    imported.add_argument("--json", action="store_true")
    add_operator_options(imported)
    imported.set_defaults(handler=run_import)
    _register_add(actions, common)
    listing = actions.add_parser("list", parents=[common], help="tampilkan daftar / show the list")
    listing.add_argument("--json", action="store_true")
    add_operator_options(listing)
    listing.set_defaults(handler=run_list)
    mark = actions.add_parser(
        "mark", parents=[common], help="catat hasil kunjungan / record how a visit went"
    )
    mark.add_argument("id", metavar="ID")
    mark.add_argument("state", choices=STATES)
    mark.add_argument("--date", help="hari baru bila ditunda / new day when postponed (YYYY-MM-DD)")
    mark.add_argument("--json", action="store_true")
    add_operator_options(mark)
    mark.set_defaults(handler=run_mark)


def _register_add(actions: Any, common: argparse.ArgumentParser) -> None:
    from kiosk.field.visits import VisitCategory

    add = actions.add_parser(
        "add", parents=[common], help="rencanakan satu kunjungan / plan one visit"
    )
    add.add_argument("--name", default="", help="nama / name (or --household)")
    add.add_argument("--household", default="", help="keluarga / household")
    add.add_argument("--address", required=True, help="alamat (jalan, nomor) / street address")
    add.add_argument("--rt", required=True, help="RT (1-3 digits)")
    add.add_argument("--rw", required=True, help="RW (1-3 digits)")
    add.add_argument(
        "--kelurahan", required=True, metavar="KODE", help="kode kelurahan/desa, e.g. 35.78.01.1001"
    )
    add.add_argument(
        "--category",
        required=True,
        help="kategori / category: " + ", ".join(c.value for c in VisitCategory),
    )
    add.add_argument("--date", required=True, help="tanggal kunjungan / visit day (YYYY-MM-DD)")
    add.add_argument("--notes", default="", help="catatan / notes (sealed)")
    add.add_argument("--json", action="store_true")
    add_operator_options(add)
    add.set_defaults(handler=run_add)


def _open_store(args: argparse.Namespace) -> Any:
    from kiosk.local_store import Store
    from kiosk.paths import resolve_data_dir

    return Store.open(resolve_data_dir(args.data_dir))


def _signed_in(store: Any, args: argparse.Namespace) -> str | None:
    """The operator's username, or None after saying why nobody is signed in."""
    from ui.cli.operator_auth import SignInRefused, sign_in
    from ui.cli.output import print_json

    try:
        return sign_in(store, args).username
    except SignInRefused as exc:
        if args.json:
            print_json({"ok": False, "error": {"code": exc.code, "message": exc.message_id}})
        sys.stderr.write(f"Ditolak: {exc.message_id}\nRefused: {exc.message_en}\n")
        return None


def run_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from kiosk.field.visit_csv import VisitFileInvalid, import_visit_file
    from ui.cli.output import print_json

    store = _open_store(args)
    try:
        operator = _signed_in(store, args)
        if operator is None:
            return 1
        ids = import_visit_file(store.visits, Path(args.file), operator=operator)
    except VisitFileInvalid as exc:
        if args.json:
            print_json(
                {"ok": False, "error": exc.as_dict(), "rows": [p.as_dict() for p in exc.problems]}
            )
        sys.stderr.write(f"Ditolak: {exc.message_id}\nRefused: {exc.message_en}\n")
        for problem in exc.problems:
            sys.stderr.write(
                f"baris / row {problem.row}, kolom / column {problem.column}: "
                f"{problem.message_id} / {problem.message_en}\n"
            )
        return 2
    finally:
        store.close()
    if args.json:
        print_json({"ok": True, "imported": len(ids), "ids": ids})
    else:
        sys.stdout.write(f"{len(ids)} kunjungan diimpor / visits imported\n")
    return 0


def run_add(args: argparse.Namespace) -> int:
    """Checks the options before signing in or storing anything; the visit is stored sealed."""
    from datetime import date

    from kiosk.field.visit_csv import FIELD_COLUMNS, plan_from_columns
    from kiosk.field.visits import VisitInvalid
    from ui.cli.output import print_json

    values = {column: getattr(args, option[2:]) for column, option in ADD_OPTIONS.items()}
    store = None
    try:
        plan = plan_from_columns(values)
        store = _open_store(args)
        operator = _signed_in(store, args)
        if operator is None:
            return 1
        visit_id = store.visits.add(plan, operator=operator, today=date.today())
    except VisitInvalid as exc:
        option = ADD_OPTIONS.get(FIELD_COLUMNS.get(exc.field, exc.field), exc.field)
        if args.json:
            print_json({"ok": False, "error": {**exc.as_dict(), "option": option}})
        sys.stderr.write(
            f"Ditolak ({option}): {exc.message_id}\nRefused ({option}): {exc.message_en}\n"
        )
        return 2
    finally:
        if store is not None:
            store.close()
    if args.json:
        print_json({"ok": True, "id": visit_id})
    else:
        sys.stdout.write(f"Kunjungan direncanakan / visit planned: {visit_id}\n")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from kiosk.field.visits import CATEGORY_LABELS
    from ui.cli.output import print_json

    store = _open_store(args)
    try:
        if _signed_in(store, args) is None:
            return 1
        visits = store.visits.list()
    finally:
        store.close()
    if args.json:
        print_json([visit.as_dict() for visit in visits])
        return 0
    for visit in visits:
        plan = visit.plan
        who = " / ".join(part for part in (plan.name, plan.household) if part)
        where = f"{plan.address['alamat']} RT {plan.address['rt']}/RW {plan.address['rw']}"
        sys.stdout.write(
            f"{visit.id}  {plan.planned_on.isoformat()}  {visit.state.value:<9}  "
            f"{CATEGORY_LABELS[plan.category][0]}  {who}  {where}\n"
        )
    if not visits:
        sys.stdout.write("Daftar kunjungan kosong / the visit list is empty\n")
    return 0


def run_mark(args: argparse.Namespace) -> int:
    from datetime import date

    from kiosk.field.visits import VisitInvalid, VisitNotFound, VisitState
    from ui.cli.output import print_error, print_json

    try:
        new_day = date.fromisoformat(args.date) if args.date else None
    except ValueError:
        sys.stderr.write(
            "Ditolak: Tanggal harus berbentuk TTTT-BB-HH\nRefused: The date must look like "
            "YYYY-MM-DD\n"
        )
        return 2
    store = _open_store(args)
    try:
        operator = _signed_in(store, args)
        if operator is None:
            return 1
        visit = store.visits.mark(
            args.id, VisitState(args.state), planned_on=new_day, operator=operator
        )
    except VisitNotFound as exc:
        print_error(exc, as_json=args.json)
        return 1
    except VisitInvalid as exc:  # a new day before today
        print_error(exc, as_json=args.json)
        return 2
    finally:
        store.close()
    if args.json:
        print_json({"ok": True, "visit": visit.as_dict()})
    else:
        sys.stdout.write(f"Kunjungan dicatat / visit recorded: {visit.state.value}\n")
    return 0
