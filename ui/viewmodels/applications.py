"""The applications list without widgets: what to load, how a search is understood, filters.

A search box takes whatever the petugas has in hand: a NIK (16 digits, found exactly through
the keyed digest index, nothing decrypted), an application number or part of one (numbers are
stored in clear), or a name. Names are only inside the encrypted payload, so a name search
decrypts every application in a background task (fine up to ~10,000 rows, see bench/ui.py) and
is recorded as ONE audited "view" by the signed-in operator, whatever it finds.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from sqlalchemy import select

from kiosk.applications import Status
from kiosk.applications.records import ApplicationSummary, payload_aad
from kiosk.errors import KioskError
from kiosk.local_store import Store
from kiosk.masking import mask_name_after_first_word
from kiosk.store.models import ApplicationRow

NAME_SEARCH_DETAIL = "search by name"
LIST_NAMES_DETAIL = "list names"
_NUMBER_PART = re.compile(r"^[0-9A-Za-z]*[-0-9][-0-9A-Za-z]*$")
_NAME_CHARS = re.compile(r"[^a-z' .-]")


class SearchKind(StrEnum):
    NONE = "none"
    NIK = "nik"
    NUMBER = "number"
    NAME = "name"


def classify(query: str) -> SearchKind:
    """What the petugas typed: 16 digits is a NIK, digits and dashes a number, letters a name."""
    text = query.strip()
    compact = text.replace(" ", "")
    if not compact:
        return SearchKind.NONE
    if compact.isdigit() and len(compact) == 16:
        return SearchKind.NIK
    if _NUMBER_PART.match(compact) and any(ch.isdigit() for ch in compact):
        return SearchKind.NUMBER
    return SearchKind.NAME


def normalise_name(name: str) -> str:
    """Case and accents do not matter ('Ni Luh Putu Ayu' finds 'NI LUH PUTU AYU')."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    return " ".join(_NAME_CHARS.sub(" ", folded).split())


def name_matches(query: str, name: str) -> bool:
    """Every word typed must start a word of the name, in any order ('siti am' -> SITI AMINAH)."""
    words = normalise_name(name).split()
    return all(any(w.startswith(part) for w in words) for part in normalise_name(query).split())


def latest_versions(rows: Iterable[ApplicationSummary]) -> list[ApplicationSummary]:
    """One row per application: its newest version, in the order first seen."""
    best: dict[str, ApplicationSummary] = {}
    for row in rows:
        kept = best.get(row.id)
        if kept is None or row.version > kept.version:
            best[row.id] = row
    return list(best.values())


def load_applications(store: Store) -> list[ApplicationSummary]:
    """Every application, newest first (runs in a background task: a column-only query)."""
    return latest_versions(store.records.list_applications())


def search_by_nik(store: Store, nik: str) -> set[str]:
    return {row.id for row in store.records.find_by_nik(nik)}


def search_by_name(store: Store, query: str, *, operator: str) -> set[str]:
    """Ids whose applicant name matches; decrypts every payload, audits ONE "view".

    The audit entry is written before anything is decrypted, so even a search that fails half
    way is on record.
    """
    if not normalise_name(query):
        return set()
    store.audit.record("view", operator=operator, detail=NAME_SEARCH_DETAIL)
    columns = (ApplicationRow.uuid, ApplicationRow.version, ApplicationRow.payload)
    found: set[str] = set()
    with store.core.connect() as conn:
        for app_uuid, version, payload in conn.execute(select(*columns)):
            try:
                data = json.loads(store.core.keys.decrypt(payload, payload_aad(app_uuid, version)))
            except (KioskError, ValueError):
                continue  # a damaged row must not hide every other match
            if name_matches(query, str(data.get("name", ""))):
                found.add(app_uuid)
    return found


def load_names(store: Store, *, operator: str) -> dict[str, str]:
    """Each application's applicant name (latest version), masked after the first word.

    Runs in a background task after the column-only list has been shown, so 10,000 rows appear
    at once and their names follow (see bench/ui.py). Recorded as ONE audited "view" before
    anything is decrypted, like a name search.
    """
    store.audit.record("view", operator=operator, detail=LIST_NAMES_DETAIL)
    columns = (ApplicationRow.uuid, ApplicationRow.version, ApplicationRow.payload)
    names: dict[str, str] = {}
    keys = store.core.keys
    with store.core.connect() as conn:
        # Oldest version first: a later version's name overwrites an earlier one's.
        for app_uuid, version, payload in conn.execute(
            select(*columns).order_by(ApplicationRow.version)
        ):
            try:
                data = json.loads(keys.decrypt(payload, payload_aad(app_uuid, version)))
            except (KioskError, ValueError):
                continue  # a damaged row shows no name; the detail screen explains it
            names[app_uuid] = mask_name_after_first_word(str(data.get("name", "")))
    return names


@dataclass
class ApplicationsViewModel:
    """Holds the loaded rows and applies search and filters in memory (10,000 rows: ~ms)."""

    rows: list[ApplicationSummary] = field(default_factory=list)
    status: Status | None = None
    day: date | None = None
    """Local calendar day the (latest version of the) application was submitted."""
    query: str = ""
    kind: SearchKind = SearchKind.NONE
    matched_ids: set[str] | None = None
    """Result of a NIK or name search; None when the search needs no store lookup."""

    def set_rows(self, rows: list[ApplicationSummary]) -> None:
        self.rows = rows

    def set_search(self, query: str, matched_ids: set[str] | None = None) -> None:
        self.query, self.kind, self.matched_ids = query.strip(), classify(query), matched_ids

    def clear_search(self) -> None:
        self.set_search("")

    def visible(self) -> list[ApplicationSummary]:
        number_part = self.query.replace(" ", "").upper()
        result = []
        for row in self.rows:
            if self.status is not None and row.status != self.status.value:
                continue
            if self.day is not None and row.created_at.astimezone().date() != self.day:
                continue
            if self.kind is SearchKind.NUMBER:
                if number_part not in row.number:
                    continue
            elif self.kind is not SearchKind.NONE and row.id not in (self.matched_ids or set()):
                continue
            result.append(row)
        return result
