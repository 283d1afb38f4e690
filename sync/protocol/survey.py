"""Upload of anonymous satisfaction-survey responses (request 11), each stored exactly once.

A response carries no NIK, name, application or time of day (kiosk.survey.responses); the
server files it under the sending device's office. Idempotent by the response's random id:
a batch re-sent after a lost answer is accepted again, and an id the server holds with
different content is refused (409 survey_conflict) since a response never changes.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Final
from uuid import UUID

from pydantic import Field

from kiosk.survey.ikm import ELEMENT_COUNT, MAX_SCORE, MIN_SCORE
from kiosk.survey.responses import (
    AGE_BANDS,
    EDUCATIONS,
    JOBS,
    MAX_SUGGESTION_CHARS,
    SEXES,
)

from .base import API_PREFIX, PRINTABLE_PATTERN, Strict

SURVEY_PATH: Final = f"{API_PREFIX}/survey/responses"
MAX_SURVEY_BATCH: Final = 200
Score = Annotated[int, Field(ge=MIN_SCORE, le=MAX_SCORE, strict=True)]


def _one_of(codes: tuple[str, ...]) -> str:
    return "^(" + "|".join(re.escape(code) for code in codes) + ")$"


class SurveyResponseIn(Strict):
    id: UUID
    answered_on: date
    scores: list[Score] = Field(min_length=ELEMENT_COUNT, max_length=ELEMENT_COUNT)
    suggestion: str = Field(default="", max_length=MAX_SUGGESTION_CHARS, pattern=PRINTABLE_PATTERN)
    age_band: str | None = Field(default=None, pattern=_one_of(AGE_BANDS))
    sex: str | None = Field(default=None, pattern=_one_of(SEXES))
    education: str | None = Field(default=None, pattern=_one_of(EDUCATIONS))
    job: str | None = Field(default=None, pattern=_one_of(JOBS))
    """The respondent fields take the kiosk's codes (kiosk.survey.responses), defined once."""


class SurveyBatch(Strict):
    responses: list[SurveyResponseIn] = Field(min_length=1, max_length=MAX_SURVEY_BATCH)


class SurveyAck(Strict):
    """The ids the server now holds (new or already held): the kiosk marks exactly these."""

    ids: list[UUID]
    stored: int = Field(ge=0, description="responses new in this batch")
