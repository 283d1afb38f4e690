"""A citizen's status check: number digits + last 4 NIK digits, one application or nothing,
five wrong tries pause it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.applications.status import Status
from kiosk.applications.status_lookup import MAX_WRONG_TRIES, StatusCheckPaused, StatusLookup
from kiosk.local_store import Store
from tests.helpers.applications import ktp_el_hilang, rejected_by_server


def digits_of(number: str) -> str:
    day, _device, sequence = number.split("-")
    return day + sequence


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    opened = Store.open(data_dir)
    yield opened
    opened.close()


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def test_the_holder_sees_their_own_status_and_what_to_fix(store: Store) -> None:
    mine = store.submission.submit(ktp_el_hilang(1))
    other = store.submission.submit(ktp_el_hilang(2))
    synced = datetime(2026, 12, 1, 16, 30, tzinfo=UTC)
    lookup = StatusLookup(store.records, lambda: synced)
    nik_tail = ktp_el_hilang(1).applicant.nik[-4:]
    rejected_by_server(store.records, mine.id)
    answer = lookup.check(digits_of(mine.number), nik_tail)
    assert answer is not None
    assert (answer.number, answer.status) == (mine.number, "rejected")
    assert (answer.reason, answer.fix_hint) == ("Foto KK buram", "Foto ulang KK asli")
    assert answer.nik_masked.endswith(nik_tail)
    assert "*" in answer.nik_masked
    assert answer.synced_at == synced
    assert not hasattr(answer, "name")
    # Another citizen's number with my NIK tail: nothing, the same as an unknown number.
    assert lookup.check(digits_of(other.number), nik_tail) is None
    assert lookup.check("0000000000", nik_tail) is None


def test_five_wrong_tries_pause_the_check(store: Store) -> None:
    mine = store.submission.submit(ktp_el_hilang(1))
    clock = Clock()
    lookup = StatusLookup(store.records, lambda: None, clock=clock)
    right = (digits_of(mine.number), ktp_el_hilang(1).applicant.nik[-4:])
    for _ in range(MAX_WRONG_TRIES - 1):
        assert lookup.check(right[0], "9999") is None
    with pytest.raises(StatusCheckPaused):
        lookup.check(right[0], "9999")
    with pytest.raises(StatusCheckPaused):  # even the right code waits out the pause
        lookup.check(*right)
    clock.now += timedelta(minutes=3)
    answer = lookup.check(*right)
    assert answer is not None
    assert answer.status == "submitted"
    assert lookup.wrong_tries == 0


@pytest.mark.parametrize(
    ("digits", "tail"), [("12345", "0001"), ("abcdefghij", "0001"), ("2612020001", "01")]
)
def test_malformed_codes_are_just_wrong(store: Store, digits: str, tail: str) -> None:
    assert StatusLookup(store.records, lambda: None).check(digits, tail) is None


def test_the_receipt_code_needs_the_nik_tail_and_counts_wrong_tries_with_the_keypad(
    store: Store,
) -> None:
    mine = store.submission.submit(ktp_el_hilang(1))
    other = store.submission.submit(ktp_el_hilang(2))
    clock = Clock()
    lookup = StatusLookup(store.records, lambda: None, clock)
    nik_tail = ktp_el_hilang(1).applicant.nik[-4:]
    answer = lookup.check_receipt_code(mine.number, nik_tail)
    assert answer is not None
    assert answer.number == mine.number
    assert lookup.check_receipt_code(other.number, nik_tail) is None  # not my application
    assert lookup.check_receipt_code("https://example.test/" + mine.number, nik_tail) is None
    assert lookup.check_receipt_code(mine.number, "") is None
    for _ in range(MAX_WRONG_TRIES - 4):  # 3 wrong so far; the keypad's tries add to them
        assert lookup.check("0000000000", nik_tail) is None
    with pytest.raises(StatusCheckPaused):
        lookup.check_receipt_code(other.number, nik_tail)
    with pytest.raises(StatusCheckPaused):  # even the right code waits out the pause
        lookup.check_receipt_code(mine.number, nik_tail)
    store.records.transition(mine.id, 1, Status.RECEIVED, source="server")
    assert lookup.current(answer).status == "received"  # read again, no try counted
