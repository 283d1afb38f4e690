"""Anonymous survey responses go to the server, each exactly once.

A response is marked sent only when the server's answer echoes its id, so a lost answer
means the batch goes again (the server stores by id: no second copy) and a refused one
stays on the kiosk for a person to look at, while applications keep moving.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Protocol

from kiosk.local_store import Store
from sync import protocol as p
from sync.client import SyncClient
from sync.errors import ErrorClass, SyncError

log = logging.getLogger("kiosk.sync")


class SurveyReport(Protocol):
    survey_uploaded: int
    errors: list[str]


def push_survey(
    store: Store, client: SyncClient, stop_if_cancelled: Callable[[], None], report: SurveyReport
) -> None:
    while True:
        stop_if_cancelled()
        pending = store.survey.pending(p.MAX_SURVEY_BATCH)
        if not pending:
            return
        batch = p.SurveyBatch(
            responses=[
                p.SurveyResponseIn(
                    id=uuid.UUID(item.id),
                    answered_on=item.answered_on,
                    scores=list(item.answer.scores),
                    suggestion=item.answer.suggestion,
                    age_band=item.answer.age_band,
                    sex=item.answer.sex,
                    education=item.answer.education,
                    job=item.answer.job,
                )
                for item in pending
            ]
        )
        try:
            ack = client.post_survey(batch)
        except SyncError as error:
            if error.kind is not ErrorClass.NEEDS_PERSON:
                raise
            report.errors.append(error.code)
            log.warning("survey responses refused (%s): needs a person", error.code)
            return
        sent = {str(item.id) for item in batch.responses}
        echoed = [str(i) for i in ack.ids if str(i) in sent]
        report.survey_uploaded += store.survey.acknowledge(echoed)
        if len(echoed) < len(sent):
            log.warning("server echoed %d of %d survey ids", len(echoed), len(sent))
            return
