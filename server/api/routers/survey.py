"""Satisfaction-survey responses from the kiosks: ``POST /survey/responses``."""

from __future__ import annotations

from fastapi import APIRouter

from sync.protocol import API_PREFIX, SURVEY_PATH, SurveyAck, SurveyBatch

from ... import survey
from ..deps import Context, Device
from ..error_bodies import error_responses

router = APIRouter(prefix=API_PREFIX)
_ERRORS = error_responses(400, 401, 403, 409, 413, 422, 429, 503)


@router.post(SURVEY_PATH.removeprefix(API_PREFIX), responses=_ERRORS)
def upload_survey(batch: SurveyBatch, context: Context, device: Device) -> SurveyAck:
    """Stores anonymous survey responses under the device's office (idempotent by id)."""
    return survey.store(context.database, device, batch)
