"""The applicant's address: street, RT/RW and the kelurahan/desa code from the wilayah data.

Only the kelurahan/desa code is typed or picked; the kecamatan, kabupaten/kota and provinsi
follow from it (the code's prefixes), so the names on the generated forms always agree with
the official region list.
"""

from __future__ import annotations

from collections.abc import Mapping

from kiosk.validation.person import validate_rt_rw
from kiosk.validation.result import ValidationResult
from kiosk.wilayah import Wilayah, default_wilayah

ADDRESS_FIELDS = ("alamat", "rt", "rw", "kode_wilayah")
MAX_ALAMAT = 120


def address_names(code: str, wilayah: Wilayah | None = None) -> dict[str, str]:
    """kelurahan, kecamatan, kabupaten and provinsi names of a kelurahan/desa code."""
    wilayah = wilayah or default_wilayah()
    village = wilayah.village(code)
    names = {"kelurahan": village.name if village else ""}
    for key, length in (("kecamatan", 8), ("kabupaten", 5), ("provinsi", 2)):
        region = wilayah.get(code[:length])
        names[key] = region.name if region else ""
    return names


def validate_address(
    raw: Mapping[str, object] | None, wilayah: Wilayah | None = None
) -> ValidationResult:
    """Checks an address; its value is the normalised address with the region names added."""
    wilayah = wilayah or default_wilayah()
    result = ValidationResult(value="")
    data = {k: str((raw or {}).get(k) or "").strip() for k in ADDRESS_FIELDS}
    if not data["alamat"]:
        result.error(
            "address_alamat_empty",
            "Alamat (jalan, nomor rumah) wajib diisi",
            "The street address is required",
            "address.alamat",
        )
    elif len(data["alamat"]) > MAX_ALAMAT:
        result.error(
            "address_alamat_too_long",
            f"Alamat paling panjang {MAX_ALAMAT} huruf",
            f"The street address may have at most {MAX_ALAMAT} characters",
            "address.alamat",
        )
    for part in ("rt", "rw"):
        checked = validate_rt_rw(data[part], field=part)
        for issue in checked.issues:
            result.error(issue.code, issue.message_id, issue.message_en, f"address.{part}")
        if checked.valid:
            data[part] = checked.value
    code = data["kode_wilayah"]
    if not code:
        result.error(
            "address_kelurahan_empty",
            "Kelurahan/desa wajib dipilih",
            "The kelurahan/village is required",
            "address.kode_wilayah",
        )
    elif wilayah.village(code) is None:
        result.error(
            "address_kelurahan_unknown",
            f"Kode kelurahan/desa {code} tidak ada di data wilayah (contoh 35.78.01.1001)",
            f"Kelurahan/village code {code} is not in the region data (e.g. 35.78.01.1001)",
            "address.kode_wilayah",
        )
    if result.valid:
        result.details = {**data, **address_names(code, wilayah)}
    return result
