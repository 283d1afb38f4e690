"""Survey responses kept on the kiosk until the server has them (each sent exactly once).

A response holds the nine scores, an optional suggestion and the optional respondent fields
the regulation's form asks (age band, sex, education, job), and nothing that identifies the
person or their application: the survey is anonymous, or people do not answer it honestly.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Final

from sqlalchemy import func, select, update

from kiosk.store.core import StoreCore
from kiosk.store.models import SurveyResponseRow
from kiosk.survey.ikm import IkmResult, SurveyInputError, check_period, check_scores, compute

AGE_BANDS: Final = ("<25", "25-34", "35-44", "45-54", "55-64", "65+")
SEXES: Final = ("L", "P")
EDUCATIONS: Final = ("sd", "smp", "sma", "diploma", "s1", "s2+")
JOBS: Final = ("pns", "tni", "polri", "swasta", "wirausaha", "pelajar", "lainnya")
MAX_SUGGESTION_CHARS: Final = 500


@dataclass(frozen=True)
class SurveyAnswer:
    """What one respondent gave; every field but the scores may be left empty."""

    scores: tuple[int, ...]
    suggestion: str = ""
    age_band: str | None = None
    sex: str | None = None
    education: str | None = None
    job: str | None = None
    answered_on: date = field(default_factory=lambda: datetime.now().astimezone().date())
    """The office's local day (the reporting month is the office's month)."""

    def checked(self) -> SurveyAnswer:
        check_scores(self.scores)
        for value, allowed, what in (
            (self.age_band, AGE_BANDS, "usia / age band"),
            (self.sex, SEXES, "jenis kelamin / sex"),
            (self.education, EDUCATIONS, "pendidikan / education"),
            (self.job, JOBS, "pekerjaan / job"),
        ):
            if value is not None and value not in allowed:
                raise SurveyInputError(
                    f"Pilihan {what} tidak dikenal: {value} (pilih {', '.join(allowed)})",
                    f"Unknown {what}: {value} (choose {', '.join(allowed)})",
                )
        if len(self.suggestion) > MAX_SUGGESTION_CHARS:
            raise SurveyInputError(
                f"Saran paling banyak {MAX_SUGGESTION_CHARS} huruf",
                f"A suggestion has at most {MAX_SUGGESTION_CHARS} characters",
            )
        return self


@dataclass(frozen=True)
class PendingResponse:
    """A response the server does not hold yet, as it goes on the wire."""

    id: str
    period: str
    answered_on: date
    answer: SurveyAnswer


class SurveyResponses:
    def __init__(self, core: StoreCore) -> None:
        self._core = core

    def add(self, answer: SurveyAnswer) -> str:
        answer = answer.checked()
        response_id = str(uuid.uuid4())
        with self._core.write_session() as session:
            session.add(
                SurveyResponseRow(
                    id=response_id,
                    period=answer.answered_on.strftime("%Y-%m"),
                    answered_on=answer.answered_on,
                    scores=",".join(str(s) for s in answer.scores),
                    suggestion=answer.suggestion.strip(),
                    age_band=answer.age_band,
                    sex=answer.sex,
                    education=answer.education,
                    job=answer.job,
                    acknowledged=False,
                )
            )
        return response_id

    def report(self, period: str) -> IkmResult:
        period = check_period(period)
        with self._core.read_session() as session:
            rows = session.scalars(
                select(SurveyResponseRow.scores).where(SurveyResponseRow.period == period)
            ).all()
        return compute(tuple(int(s) for s in scores.split(",")) for scores in rows)

    def pending(self, limit: int) -> list[PendingResponse]:
        with self._core.read_session() as session:
            rows = session.scalars(
                select(SurveyResponseRow)
                .where(SurveyResponseRow.acknowledged.is_(False))
                .order_by(SurveyResponseRow.answered_on, SurveyResponseRow.id)
                .limit(limit)
            ).all()
        return [
            PendingResponse(
                row.id,
                row.period,
                row.answered_on,
                SurveyAnswer(
                    scores=tuple(int(s) for s in row.scores.split(",")),
                    suggestion=row.suggestion,
                    age_band=row.age_band,
                    sex=row.sex,
                    education=row.education,
                    job=row.job,
                    answered_on=row.answered_on,
                ),
            )
            for row in rows
        ]

    def acknowledge(self, ids: Iterable[str]) -> int:
        """Marks what the server echoed back; returns how many rows changed."""
        wanted = list(ids)
        if not wanted:
            return 0
        with self._core.write_session() as session:
            result = session.execute(
                update(SurveyResponseRow)
                .where(SurveyResponseRow.id.in_(wanted))
                .values(acknowledged=True)
            )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    def count_pending(self) -> int:
        with self._core.read_session() as session:
            return int(
                session.scalar(
                    select(func.count()).where(SurveyResponseRow.acknowledged.is_(False))
                )
                or 0
            )
