"""`kiosk receipt` and `kiosk recap` as scripts and staff use them: real processes, real files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from kiosk.applications import Status
from kiosk.local_store import Store
from kiosk.receipts import load_receipt, render_receipt
from kiosk.settings import Settings, save_settings
from tests.helpers.operators import PASSWORD, add_operator
from tests.helpers.processes import kiosk
from tests.kiosk.receipts.pdf_tools import page_size_mm, pdf_text, qr_codes, render_pages
from tests.kiosk.reports.seed import seed, utc

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def numbers(data_dir: Path) -> list[str]:
    """Two applications in November 2026 (one ready), one in December.

    Submitted at midday UTC so the subprocess's local day is the same in any zone up to +-11 h.
    """
    save_settings(data_dir, Settings(office_name="Kelurahan Kebon Kosong"))
    store = Store.open(data_dir)
    made = [
        seed(store, "ktp-el-hilang", 1, utc(2026, 11, 22, 12)).number,
        seed(store, "akta-kelahiran", 2, utc(2026, 11, 22, 13), Status.READY).number,
        seed(store, "kia", 3, utc(2026, 12, 1, 12)).number,
    ]
    store.close()
    add_operator(data_dir, "siti")
    add_operator(data_dir, "budi")
    return made


def audit(data_dir: Path) -> list[tuple[str, str, str | None]]:
    store = Store.open(data_dir)
    entries = [(e["action"], e["operator"], e["number"]) for e in store.audit.entries()]
    store.close()
    return list(reversed(entries))


def test_receipt_is_the_pdf_the_counter_prints_and_its_qr_decodes(
    data_dir: Path, numbers: list[str], tmp_path: Path
) -> None:
    out = tmp_path / "out" / "receipt.pdf"
    done = kiosk(
        "receipt",
        numbers[0],
        "--data-dir",
        str(data_dir),
        "--out",
        str(out),
        "--layout",
        "80mm",
        "--operator",
        "siti",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert done.returncode == 0, done.stderr
    assert "disimpan" in done.stdout
    assert "saved" in done.stdout
    assert page_size_mm(out.read_bytes(), tmp_path)[0] == pytest.approx(80, abs=0.1)
    [page] = render_pages(out.read_bytes(), tmp_path, dpi=150)
    assert [c.data.decode() for c in qr_codes(page)] == [numbers[0]]
    store = Store.open(data_dir)
    in_process = render_receipt(load_receipt(store, numbers[0], operator="test"), "80mm")
    store.close()
    assert out.read_bytes() == in_process


def test_second_receipt_is_a_reprint_in_the_audit_log(
    data_dir: Path, numbers: list[str], tmp_path: Path
) -> None:
    for operator in ("siti", "budi"):
        done = kiosk(
            "receipt",
            numbers[1],
            "--data-dir",
            str(data_dir),
            "--out",
            str(tmp_path / f"{operator}.pdf"),
            "--operator",
            operator,
            "--password-stdin",
            "--json",
            stdin=PASSWORD + "\n",
        )
        assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert (out["ok"], out["number"], out["version"], out["audit"]) == (
        True,
        numbers[1],
        1,
        "reprint",
    )
    trail = [t for t in audit(data_dir) if t[0] in ("view", "print", "reprint")]
    assert trail == [
        ("view", "siti", numbers[1]),
        ("print", "siti", numbers[1]),
        ("view", "budi", numbers[1]),
        ("reprint", "budi", numbers[1]),
    ]
    text = pdf_text((tmp_path / "budi.pdf").read_bytes(), tmp_path)
    assert "Akta kelahiran" in text
    assert "Kelurahan Kebon Kosong" in text


@pytest.mark.parametrize("extra", [(), ("--version", "2")])
def test_unknown_number_or_version_exits_one_in_both_languages(
    data_dir: Path, numbers: list[str], tmp_path: Path, extra: tuple[str, ...]
) -> None:
    number = numbers[0] if extra else "991231-ZZZZ-0001"
    out = tmp_path / "none.pdf"
    done = kiosk(
        "receipt",
        number,
        "--data-dir",
        str(data_dir),
        "--out",
        str(out),
        "--json",
        "--operator",
        "siti",
        "--password-stdin",
        *extra,
        stdin=PASSWORD + "\n",
    )
    assert done.returncode == 1
    assert "Ditolak:" in done.stderr
    assert "Refused:" in done.stderr
    assert "Traceback" not in done.stderr
    assert json.loads(done.stdout)["error"]["code"] == "receipt_not_found"
    assert not out.exists()


@pytest.mark.parametrize("operator", ["nobody-at-all", "siti"])
def test_receipt_needs_an_operators_password(
    data_dir: Path, numbers: list[str], tmp_path: Path, operator: str
) -> None:
    """`kiosk receipt N --operator nobody-at-all` decrypted the applicant and printed the name,
    auditing a made-up operator."""
    out = tmp_path / "receipt.pdf"
    done = kiosk(
        "receipt",
        numbers[0],
        "--data-dir",
        str(data_dir),
        "--out",
        str(out),
        "--json",
        "--operator",
        operator,
        "--password-stdin",
        stdin="bukan-sandinya\n",
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert json.loads(done.stdout)["error"]["code"] == "wrong_credentials"
    assert not out.exists()
    trail = audit(data_dir)
    assert trail[-1] == ("sign_in_failed", operator, None)
    assert not [t for t in trail if t[0] in ("view", "print", "reprint")]


def test_recap_csv_for_a_month(data_dir: Path, numbers: list[str], tmp_path: Path) -> None:
    out = tmp_path / "rekap.csv"
    done = kiosk(
        "recap",
        "--data-dir",
        str(data_dir),
        "--month",
        "2026-11",
        "--out",
        str(out),
        "--operator",
        "lurah",
    )
    assert done.returncode == 0, done.stderr
    counts, _, survey = out.read_text("utf-8-sig").partition("\n\n")
    assert "IKM;belum ada data" in survey  # the month's satisfaction index follows the counts
    rows = list(csv.DictReader(io.StringIO(counts), delimiter=";"))
    totals = {r["Kode layanan"]: int(r["Jumlah"]) for r in rows if r["Kode layanan"]}
    assert {k: v for k, v in totals.items() if v} == {"ktp-el-hilang": 1, "akta-kelahiran": 1}
    assert rows[-1]["Jumlah"] == "2"
    assert ("export", "lurah", None) in audit(data_dir)


def test_recap_pdf_for_a_day_with_json(data_dir: Path, numbers: list[str], tmp_path: Path) -> None:
    out = tmp_path / "rekap.pdf"
    done = kiosk(
        "recap", "--data-dir", str(data_dir), "--day", "2026-12-01", "--out", str(out), "--json"
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert (result["ok"], result["format"], result["total"]) == (True, "pdf", 1)
    assert result["period"]["code"] == "2026-12-01"
    assert "Rekap Permohonan Harian" in pdf_text(out.read_bytes(), tmp_path)


@pytest.mark.parametrize(
    "args",
    [
        ("--month", "2026-13", "--out", "x.csv"),
        ("--day", "2026-02-30", "--out", "x.pdf"),
        ("--month", "2026-11", "--out", "x.xlsx"),
    ],
)
def test_recap_usage_errors_exit_two(data_dir: Path, tmp_path: Path, args: tuple[str, ...]) -> None:
    done = kiosk("recap", "--data-dir", str(data_dir), *args)
    assert done.returncode == 2
    assert "Ditolak:" in done.stderr
    assert "Refused:" in done.stderr


def test_recap_needs_exactly_one_period(data_dir: Path, tmp_path: Path) -> None:
    base = ("recap", "--data-dir", str(data_dir), "--out", str(tmp_path / "x.csv"))
    assert kiosk(*base).returncode == 2
    assert kiosk(*base, "--day", "2026-11-01", "--month", "2026-11").returncode == 2
