"""Survey uploads: idempotent by id, filed under the device's office, hostile input refused;
the index is the kiosk's (worked example, boundary, no data)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from server import survey
from sync import protocol as P

from .builders import Kiosk
from .conftest import Harness


def response(scores: list[int], **extra: Any) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "answered_on": "2026-11-05", "scores": scores, **extra}


def post(server: Harness, kiosk: Kiosk, responses: list[dict[str, Any]]) -> Any:
    return server.client.post(P.SURVEY_PATH, json={"responses": responses}, headers=kiosk.headers)


def test_a_batch_is_stored_once_and_reported_for_the_office(server: Harness, kiosk: Kiosk) -> None:
    # Ten respondents whose element averages are the regulation's worked example.
    totals = [32, 34, 36, 35, 37, 38, 39, 36, 33]
    batch = [response([4 if r < t - 30 else 3 for t in totals]) for r in range(10)]
    first = post(server, kiosk, batch)
    assert first.status_code == 200, first.text
    assert first.json()["stored"] == 10
    again = post(server, kiosk, batch)
    assert (again.status_code, again.json()["stored"]) == (200, 0)
    assert sorted(again.json()["ids"]) == sorted(r["id"] for r in batch)
    assert server.scalar("SELECT COUNT(*) FROM skm_responses") == 10
    result = survey.report(server.database, kiosk.office_code, "2026-11").as_dict()
    assert (result["respondents"], result["ikm"], result["grade"]) == (10, 88.89, "A")
    assert survey.report(server.database, "31.71.99", "2026-11").as_dict()["ikm"] is None
    assert (
        survey.report(server.database, kiosk.office_code, "2026-10").as_dict()["respondents"] == 0
    )


def test_the_same_id_with_other_scores_is_a_conflict(server: Harness, kiosk: Kiosk) -> None:
    original = response([4] * 9)
    assert post(server, kiosk, [original]).status_code == 200
    changed = post(server, kiosk, [{**original, "scores": [1] * 9}])
    assert changed.status_code == 409
    assert changed.json()["code"] == "survey_conflict"
    assert server.scalar("SELECT scores FROM skm_responses") == "4,4,4,4,4,4,4,4,4"


@pytest.mark.parametrize(
    "bad",
    [
        response([4] * 8),
        response([4] * 8 + [5]),
        response([4] * 8 + [0]),
        response([4] * 8 + [True]),
        response([4] * 9, sex="X"),
        response([4] * 9, nik="3171015708900001"),
        response([4] * 9, suggestion="x" * 501),
        {**response([4] * 9), "id": "bukan-uuid"},
    ],
)
def test_hostile_responses_get_a_422_and_store_nothing(
    server: Harness, kiosk: Kiosk, bad: dict[str, Any]
) -> None:
    answer = post(server, kiosk, [bad])
    assert answer.status_code == 422, answer.text
    assert server.scalar("SELECT COUNT(*) FROM skm_responses") == 0


def test_without_a_device_credential_nothing_is_stored(server: Harness) -> None:
    answer = server.client.post(P.SURVEY_PATH, json={"responses": [response([4] * 9)]})
    assert answer.status_code == 401
