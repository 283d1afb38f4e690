"""Importing a visit list from a CSV file (a spreadsheet the office or the team filled in).

All or nothing: every row is checked first; a file with any bad row imports nothing and every
bad row is reported with its row number (as the spreadsheet numbers it, the header being row 1)
and its column, so the team fixes the file once and imports it again, never half a list.

Columns (header names, any order, case-insensitive): nama and/or keluarga, alamat, rt, rw,
kode_wilayah, kategori, tanggal (YYYY-MM-DD or DD/MM/YYYY), catatan (optional).
Comma or semicolon separated (spreadsheets set to Indonesian write semicolons), UTF-8.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Final

from kiosk.errors import KioskError
from kiosk.field.visits import VisitCategory, VisitInvalid, VisitPlan, Visits, parse_category

MAX_FILE_BYTES: Final = 2_000_000
MAX_ROWS: Final = 5_000
REQUIRED_COLUMNS: Final = ("alamat", "rt", "rw", "kode_wilayah", "kategori", "tanggal")
COLUMNS: Final = ("nama", "keluarga", *REQUIRED_COLUMNS, "catatan")
FIELD_COLUMNS: Final = {
    "name": "nama",
    "household": "keluarga",
    "notes": "catatan",
    "category": "kategori",
    "planned_on": "tanggal",
    "address.alamat": "alamat",
    "address.rt": "rt",
    "address.rw": "rw",
    "address.kode_wilayah": "kode_wilayah",
}
"""The column a VisitInvalid's field is read from."""


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    message_id: str
    message_en: str

    def as_dict(self) -> dict[str, str | int]:
        return {
            "row": self.row,
            "column": self.column,
            "message": self.message_id,
            "message_en": self.message_en,
        }


class VisitFileInvalid(KioskError):
    """The file cannot be imported; `problems` lists each bad row (empty when the whole file
    is unreadable)."""

    code = "visit_file_invalid"

    def __init__(self, message_id: str, message_en: str, problems: list[RowProblem]) -> None:
        super().__init__(message_id, message_en)
        self.problems = problems


def parse_day(text: str) -> date:
    text = text.strip()
    for shape in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, shape).date()
        except ValueError:
            continue
    raise VisitInvalid(
        f"Tanggal tidak terbaca: {text!r} (contoh 2026-12-24 atau 24/12/2026)",
        f"Unreadable date: {text!r} (e.g. 2026-12-24 or 24/12/2026)",
        "planned_on",
    )


def read_visit_file(path: Path) -> list[VisitPlan]:
    """The checked plans of a file, or VisitFileInvalid naming every bad row."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _whole_file(
                f"Berkas terlalu besar ({size} bita, paling besar {MAX_FILE_BYTES})",
                f"The file is too large ({size} bytes, at most {MAX_FILE_BYTES})",
            )
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise _whole_file(
            f"Berkas tidak dapat dibaca: {path} ({exc.strerror})",
            f"The file cannot be read: {path} ({exc.strerror})",
        ) from exc
    except UnicodeDecodeError as exc:
        raise _whole_file(
            "Berkas bukan teks UTF-8 (simpan sebagai CSV UTF-8)",
            "The file is not UTF-8 text (save it as CSV UTF-8)",
        ) from exc
    return parse_visit_csv(text)


def parse_visit_csv(text: str) -> list[VisitPlan]:
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise _whole_file("Berkas kosong", "The file is empty") from None
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if "nama" not in header and "keluarga" not in header:
        missing.insert(0, "nama")
    if missing:
        raise _whole_file(
            f"Kolom tidak ada: {', '.join(missing)} (kolom: {', '.join(COLUMNS)})",
            f"Missing columns: {', '.join(missing)} (columns: {', '.join(COLUMNS)})",
        )
    try:
        return _parse_rows(header, reader)
    except csv.Error as exc:
        raise _whole_file(f"Berkas CSV rusak: {exc}", f"The CSV file is malformed: {exc}") from exc


def _parse_rows(header: list[str], reader: Iterator[list[str]]) -> list[VisitPlan]:
    plans: list[VisitPlan] = []
    problems: list[RowProblem] = []
    for row_number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue  # blank lines a spreadsheet leaves at the end
        if len(plans) + len(problems) >= MAX_ROWS:
            raise _whole_file(
                f"Terlalu banyak baris (paling banyak {MAX_ROWS})",
                f"Too many rows (at most {MAX_ROWS})",
            )
        values = {
            name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)
        }
        plan, row_issues = check_columns(values)
        if plan is not None:
            plans.append(plan)
        for issue in row_issues:
            column = FIELD_COLUMNS.get(issue.field, issue.field)
            problems.append(RowProblem(row_number, column, issue.message_id, issue.message_en))
    if problems:
        bad_rows = len({problem.row for problem in problems})
        raise VisitFileInvalid(
            f"{bad_rows} baris salah; tidak ada yang diimpor. Perbaiki lalu impor lagi",
            f"{bad_rows} bad rows; nothing was imported. Fix them and import again",
            problems,
        )
    if not plans:
        raise _whole_file("Berkas tidak berisi kunjungan", "The file holds no visits")
    return plans


def plan_from_columns(values: Mapping[str, str]) -> VisitPlan:
    """A checked plan from text named as the file's columns (a row of the file, or the options
    of `kiosk visits add`): the one place a typed visit is read and validated. Raises the
    first VisitInvalid."""
    plan, problems = check_columns(values)
    if plan is None:
        raise problems[0]
    return plan


def check_columns(values: Mapping[str, str]) -> tuple[VisitPlan | None, list[VisitInvalid]]:
    """The checked plan, or None and EVERY problem of the row (a bad category, day and
    address all at once), in the order of the file's columns."""
    problems: list[VisitInvalid] = []
    category: VisitCategory = VisitCategory.LANSIA
    day = date.min
    try:
        category = parse_category(values.get("kategori", ""))
    except VisitInvalid as exc:
        problems.append(exc)
    try:
        day = parse_day(values.get("tanggal", ""))
    except VisitInvalid as exc:
        problems.append(exc)
    plan = VisitPlan(
        category=category,
        planned_on=day,
        address={
            "alamat": values.get("alamat", ""),
            "rt": values.get("rt", ""),
            "rw": values.get("rw", ""),
            "kode_wilayah": values.get("kode_wilayah", ""),
        },
        name=values.get("nama", ""),
        household=values.get("keluarga", ""),
        notes=values.get("catatan", ""),
    )
    problems.extend(plan.problems())
    if problems:
        return None, problems
    return plan.checked(), []


def import_visit_file(visits: Visits, path: Path, *, operator: str = "system") -> list[str]:
    """Imports every row of the file, or none (VisitFileInvalid); returns the new ids."""
    return visits.add_many(read_visit_file(path), operator=operator)


def _whole_file(message_id: str, message_en: str) -> VisitFileInvalid:
    return VisitFileInvalid(message_id, message_en, [])
