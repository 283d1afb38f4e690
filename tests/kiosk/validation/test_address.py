"""The applicant's address: RT/RW 1-3 digits, a kelurahan/desa code that exists in the wilayah
data; the region names follow from the code; services ask for it as catalog data."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest

from kiosk.applications.intake import Applicant, AttachmentInput, NewApplication, check_application
from kiosk.catalog import load_catalog
from kiosk.forms import FormContext, render_form
from kiosk.validation import validate_address
from tests.helpers.applications import ADDRESS, real_jpeg


def test_a_valid_address_is_normalised_and_named_from_its_code() -> None:
    result = validate_address(
        {"alamat": " Jl. Melati 12 ", "rt": "1", "rw": "02", "kode_wilayah": "35.78.01.1001"}
    )
    assert result.valid
    assert result.details == {
        "alamat": "Jl. Melati 12",
        "rt": "001",
        "rw": "002",
        "kode_wilayah": "35.78.01.1001",
        "kelurahan": "Karang Pilang",
        "kecamatan": "Karang Pilang",
        "kabupaten": "Kota Surabaya",
        "provinsi": "Jawa Timur",
    }


@pytest.mark.parametrize(
    ("address", "codes"),
    [
        ({}, {"address_alamat_empty", "rt_empty", "rw_empty", "address_kelurahan_empty"}),
        ({**ADDRESS, "rt": "1234"}, {"rt_invalid"}),
        ({**ADDRESS, "rw": "000"}, {"rw_zero"}),
        ({**ADDRESS, "kode_wilayah": "31.71.01.9999"}, {"address_kelurahan_unknown"}),
        ({**ADDRESS, "kode_wilayah": "31.71.01"}, {"address_kelurahan_unknown"}),
    ],
)
def test_bad_addresses_get_clear_errors(address: dict[str, str], codes: set[str]) -> None:
    result = validate_address(address)
    assert {i.code for i in result.errors} == codes
    assert all(i.message_id and i.message_en for i in result.errors)
    assert all(i.field.startswith("address.") for i in result.errors)


def _new(service: str, address: dict[str, str] | None) -> NewApplication:
    return NewApplication(
        service=service,
        applicant=Applicant(
            "3171015708900001",
            "3171010101100002",
            "Siti Aminah",
            date(1990, 8, 17),
            "P",
            address=address,
        ),
        attachments=[
            AttachmentInput("kk", real_jpeg(1)),
            AttachmentInput("surat-kehilangan", real_jpeg(2)),
        ],
        operator="petugas1",
    )


def test_services_whose_forms_carry_the_address_require_it_as_catalog_data() -> None:
    catalog = load_catalog()
    assert catalog.form("F-1.02").needs_address
    assert catalog.needs_address("ktp-el-hilang")
    assert catalog.needs_address("kk-perubahan")
    assert not catalog.needs_address("akta-kematian")
    missing = check_application(catalog, _new("ktp-el-hilang", None))
    assert "address_alamat_empty" in {i.code for i in missing.errors}
    given = _new("ktp-el-hilang", {**ADDRESS, "rt": "5"})
    assert check_application(catalog, given).valid
    assert given.applicant.address == {**ADDRESS, "rt": "005"}


def test_services_declare_their_own_fields_as_data() -> None:
    catalog = load_catalog()
    kelahiran = {f.code: f.kind for f in catalog.service("akta-kelahiran").extra_fields}
    assert kelahiran["nik_ibu"] == "nik"
    assert kelahiran["tanggal_lahir_anak"] == "date"
    kematian = {f.code for f in catalog.service("akta-kematian").extra_fields}
    assert {"nik_almarhum", "nama_almarhum", "tanggal_meninggal"} <= kematian
    tujuan = {f.code: f.kind for f in catalog.service("pindah-keluar").extra_fields}
    assert tujuan["kode_wilayah_tujuan"] == "kode_wilayah"


def test_the_generated_f102_carries_the_address(tmp_path: Path) -> None:
    catalog = load_catalog()
    new = _new("ktp-el-hilang", dict(ADDRESS))
    assert check_application(catalog, new).valid
    pdf = render_form(
        catalog,
        FormContext(
            form_code="F-1.02",
            service_code="ktp-el-hilang",
            application_id="x",
            number="N-1",
            applicant=new.applicant.as_payload(),
            documents=["kk"],
            signed_on=date(2026, 12, 2),
        ),
    )
    path = tmp_path / "f102.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    for expected in ("Jl. Melati No. 12", "001 / 002", "Gambir", "Jakarta Pusat"):
        assert expected in text
