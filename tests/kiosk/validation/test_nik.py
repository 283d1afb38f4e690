from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from kiosk.validation import Severity, validate_nik

TODAY = date(2026, 11, 22)


def nik(**kw: object) -> dict[str, Any]:
    result = validate_nik(today=TODAY, **kw)  # type: ignore[arg-type]
    return {"valid": result.valid, "codes": result.codes, **result.details}


def test_male_nik_decodes_region_birth_date_sex_and_serial() -> None:
    result = nik(raw="3171011708900001")
    assert result["valid"] is True
    assert result["codes"] == []
    assert (result["province_code"], result["regency_code"], result["district_code"]) == (
        "31",
        "3171",
        "317101",
    )
    assert result["birth_date"] == "1990-08-17"
    assert result["sex"] == "L"
    assert result["serial"] == "0001"
    assert result["district_name"] == "Gambir"


def test_female_nik_has_forty_added_to_the_day() -> None:
    result = nik(raw="3171015708900001")
    assert result["valid"] is True
    assert result["birth_date"] == "1990-08-17"
    assert result["sex"] == "P"


@pytest.mark.parametrize("day", ["00", "32", "40", "72", "99"])
def test_days_outside_both_ranges_are_invalid_dates(day: str) -> None:
    result = nik(raw=f"317101{day}08900001")
    assert result["valid"] is False
    assert "nik_invalid_date" in result["codes"]


def test_february_thirtieth_is_not_a_date() -> None:
    assert "nik_invalid_date" in nik(raw="3171013002900001")["codes"]


def test_serial_0000_is_invalid() -> None:
    result = nik(raw="3171011708900000")
    assert result["valid"] is False
    assert result["codes"] == ["nik_serial_zero"]


@pytest.mark.parametrize("province", ["00", "10", "99"])
def test_unknown_province_is_an_error(province: str) -> None:
    result = nik(raw=f"{province}71011708900001")
    assert result["valid"] is False
    assert "nik_unknown_province" in result["codes"]


def test_historic_kecamatan_is_valid_with_a_notice() -> None:
    # 91.01.01 Merauke was moved to Papua Selatan (93) in the 2022 split.
    result = validate_nik("9101011708900001", today=TODAY)
    assert result.valid is True
    assert [(i.code, i.severity) for i in result.issues] == [
        ("nik_historic_district", Severity.INFO)
    ]
    assert result.details["district_status"] == "historic"


def test_kecamatan_in_no_edition_is_a_warning_not_an_error() -> None:
    result = validate_nik("3171991708900001", today=TODAY)
    assert result.valid is True
    assert [(i.code, i.severity) for i in result.issues] == [
        ("nik_unknown_district", Severity.WARNING)
    ]


def test_two_digit_year_takes_the_century_that_is_not_in_the_future() -> None:
    assert nik(raw="3171011708250001")["birth_date"] == "2025-08-17"
    # 2027 would be in the future, so 1927.
    assert nik(raw="3171011708270001")["birth_date"] == "1927-08-17"
    # later this year is still the future: 31-12-2026 -> 1926
    assert nik(raw="3171013112260001")["birth_date"] == "1926-12-31"


def test_entered_birth_date_picks_the_century() -> None:
    result = nik(raw="3171011708050001", birth_date=date(1905, 8, 17))
    assert result["birth_date"] == "1905-08-17"
    assert result["codes"] == []


def test_birth_date_mismatch_is_only_a_warning() -> None:
    result = validate_nik("3171011708900001", birth_date=date(1990, 8, 18), today=TODAY)
    assert result.valid is True
    assert [(i.code, i.severity) for i in result.issues] == [
        ("nik_birth_date_mismatch", Severity.WARNING)
    ]


def test_birth_date_in_the_future_is_an_error() -> None:
    result = validate_nik("3171011708900001", birth_date=date(2027, 1, 1), today=TODAY)
    assert result.valid is False
    assert "birth_date_in_future" in result.codes


def test_sex_mismatch_is_a_warning() -> None:
    result = validate_nik("3171015708900001", sex="L", today=TODAY)
    assert result.valid is True
    assert result.codes == ["nik_sex_mismatch"]


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "nik_empty"),
        ("317101170890001", "nik_wrong_length"),
        ("31710117089000011", "nik_wrong_length"),
        ("3171O11708900001", "nik_not_digits"),
        ("３１７１０１１７０８９００００１", "nik_not_digits"),
    ],
)
def test_malformed_nik_gets_one_clear_error(raw: str, code: str) -> None:
    result = validate_nik(raw, today=TODAY)
    assert result.codes == [code]
    assert result.errors[0].message_id
    assert result.errors[0].message_en


def test_spaces_dots_and_dashes_are_ignored() -> None:
    result = validate_nik("3171 0117-0890.0001", today=TODAY)
    assert result.valid is True
    assert result.value == "3171011708900001"
