"""The daily and monthly recap (rekap harian/bulanan): applications per service and status.

Like the district's monthly report: every service of the catalog is a row (zeros included, so
"no KIA this month" is visible rather than missing), every status a column, with totals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from kiosk.applications.status import STATUS_LABELS, Status
from kiosk.catalog import Text
from kiosk.receipts.data import DEFAULT_OFFICE
from kiosk.reports.period import Period
from kiosk.reports.queries import count_by_service_and_status, count_corrections
from kiosk.settings import Settings, load_settings
from kiosk.store.clock import utcnow
from kiosk.survey.ikm import IkmResult

if TYPE_CHECKING:
    from kiosk.local_store import Store

# Drafts never reach the applications table; every other status is a column.
RECAP_STATUSES = tuple(s.value for s in Status if s is not Status.DRAFT)


def status_label(code: str) -> Text:
    try:
        label_id, label_en = STATUS_LABELS[Status(code)]
    except ValueError:
        return Text(id=code, en=code)
    return Text(id=label_id, en=label_en)


@dataclass(frozen=True)
class ServiceCounts:
    code: str
    name: Text
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Recap:
    period: Period
    office_name: str
    statuses: tuple[str, ...]
    services: tuple[ServiceCounts, ...]
    corrections: int
    """Corrected versions submitted in the period (already counted under their application)."""
    generated_at: datetime
    survey: IkmResult | None = None
    """The month's satisfaction index (SKM/IKM); None for a daily recap."""

    @property
    def status_totals(self) -> dict[str, int]:
        return {s: sum(row.counts.get(s, 0) for row in self.services) for s in self.statuses}

    @property
    def total(self) -> int:
        return sum(row.total for row in self.services)

    def as_dict(self) -> dict[str, Any]:
        return {
            "period": {
                "kind": self.period.kind,
                "code": self.period.code,
                "start": self.period.start.isoformat(),
                "end": self.period.end.isoformat(),
                "label": self.period.label_id,
                "label_en": self.period.label_en,
            },
            "office": self.office_name,
            "statuses": [
                {"code": s, "label": status_label(s).id, "label_en": status_label(s).en}
                for s in self.statuses
            ],
            "services": [
                {
                    "code": row.code,
                    "name": row.name.id,
                    "name_en": row.name.en,
                    "counts": {s: row.counts.get(s, 0) for s in self.statuses},
                    "total": row.total,
                }
                for row in self.services
            ],
            "status_totals": self.status_totals,
            "total": self.total,
            "corrections": self.corrections,
            "generated_at": self.generated_at.isoformat(),
            "survey": None if self.survey is None else self.survey.as_dict(),
        }


def build_recap(
    store: Store,
    period: Period,
    *,
    tz: tzinfo | None = None,
    settings: Settings | None = None,
    now: datetime | None = None,
) -> Recap:
    """Counts for `period` in the zone `tz` (None: the machine's local zone)."""
    start, end = period.utc_bounds(tz)
    grouped = count_by_service_and_status(store.core, start, end)
    names = {s.code: s.name for s in store.catalog.catalog.services}
    order = [s.code for s in store.catalog.services]
    order += sorted({service for service, _, _ in grouped} - set(order))
    counts: dict[str, dict[str, int]] = {code: {} for code in order}
    statuses = list(RECAP_STATUSES)
    for service, status, n in grouped:
        counts[service][status] = n
        if status not in statuses:  # a status newer than this build; still counted
            statuses.append(status)
    settings = settings or load_settings(store.data_dir)
    moment = (now or utcnow()).astimezone(tz)
    return Recap(
        period=period,
        office_name=settings.office_name.strip() or DEFAULT_OFFICE,
        statuses=tuple(statuses),
        services=tuple(
            ServiceCounts(code, names.get(code) or Text(id=code, en=code), counts[code])
            for code in order
        ),
        corrections=count_corrections(store.core, start, end),
        generated_at=moment,
        survey=store.survey.report(period.code) if period.kind == "month" else None,
    )
