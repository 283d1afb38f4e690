"""The visit list: checked plans, encrypted contents, states, and all-or-nothing CSV import."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from kiosk.field.visit_csv import VisitFileInvalid, import_visit_file, parse_visit_csv
from kiosk.field.visits import (
    VisitCategory,
    VisitInvalid,
    VisitNotFound,
    VisitPlan,
    VisitState,
    parse_category,
)
from kiosk.local_store import Store

ADDRESS = {"alamat": "Jl. Kenanga 5", "rt": "3", "rw": "7", "kode_wilayah": "35.78.01.1001"}
HEADER = "nama,keluarga,alamat,rt,rw,kode_wilayah,kategori,tanggal,catatan\n"


def plan(**changes: object) -> VisitPlan:
    fields: dict[str, object] = {
        "category": VisitCategory.LANSIA,
        "planned_on": date(2026, 12, 10),
        "address": ADDRESS,
        "name": "Siti Aminah",
        "notes": "terbaring, pakai kursi roda",
    }
    fields.update(changes)
    return VisitPlan(**fields)  # type: ignore[arg-type]


def test_a_visit_is_stored_listed_and_marked(data_dir: Path) -> None:
    store = Store.open(data_dir)
    later = store.visits.add(plan(planned_on=date(2026, 12, 20), name="", household="Kel. Budi"))
    first = store.visits.add(plan())
    listed = store.visits.list()
    assert [v.id for v in listed] == [first, later]
    assert listed[0].state is VisitState.PLANNED
    assert listed[0].plan.address["kode_wilayah"] == "35.78.01.1001"
    assert listed[0].plan.address["rt"] == "003"
    assert listed[1].plan.household == "Kel. Budi"

    assert store.visits.mark(first, VisitState.NOT_HOME).state is VisitState.NOT_HOME
    done = store.visits.mark(first, VisitState.DONE, application_id="app-1")
    assert (done.state, done.application_id) == (VisitState.DONE, "app-1")
    moved = store.visits.mark(later, VisitState.POSTPONED, planned_on=date(2027, 1, 5))
    assert moved.plan.planned_on == date(2027, 1, 5)
    with pytest.raises(VisitNotFound):
        store.visits.mark("nope", VisitState.DONE)
    store.close()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "", "household": ""}, "name"),
        ({"notes": "x" * 501}, "notes"),
        ({"address": {**ADDRESS, "kode_wilayah": "99.99.99.9999"}}, "address.kode_wilayah"),
        ({"address": {**ADDRESS, "rt": "abc"}}, "address.rt"),
        ({"address": {**ADDRESS, "alamat": ""}}, "address.alamat"),
    ],
)
def test_a_bad_plan_is_refused_naming_the_field(changes: dict, field: str) -> None:
    with pytest.raises(VisitInvalid) as refused:
        plan(**changes).checked()
    assert refused.value.field == field
    assert refused.value.message_id
    assert refused.value.message_en


def test_categories_are_read_as_people_write_them() -> None:
    assert parse_category("Sakit/terbaring") is VisitCategory.SAKIT
    assert parse_category("rumah sakit") is VisitCategory.RUMAH_SAKIT
    assert parse_category("ODGJ") is VisitCategory.ODGJ
    assert parse_category("Care home") is VisitCategory.PANTI
    with pytest.raises(VisitInvalid, match="Kategori tidak dikenal"):
        parse_category("pasar")


def test_names_address_and_notes_are_not_in_clear_in_the_database(data_dir: Path) -> None:
    store = Store.open(data_dir)
    visit_id = store.visits.add(plan(name="Wiryo Sudarmo", notes="rahasia catatan"))
    store.close()
    rows = sqlite3.connect(data_dir / "kiosk.sqlite3").execute("SELECT * FROM field_visits")
    content = repr(rows.fetchall()).encode()
    assert visit_id.encode() in content
    for needle in (b"Wiryo", b"rahasia", b"Kenanga"):
        assert needle not in content


def test_a_csv_is_imported_with_semicolons_and_local_dates(data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "visits.csv"
    path.write_text(
        "\ufeffNama;Alamat;RT;RW;Kode_Wilayah;Kategori;Tanggal\n"
        "Siti Aminah;Jl. Kenanga 5;3;7;35.78.01.1001;lansia;24/12/2026\n"
        "\n"
        "Panti Wreda Harapan;Jl. Melati 1;1;2;35.78.01.1001;Panti;2026-12-27\n"
        ";;;;;;\n",
        encoding="utf-8",
    )
    store = Store.open(data_dir)
    assert len(import_visit_file(store.visits, path)) == 2
    visits = store.visits.list()
    assert [(v.plan.name, v.plan.category, v.plan.planned_on) for v in visits] == [
        ("Siti Aminah", VisitCategory.LANSIA, date(2026, 12, 24)),
        ("Panti Wreda Harapan", VisitCategory.PANTI, date(2026, 12, 27)),
    ]
    store.close()


def refused_import(data_dir: Path, tmp_path: Path, text: str) -> VisitFileInvalid:
    """`text` as a visit file, imported: the refusal, after checking nothing was stored."""
    path = tmp_path / "visits.csv"
    path.write_text(text, encoding="utf-8")
    store = Store.open(data_dir)
    with pytest.raises(VisitFileInvalid) as refused:
        import_visit_file(store.visits, path)
    assert store.visits.list() == []
    store.close()
    return refused.value


def test_a_file_with_bad_rows_imports_nothing_and_names_each(
    data_dir: Path, tmp_path: Path
) -> None:
    refused = refused_import(
        data_dir,
        tmp_path,
        HEADER
        + "Siti,,Jl. Kenanga 5,3,7,35.78.01.1001,lansia,2026-12-24,\n"
        + "Budi,,Jl. Mawar 2,3,7,35.78.01.1001,pasar,2026-12-24,\n"
        + ",,Jl. Mawar 3,3,7,35.78.01.1001,odgj,2026-12-24,\n"
        + "Ani,,Jl. Mawar 4,3,7,35.78.01.1001,sekolah,besok,\n"
        + "Tono,,Jl. Mawar 5,3,7,11.11.11.1111,sekolah,2026-12-24,\n",
    )
    assert [(p.row, p.column) for p in refused.problems] == [
        (3, "kategori"),
        (4, "nama"),
        (5, "tanggal"),
        (6, "kode_wilayah"),
    ]
    assert "tidak ada yang diimpor" in refused.message_id


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Berkas kosong"),
        ("nama,alamat\nSiti,Jl. A\n", "Kolom tidak ada: rt, rw, kode_wilayah, kategori, tanggal"),
        (HEADER, "tidak berisi kunjungan"),
    ],
)
def test_a_file_that_is_not_a_visit_list_is_refused(text: str, message: str) -> None:
    with pytest.raises(VisitFileInvalid, match=message):
        parse_visit_csv(text)


def test_a_file_that_is_not_text_is_refused(data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4)
    store = Store.open(data_dir)
    with pytest.raises(VisitFileInvalid, match="bukan teks UTF-8"):
        import_visit_file(store.visits, path)
    store.close()


def test_a_visit_is_never_postponed_into_the_past(data_dir: Path) -> None:
    store = Store.open(data_dir)
    visit_id = store.visits.add(plan())
    today = date(2026, 12, 10)
    with pytest.raises(VisitInvalid) as refused:
        store.visits.mark(visit_id, VisitState.POSTPONED, planned_on=date(2026, 12, 9), today=today)
    assert refused.value.field == "planned_on"
    assert "sebelum hari ini" in refused.value.message_id
    assert "before today" in refused.value.message_en
    kept = store.visits.get(visit_id)  # nothing changed, nothing audited
    assert (kept.state, kept.plan.planned_on) == (VisitState.PLANNED, date(2026, 12, 10))
    assert [e for e in store.audit.entries() if e["action"] == "visit_mark"] == []

    same_day = store.visits.mark(visit_id, VisitState.POSTPONED, planned_on=today, today=today)
    assert same_day.plan.planned_on == today  # later the same day is still allowed
    store.close()


def test_a_bad_row_is_reported_with_every_bad_column(data_dir: Path, tmp_path: Path) -> None:
    row = "Mbah Sarinah,,Jl. Kenanga 5,3,7,35.78.01.9999,manula,31/02/2026,\n"
    refused = refused_import(data_dir, tmp_path, HEADER + row)
    assert [(p.row, p.column) for p in refused.problems] == [
        (2, "kategori"),
        (2, "tanggal"),
        (2, "kode_wilayah"),
    ]
    assert "1 baris salah" in refused.message_id


def test_the_category_choices_are_named_as_the_guide_names_them() -> None:
    with pytest.raises(VisitInvalid) as refused:
        parse_category("manula")
    choices = "lansia, disabilitas, odgj, sakit/terbaring, sekolah, rumah sakit, panti"
    assert choices in refused.value.message_id
    assert choices in refused.value.message_en
    guide = (Path(__file__).parents[3] / "docs" / "operator-guide.md").read_text(encoding="utf-8")
    assert choices in " ".join(guide.split())
