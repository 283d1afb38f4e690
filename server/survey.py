"""Satisfaction-survey responses from the kiosks, and the office's index (IKM) per month.

Stored once per response id (a re-sent batch is a no-op); the index is computed with the
kiosk's own rules (kiosk.survey.ikm), so kiosk and server print the same figures.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa

from kiosk.survey.ikm import IkmResult, check_period, compute
from sync.protocol import SurveyAck, SurveyBatch, SurveyResponseIn

from .db import Database
from .enrollment import DeviceContext
from .errors import SurveyConflict
from .models import SurveyResponse

log = logging.getLogger("kiosk.server.survey")


def _row(office_code: str, response: SurveyResponseIn) -> SurveyResponse:
    return SurveyResponse(
        id=response.id,
        office_code=office_code,
        period=response.answered_on.strftime("%Y-%m"),
        answered_on=response.answered_on,
        scores=",".join(str(s) for s in response.scores),
        suggestion=response.suggestion.strip(),
        age_band=response.age_band,
        sex=response.sex,
        education=response.education,
        job=response.job,
    )


_COMPARED = (
    "office_code",
    "answered_on",
    "scores",
    "suggestion",
    "age_band",
    "sex",
    "education",
    "job",
)


def store(database: Database, device: DeviceContext, batch: SurveyBatch) -> SurveyAck:
    """Stores the new responses of a batch, whole or not at all.

    Raises:
        SurveyConflict: an id already held with different content (a response never changes).
    """
    wanted = {r.id: _row(device.office_code, r) for r in batch.responses}
    with database.write() as session:
        held = {
            row.id: row
            for row in session.scalars(
                sa.select(SurveyResponse).where(SurveyResponse.id.in_(list(wanted)))
            )
        }
        for response_id, new in wanted.items():
            old = held.get(response_id)
            if old is not None and any(
                getattr(old, name) != getattr(new, name) for name in _COMPARED
            ):
                raise SurveyConflict(
                    f"Jawaban survei {response_id} sudah ada dengan isi lain / survey response "
                    f"{response_id} is already held with different content"
                )
        fresh = [row for response_id, row in wanted.items() if response_id not in held]
        session.add_all(fresh)
    if fresh:
        log.info("%d survey responses stored for office %s", len(fresh), device.office_code)
    return SurveyAck(ids=list(wanted), stored=len(fresh))


def report(database: Database, office_code: str, period: str) -> IkmResult:
    period = check_period(period)
    with database.read() as session:
        rows = session.scalars(
            sa.select(SurveyResponse.scores).where(
                SurveyResponse.office_code == office_code, SurveyResponse.period == period
            )
        ).all()
    return compute(tuple(int(s) for s in scores.split(",")) for scores in rows)
