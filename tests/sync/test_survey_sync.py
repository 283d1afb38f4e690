"""Survey responses reach the server exactly once, across a lost answer, and the server's
index for the office equals the kiosk's."""

from __future__ import annotations

import json
from datetime import date
from types import SimpleNamespace

import pytest

from kiosk.local_store import Store
from sync.engine import SyncEngine
from sync.errors import SyncError
from sync.survey_upload import push_survey
from tests.helpers.faultproxy import FaultProxy
from tests.helpers.processes import ServerProcess

from .conftest import OFFICE

NOVEMBER = date(2026, 11, 20)


def test_responses_are_stored_once_even_when_the_answer_is_lost(
    engine: SyncEngine, enrolled: Store, proxy: FaultProxy, server: ServerProcess
) -> None:
    from kiosk.survey.responses import SurveyAnswer

    for scores in ((4, 3, 4, 4, 3, 4, 4, 3, 4), (3,) * 9, (2,) * 9):
        enrolled.survey.add(SurveyAnswer(scores=scores, sex="P", answered_on=NOVEMBER))
    report = SimpleNamespace(survey_uploaded=0, errors=[])
    proxy.drop_next_response()  # the server stores the batch; the kiosk never hears so
    with pytest.raises(SyncError):
        push_survey(enrolled, engine.client(), lambda: None, report)
    assert enrolled.survey.count_pending() == 3
    passed = engine.run_once()
    assert passed.survey_uploaded == 3
    assert enrolled.survey.count_pending() == 0
    assert engine.run_once().survey_uploaded == 0
    out = server.cli("survey", "report", "--office", OFFICE, "--period", "2026-11", "--json")
    server_report = json.loads(out.stdout)
    assert server_report["respondents"] == 3  # not 6: the re-sent batch added nothing
    assert server_report == enrolled.survey.report("2026-11").as_dict()
    other = server.cli("survey", "report", "--office", "31.71.02", "--period", "2026-11", "--json")
    assert json.loads(other.stdout)["ikm"] is None
