"""The visit list of a jemput bola team: who to visit, where, why, and what came of it.

A visit names a person or a household, an address (street, RT/RW and the kelurahan/desa code
from the wilayah data, checked like an applicant's address), a category (why the person cannot
come to the office), a planned day and notes. The name, household, address and notes are citizen
data: they are stored encrypted under the device key, bound to the visit's id, as drafts are.
Only the state, category, planned day and the id of the application a visit led to are in clear,
so the list can be sorted and counted without the key.

Every import, every visit planned by hand and every mark is an audit entry (who, how many,
which visit and what came of it), never with the name or the address: the audit chain leaves
the laptop.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, Final

from sqlalchemy import select

from kiosk.audit import AuditLog
from kiosk.errors import KioskError
from kiosk.store.clock import utcnow
from kiosk.store.core import StoreCore
from kiosk.store.models import FieldVisitRow
from kiosk.validation.address import ADDRESS_FIELDS, validate_address

MAX_NAME: Final = 100
MAX_NOTES: Final = 500
CATEGORY_EXTRA_KEY: Final = "jemput_bola"
"""The applicant extra field an application started from a visit carries its category in
(sealed with the application; the verifier sees why the team served the citizen at home)."""


class VisitCategory(StrEnum):
    LANSIA = "lansia"
    DISABILITAS = "disabilitas"
    ODGJ = "odgj"
    SAKIT = "sakit"
    """Sakit / terbaring: ill or bedridden at home."""
    SEKOLAH = "sekolah"
    RUMAH_SAKIT = "rumah_sakit"
    PANTI = "panti"


CATEGORY_LABELS: Final = {
    VisitCategory.LANSIA: ("Lansia", "Elderly"),
    VisitCategory.DISABILITAS: ("Disabilitas", "Disability"),
    VisitCategory.ODGJ: ("ODGJ", "Mental illness"),
    VisitCategory.SAKIT: ("Sakit / terbaring", "Ill / bedridden"),
    VisitCategory.SEKOLAH: ("Sekolah", "School"),
    VisitCategory.RUMAH_SAKIT: ("Rumah sakit", "Hospital"),
    VisitCategory.PANTI: ("Panti", "Care home"),
}
CATEGORY_CHOICES: Final = "lansia, disabilitas, odgj, sakit/terbaring, sekolah, rumah sakit, panti"
"""The categories as a file names them, in the words of the operator guide's column list."""


class VisitState(StrEnum):
    PLANNED = "planned"
    DONE = "done"
    NOT_HOME = "not_home"
    POSTPONED = "postponed"


class VisitInvalid(KioskError):
    """A visit cannot be saved as given; `field` names what is wrong."""

    code = "visit_invalid"

    def __init__(self, message_id: str, message_en: str, field: str) -> None:
        super().__init__(message_id, message_en)
        self.field = field


class VisitNotFound(KioskError):
    code = "visit_not_found"


def parse_category(text: str) -> VisitCategory:
    """'lansia', 'Sakit/terbaring', 'rumah sakit', 'ODGJ' ... to a category."""
    key = text.strip().lower().replace("-", " ").replace("_", " ")
    key = key.split("/")[0].strip().replace(" ", "_")
    for category in VisitCategory:
        if key in (category.value, category.value.replace("_", "")):
            return category
    for category, (label_id, label_en) in CATEGORY_LABELS.items():
        if text.strip().lower() in (label_id.lower(), label_en.lower()):
            return category
    raise VisitInvalid(
        f"Kategori tidak dikenal: {text!r} (pilih {CATEGORY_CHOICES})",
        f"Unknown category: {text!r} (choose {CATEGORY_CHOICES})",
        "category",
    )


@dataclass(frozen=True)
class VisitPlan:
    """What a team plans before the visit; `checked()` validates and normalises it."""

    category: VisitCategory
    planned_on: date
    address: Mapping[str, str]
    name: str = ""
    household: str = ""
    notes: str = ""

    def checked(self) -> VisitPlan:
        problems, address = self._check()
        if problems:
            raise problems[0]
        name, household, notes = self.name.strip(), self.household.strip(), self.notes.strip()
        return VisitPlan(
            VisitCategory(self.category), self.planned_on, address, name, household, notes
        )

    def problems(self) -> list[VisitInvalid]:
        """Everything wrong with the plan (empty when it can be saved): a CSV row is reported
        with all its bad columns at once, so the team fixes a file in one round."""
        return self._check()[0]

    def _check(self) -> tuple[list[VisitInvalid], dict[str, str]]:
        problems: list[VisitInvalid] = []
        name, household, notes = self.name.strip(), self.household.strip(), self.notes.strip()
        if not name and not household:
            problems.append(
                VisitInvalid(
                    "Nama atau keluarga yang dikunjungi wajib diisi",
                    "The name or the household to visit is required",
                    "name",
                )
            )
        for value, what, limit in (
            (name, ("Nama", "name"), MAX_NAME),
            (household, ("Keluarga", "household"), MAX_NAME),
            (notes, ("Catatan", "notes"), MAX_NOTES),
        ):
            if len(value) > limit:
                problems.append(
                    VisitInvalid(
                        f"{what[0]} paling panjang {limit} huruf",
                        f"The {what[1]} may have at most {limit} characters",
                        what[1],
                    )
                )
        checked = validate_address(self.address)
        problems.extend(
            VisitInvalid(issue.message_id, issue.message_en, issue.field)
            for issue in checked.errors
        )
        if problems:
            return problems, {}
        return [], {k: str(checked.details[k]) for k in ADDRESS_FIELDS}


