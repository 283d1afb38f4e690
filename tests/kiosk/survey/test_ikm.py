"""The satisfaction index (IKM): exact 1/9 weights, rounding before grading, no data."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from kiosk.survey.ikm import (
    SurveyInputError,
    compute,
    from_averages,
    grade_of,
    parse_scores,
)

WORKED = ["3.2", "3.4", "3.6", "3.5", "3.7", "3.8", "3.9", "3.6", "3.3"]


def test_the_regulations_worked_example_gives_88_89_a() -> None:
    result = from_averages(WORKED, respondents=10)
    assert result.ikm == Decimal("88.89")
    assert result.as_dict() == {
        "respondents": 10,
        "elements": [3.2, 3.4, 3.6, 3.5, 3.7, 3.8, 3.9, 3.6, 3.3],
        "ikm": 88.89,
        "grade": "A",
        "performance": "sangat baik / very good",
    }


def test_the_weight_is_exactly_one_ninth_not_0_11() -> None:
    # 0.11 would give 32 x 0.11 x 25 = 88.00; everyone answering 4 would give 99.00.
    assert compute([[4] * 9]).ikm == Decimal("100.00")
    assert compute([[1] * 9]).ikm == Decimal("25.00")


def test_worked_example_from_real_responses() -> None:
    # Ten respondents whose element totals are 32, 34, 36, 35, 37, 38, 39, 36, 33.
    totals = [32, 34, 36, 35, 37, 38, 39, 36, 33]
    responses = [[4 if r < t - 30 else 3 for t in totals] for r in range(10)]
    result = compute(responses)
    assert result.element_averages == tuple(Fraction(t, 10) for t in totals)
    assert result.as_dict()["ikm"] == 88.89
    assert result.grade == "A"


@pytest.mark.parametrize(
    ("ikm", "grade"),
    [
        ("100.00", "A"),
        ("88.31", "A"),
        ("88.30", "B"),
        ("76.61", "B"),
        ("76.60", "C"),
        ("65.00", "C"),
        ("64.99", "D"),
        ("25.00", "D"),
    ],
)
def test_grade_bands_meet_without_gaps(ikm: str, grade: str) -> None:
    assert grade_of(Decimal(ikm))[0] == grade


def test_rounding_comes_before_grading() -> None:
    # Element averages summing to 31.7898 give exactly 88.305: half up to 88.31, grade A;
    # graded unrounded it would fall below 88.31 into B.
    averages = [Fraction(317898, 90000)] * 9
    result = from_averages(averages, respondents=3)
    assert result.ikm == Decimal("88.31")
    assert result.grade == "A"
    just_below = from_averages([Fraction(317897, 90000)] * 9, respondents=3)
    assert just_below.ikm == Decimal("88.30")
    assert just_below.grade == "B"


def test_grade_boundary_from_responses_65_is_c_and_just_below_is_d() -> None:
    # Five respondents 3,3,3,2,2 on every element: average 2.6, IKM exactly 65.00 (C).
    five = [[3] * 9, [3] * 9, [3] * 9, [2] * 9, [2] * 9]
    assert compute(five).as_dict()["ikm"] == 65.0
    assert compute(five).grade == "C"
    # One element's scores a little lower: 64.44, D.
    lower = [*five[:-1], [2] * 8 + [1]]
    assert compute(lower).grade == "D"


def test_zero_respondents_is_no_data_not_a_number() -> None:
    result = compute([])
    assert result.ikm is None
    assert result.grade is None
    data = result.as_dict()
    assert data["respondents"] == 0
    assert data["ikm"] is None
    assert "Belum ada data" in data["message"]


@pytest.mark.parametrize("text", ["4,3,4", "4,3,4,4,3,4,4,3,5", "4,3,4,4,3,4,4,3,0", "a" * 9, ""])
def test_bad_scores_are_refused_in_both_languages(text: str) -> None:
    with pytest.raises(SurveyInputError) as caught:
        parse_scores(text)
    assert "1" in caught.value.message_id
    assert caught.value.message_en
