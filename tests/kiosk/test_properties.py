"""Property-based tests: validators never crash and keep their promises on any input; the
state machine never lets an application go back or leave a terminal state."""

from __future__ import annotations

import re
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.applications import Status, can_transition, check_transition
from kiosk.applications.status import TERMINAL
from kiosk.errors import IllegalTransition
from kiosk.validation import validate_name, validate_nik, validate_no_kk, validate_phone
from kiosk.wilayah import default_wilayah

TODAY = date(2026, 11, 22)
DISTRICTS = sorted(
    r.code.replace(".", "")
    for r in default_wilayah().children("31.71") + default_wilayah().children("51.08")
)


@given(st.text(max_size=40))
@settings(max_examples=500)
def test_validators_never_crash_and_valid_means_well_formed(raw: str) -> None:
    nik = validate_nik(raw, today=TODAY)
    if nik.valid:
        assert re.fullmatch(r"\d{16}", nik.value)
        assert nik.details["serial"] != "0000"
        assert date.fromisoformat(nik.details["birth_date"]) <= TODAY
    no_kk = validate_no_kk(raw, today=TODAY)
    if no_kk.valid:
        assert re.fullmatch(r"\d{16}", no_kk.value)
        assert no_kk.details["serial"] != "0000"
    phone = validate_phone(raw)
    if phone.valid:
        assert re.fullmatch(r"\+628\d{8,11}", phone.value)
        assert validate_phone(phone.value).value == phone.value
    name = validate_name(raw)
    if name.valid:
        assert name.value == name.value.upper()
        assert not any(ch.isdigit() for ch in name.value)
    for result in (nik, no_kk, phone, name):
        for issue in result.issues:
            assert issue.code
            assert issue.message_id
            assert issue.message_en


@given(
    district=st.sampled_from(DISTRICTS),
    born=st.dates(min_value=date(1927, 1, 1), max_value=TODAY),
    female=st.booleans(),
    serial=st.integers(min_value=1, max_value=9999),
)
@settings(max_examples=300)
def test_any_well_formed_nik_is_valid_and_decodes_back(
    district: str, born: date, female: bool, serial: int
) -> None:
    day = born.day + (40 if female else 0)
    raw = f"{district}{day:02d}{born:%m%y}{serial:04d}"
    result = validate_nik(raw, birth_date=born, sex="P" if female else "L", today=TODAY)
    assert result.valid, result.codes
    assert result.codes == []
    assert result.details["birth_date"] == born.isoformat()
    assert result.details["sex"] == ("P" if female else "L")
    off_by_one = validate_nik(raw, birth_date=born - timedelta(days=1), today=TODAY)
    assert off_by_one.valid  # a wrong birth date never rejects the NIK
    assert "nik_birth_date_mismatch" in off_by_one.codes


@given(st.lists(st.sampled_from(list(Status)), max_size=12))
def test_random_walks_never_go_back_or_leave_a_terminal_state(steps: list[Status]) -> None:
    current = Status.DRAFT
    seen = [current]
    for target in steps:
        try:
            check_transition(current, target)
        except IllegalTransition:
            assert not can_transition(current, target)
            continue
        assert current not in TERMINAL
        assert target is not Status.DRAFT
        current = target
        seen.append(current)
    assert seen.count(Status.DRAFT) == 1
    assert seen.count(Status.SUBMITTED) <= 1