@dataclass(frozen=True)
class Visit:
    id: str
    state: VisitState
    plan: VisitPlan
    application_id: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "state": self.state.value,
            "category": self.plan.category.value,
            "planned_on": self.plan.planned_on.isoformat(),
            "name": self.plan.name,
            "household": self.plan.household,
            "address": dict(self.plan.address),
            "notes": self.plan.notes,
            "application_id": self.application_id,
        }


class Visits:
    def __init__(self, core: StoreCore, audit: AuditLog) -> None:
        self._core = core
        self._audit = audit

    def _seal(self, visit_id: str, plan: VisitPlan) -> bytes:
        secret = {
            "name": plan.name,
            "household": plan.household,
            "address": dict(plan.address),
            "notes": plan.notes,
        }
        return self._core.keys.encrypt(
            json.dumps(secret, ensure_ascii=False).encode("utf-8"), f"visit/{visit_id}".encode()
        )

    def _open(self, row: FieldVisitRow) -> Visit:
        secret = json.loads(self._core.keys.decrypt(row.payload, f"visit/{row.id}".encode()))
        plan = VisitPlan(
            VisitCategory(row.category),
            row.planned_on,
            dict(secret["address"]),
            secret["name"],
            secret["household"],
            secret["notes"],
        )
        return Visit(row.id, VisitState(row.state), plan, row.application_id)

    def add_many(self, plans: list[VisitPlan], *, operator: str = "system") -> list[str]:
        """Checks every plan first, then stores all of them in one transaction (or none),
        audited in that same transaction."""
        checked = [plan.checked() for plan in plans]
        return self._store(checked, operator, "visit_import", lambda ids: f"{len(ids)} visits")

    def add(self, plan: VisitPlan, *, operator: str = "system", today: date | None = None) -> str:
        """One visit planned by hand (`kiosk visits add`, the Visits screen's form).

        With `today` (the laptop's local date) a day before it is refused: a visit planned now
        is for today or later. Nothing is stored when the plan is refused (VisitInvalid)."""
        checked = plan.checked()
        if today is not None and checked.planned_on < today:
            raise VisitInvalid(
                "Tanggal kunjungan tidak boleh sebelum hari ini",
                "The visit day cannot be before today",
                "planned_on",
            )
        return self._store([checked], operator, "visit_add", lambda ids: f"visit {ids[0]}")[0]

    def _store(
        self,
        checked: list[VisitPlan],
        operator: str,
        action: str,
        detail: Callable[[list[str]], str],
    ) -> list[str]:
        """Seals and stores checked plans, audited (never with the citizen) in the same
        transaction."""
        now = utcnow()
        ids = []
        with self._core.write_session() as session:
            for plan in checked:
                visit_id = str(uuid.uuid4())
                session.add(
                    FieldVisitRow(
                        id=visit_id,
                        state=VisitState.PLANNED.value,
                        category=plan.category.value,
                        planned_on=plan.planned_on,
                        payload=self._seal(visit_id, plan),
                        application_id=None,
                        created_at=now,
                        updated_at=now,
                    )
                )
                ids.append(visit_id)
            self._audit.record_in(session, action, operator=operator, detail=detail(ids))
        return ids

    def list(self) -> list[Visit]:
        """Every visit, the earliest planned day first."""
        query = select(FieldVisitRow).order_by(FieldVisitRow.planned_on, FieldVisitRow.created_at)
        with self._core.read_session() as session:
            return [self._open(row) for row in session.scalars(query)]

    def get(self, visit_id: str) -> Visit:
        with self._core.read_session() as session:
            row = session.get(FieldVisitRow, visit_id)
            if row is None:
                raise _not_found(visit_id)
            return self._open(row)

    def mark(
        self,
        visit_id: str,
        state: VisitState,
        *,
        application_id: str | None = None,
        planned_on: date | None = None,
        operator: str = "system",
        today: date | None = None,
    ) -> Visit:
        """Records what came of a visit (and, when postponed, the new day if one is given).

        A new day before `today` (the laptop's local date) is refused with VisitInvalid and
        nothing changes."""
        if planned_on is not None and planned_on < (today or date.today()):
            raise VisitInvalid(
                "Tanggal kunjungan baru tidak boleh sebelum hari ini",
                "The new visit day cannot be before today",
                "planned_on",
            )
        with self._core.write_session() as session:
            row = session.get(FieldVisitRow, visit_id)
            if row is None:
                raise _not_found(visit_id)
            row.state = VisitState(state).value
            if application_id is not None:
                row.application_id = application_id
            if planned_on is not None:
                row.planned_on = planned_on
            row.updated_at = utcnow()
            detail = f"visit {visit_id}: {row.state}"
            if planned_on is not None:
                detail += f" to {planned_on.isoformat()}"
            self._audit.record_in(
                session,
                "visit_mark",
                operator=operator,
                application_id=row.application_id,
                detail=detail,
            )
            return self._open(row)

    def link_application(self, visit_id: str, application_id: str, *, operator: str) -> Visit:
        """An application was submitted from this visit; its state stays as the team set it."""
        return self.mark(
            visit_id, self.get(visit_id).state, application_id=application_id, operator=operator
        )


def _not_found(visit_id: str) -> VisitNotFound:
    return VisitNotFound(
        f"Kunjungan {visit_id} tidak ada di daftar", f"Visit {visit_id} is not in the list"
    )
