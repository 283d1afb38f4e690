"""Validation of the 16-digit identity numbers: NIK and No. KK.

Both start with the 6-digit kecamatan code and carry a DDMMYY date and a 4-digit serial. The NIK
date is the birth date (women: day + 40) and is never corrected, so a mismatch with the birth
date typed by the operator is a WARNING, never a rejection (DOMAIN.md).
"""

from __future__ import annotations

import re
from datetime import date

from kiosk.validation.result import ValidationResult
from kiosk.wilayah import RegionStatus, Wilayah, default_wilayah, dotted

_SEPARATORS = re.compile(r"[\s.\-]")
NIK_FIELDS = ("province_code", "regency_code", "district_code", "birth_date", "sex", "serial")


def _clean(raw: str) -> str:
    return _SEPARATORS.sub("", raw or "")


def _check_shape(result: ValidationResult, digits: str, field: str, label: str) -> bool:
    if not digits:
        result.error(f"{field}_empty", f"{label} wajib diisi", f"{label} is required", field)
        return False
    if not digits.isdigit() or not digits.isascii():
        result.error(
            f"{field}_not_digits",
            f"{label} hanya boleh berisi angka",
            f"{label} may contain digits only",
            field,
        )
        return False
    if len(digits) != 16:
        result.error(
            f"{field}_wrong_length",
            f"{label} harus 16 digit (sekarang {len(digits)} digit)",
            f"{label} must have 16 digits (it has {len(digits)})",
            field,
        )
        return False
    return True


def _check_region(
    result: ValidationResult, digits: str, field: str, label: str, wilayah: Wilayah
) -> None:
    province, regency, district = dotted(digits[:2]), dotted(digits[:4]), dotted(digits[:6])
    result.details.update(
        province_code=digits[:2], regency_code=digits[:4], district_code=digits[:6]
    )
    if wilayah.get(province) is None:
        result.error(
            f"{field}_unknown_province",
            f"Kode provinsi {digits[:2]} pada {label} tidak dikenal; periksa dua digit pertama",
            f"Province code {digits[:2]} in the {label} is unknown; check the first two digits",
            field,
        )
        return
    result.details["province_name"] = wilayah.get(province).name  # type: ignore[union-attr]
    status = wilayah.status(district)
    result.details["district_status"] = status.value
    if status is RegionStatus.UNKNOWN:
        result.warning(
            f"{field}_unknown_district",
            f"Kode kecamatan {digits[:6]} pada {label} tidak ada di daftar wilayah mana pun; "
            "pastikan enam digit pertama benar",
            f"District code {digits[:6]} in the {label} is not in any edition of the region "
            "codes; make sure the first six digits are right",
            field,
        )
    else:
        for key, code in (("regency_name", regency), ("district_name", district)):
            region = wilayah.get(code)
            if region is not None:
                result.details[key] = region.name
        if status is RegionStatus.HISTORIC:
            result.info(
                f"{field}_historic_district",
                f"Kode kecamatan {digits[:6]} adalah kode lama (sebelum pemekaran); tetap sah",
                f"District code {digits[:6]} is an older code (before a split); still valid",
                field,
            )


def _pick_century(yy: int, month: int, day: int, today: date, hint: date | None) -> date | None:
    """The century that makes the date plausible: not in the future, matching the hint if any."""
    candidates = []
    for century in (2000, 1900):
        try:
            candidate = date(century + yy, month, day)
        except ValueError:
            continue
        if candidate <= today:
            candidates.append(candidate)
    if hint is not None:
        for candidate in candidates:
            if candidate.year == hint.year:
                return candidate
    return candidates[0] if candidates else None


