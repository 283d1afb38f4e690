from __future__ import annotations

import itertools

import pytest

from kiosk.applications import Status, can_revise, check_transition
from kiosk.applications.numbering import format_number, is_application_number, new_device_code
from kiosk.applications.status import TERMINAL, TRANSITIONS
from kiosk.errors import IllegalTransition

HAPPY_PATH = [
    Status.DRAFT,
    Status.SUBMITTED,
    Status.SENT,
    Status.RECEIVED,
    Status.VERIFIED,
    Status.PROCESSING,
    Status.READY,
    Status.COLLECTED,
]
ILLEGAL = [(a, b) for a, b in itertools.product(Status, Status) if b not in TRANSITIONS[a]]


def test_happy_path_is_allowed_step_by_step() -> None:
    for current, target in itertools.pairwise(HAPPY_PATH):
        check_transition(current, target)


@pytest.mark.parametrize(("current", "target"), ILLEGAL, ids=[f"{a}->{b}" for a, b in ILLEGAL])
def test_every_illegal_transition_raises_a_typed_error(current: Status, target: Status) -> None:
    with pytest.raises(IllegalTransition) as info:
        check_transition(current, target)
    assert info.value.code == "illegal_transition"
    assert info.value.message_id
    assert info.value.message_en


def test_no_status_moves_backwards_along_the_happy_path() -> None:
    for i, current in enumerate(HAPPY_PATH):
        for earlier in HAPPY_PATH[:i]:
            assert earlier not in TRANSITIONS[current]


def test_terminal_states_and_revisions() -> None:
    assert {Status.COLLECTED, Status.CANCELLED} == TERMINAL
    assert [s for s in Status if can_revise(s)] == [Status.REJECTED]
    assert len(ILLEGAL) > 60


def test_application_numbers() -> None:
    from datetime import date

    code = new_device_code()
    number = format_number(date(2026, 11, 22), code, 7)
    assert number == f"261122-{code}-0007"
    assert is_application_number(number)
    assert not is_application_number("261122-ABC0-0007")
