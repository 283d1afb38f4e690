from __future__ import annotations

from datetime import date

import pytest

from kiosk.validation import validate_name, validate_no_kk, validate_phone, validate_rt_rw

TODAY = date(2026, 11, 22)


def test_valid_no_kk_decodes_recording_date() -> None:
    result = validate_no_kk("3171010101100002", today=TODAY)
    assert result.valid is True
    assert result.details["recorded_date"] == "2010-01-01"
    assert result.details["district_code"] == "317101"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("3171014101100002", "no_kk_invalid_date"),  # no +40 in a KK
        ("3171010101100000", "no_kk_serial_zero"),
        ("1071010101100002", "no_kk_unknown_province"),
        ("317101010110000", "no_kk_wrong_length"),
    ],
)
def test_invalid_no_kk(raw: str, code: str) -> None:
    result = validate_no_kk(raw, today=TODAY)
    assert result.valid is False
    assert code in result.codes


@pytest.mark.parametrize(
    "raw", ["081234567890", "+6281234567890", "6281234567890", "0812-3456-7890", "81234567890"]
)
def test_mobile_numbers_are_normalised_to_plus_62(raw: str) -> None:
    result = validate_phone(raw)
    assert result.valid is True
    assert result.value == "+6281234567890"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("0215551234", "phone_not_mobile"),
        ("0812345", "phone_wrong_length"),
        ("08123456789012", "phone_wrong_length"),
        ("08l2345678", "phone_not_digits"),
        ("", "phone_empty"),
    ],
)
def test_invalid_phone(raw: str, code: str) -> None:
    assert validate_phone(raw).codes == [code]


def test_name_is_normalised_like_the_ktp() -> None:
    result = validate_name("  siti   aminah ")
    assert result.valid is True
    assert result.value == "SITI AMINAH"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("BUDI 2", "name_has_digits"),
        ("BUDI@SANTOSO", "name_invalid_characters"),
        ("", "name_empty"),
        ("A" * 61, "name_too_long"),
    ],
)
def test_invalid_names(raw: str, code: str) -> None:
    result = validate_name(raw)
    assert result.valid is False
    assert code in result.codes


def test_names_with_apostrophes_and_titles_are_fine() -> None:
    assert validate_name("Ma'ruf, S.Pd.").valid is True
    assert validate_name("ANNNA").codes == ["name_repeated_letters"]


@pytest.mark.parametrize(("raw", "value"), [("5", "005"), ("012", "012"), (" 7 ", "007")])
def test_rt_rw_padded_to_three_digits(raw: str, value: str) -> None:
    result = validate_rt_rw(raw)
    assert result.valid is True
    assert result.value == value


@pytest.mark.parametrize("raw", ["0", "000", "1234", "a1", ""])
def test_invalid_rt_rw(raw: str) -> None:
    assert validate_rt_rw(raw, field="rw").valid is False