def validate_nik(
    raw: str,
    *,
    birth_date: date | None = None,
    sex: str | None = None,
    today: date | None = None,
    wilayah: Wilayah | None = None,
) -> ValidationResult:
    """Validates a NIK and decodes region, birth date, sex and serial.

    Args:
        raw: the NIK as typed; spaces, dots and dashes are ignored.
        birth_date: the birth date typed by the operator, compared with the NIK (warning only).
        sex: "L" or "P" as typed, compared with the NIK (warning only).
        today: the reference date (tests pass a fixed one).
        wilayah: region lookup (defaults to the shipped editions).
    """
    today = today or date.today()
    wilayah = wilayah or default_wilayah()
    digits = _clean(raw)
    result = ValidationResult(value=digits, details=dict.fromkeys(NIK_FIELDS))
    if not _check_shape(result, digits, "nik", "NIK"):
        return result
    _check_region(result, digits, "nik", "NIK", wilayah)

    day, month, yy = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    nik_sex = "P" if day > 40 else "L"
    true_day = day - 40 if day > 40 else day
    decoded = None
    if 1 <= true_day <= 31 and 1 <= month <= 12:
        decoded = _pick_century(yy, month, true_day, today, birth_date)
    if decoded is None:
        result.error(
            "nik_invalid_date",
            "Digit 7-12 NIK bukan tanggal lahir yang sah (DDMMYY, perempuan: tanggal + 40)",
            "Digits 7-12 of the NIK are not a valid birth date (DDMMYY, women: day + 40)",
            "nik",
        )
    else:
        result.details.update(birth_date=decoded.isoformat(), sex=nik_sex)
    serial = digits[12:]
    result.details["serial"] = serial
    if serial == "0000":
        result.error(
            "nik_serial_zero",
            "Empat digit terakhir NIK tidak boleh 0000",
            "The last four digits of the NIK cannot be 0000",
            "nik",
        )
    if birth_date is not None:
        _compare_birth_date(result, decoded, birth_date, today)
    if sex is not None and decoded is not None and sex.upper() != nik_sex:
        result.warning(
            "nik_sex_mismatch",
            f"Jenis kelamin menurut NIK adalah {nik_sex}, yang diisi {sex.upper()}; periksa lagi",
            f"The NIK says sex {nik_sex} but {sex.upper()} was entered; please double-check",
            "sex",
        )
    return result


def _compare_birth_date(
    result: ValidationResult, decoded: date | None, birth_date: date, today: date
) -> None:
    if birth_date > today:
        result.error(
            "birth_date_in_future",
            "Tanggal lahir tidak boleh di masa depan",
            "The birth date cannot be in the future",
            "birth_date",
        )
    elif today.year - birth_date.year > 130:
        result.error(
            "birth_date_implausible",
            "Tanggal lahir terlalu jauh di masa lalu; periksa tahunnya",
            "The birth date is too far in the past; check the year",
            "birth_date",
        )
    if decoded is not None and decoded != birth_date:
        result.warning(
            "nik_birth_date_mismatch",
            f"Tanggal lahir di NIK ({decoded:%d-%m-%Y}) berbeda dengan yang diisi "
            f"({birth_date:%d-%m-%Y}); NIK tidak diubah, pastikan tanggal lahir benar",
            f"The NIK's birth date ({decoded:%Y-%m-%d}) differs from the one entered "
            f"({birth_date:%Y-%m-%d}); the NIK is never changed, make sure the birth date is right",
            "birth_date",
        )


def validate_no_kk(
    raw: str, *, today: date | None = None, wilayah: Wilayah | None = None
) -> ValidationResult:
    """Validates a No. KK: issuing kecamatan, recording date DDMMYY (no +40), serial."""
    today = today or date.today()
    wilayah = wilayah or default_wilayah()
    digits = _clean(raw)
    result = ValidationResult(value=digits)
    if not _check_shape(result, digits, "no_kk", "No. KK"):
        return result
    _check_region(result, digits, "no_kk", "No. KK", wilayah)
    day, month, yy = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    recorded = None
    if 1 <= day <= 31 and 1 <= month <= 12:
        recorded = _pick_century(yy, month, day, today, None)
    if recorded is None:
        result.error(
            "no_kk_invalid_date",
            "Digit 7-12 No. KK bukan tanggal pencatatan yang sah (DDMMYY)",
            "Digits 7-12 of the No. KK are not a valid recording date (DDMMYY)",
            "no_kk",
        )
    else:
        result.details["recorded_date"] = recorded.isoformat()
    result.details["serial"] = digits[12:]
    if digits[12:] == "0000":
        result.error(
            "no_kk_serial_zero",
            "Empat digit terakhir No. KK tidak boleh 0000",
            "The last four digits of the No. KK cannot be 0000",
            "no_kk",
        )
    return result
