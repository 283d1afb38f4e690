from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from kiosk.applications import Status
from kiosk.applications.records import ApplicationSummary
from kiosk.local_store import Store
from tests.helpers.applications import ktp_el_hilang
from ui.viewmodels.applications import (
    NAME_SEARCH_DETAIL,
    ApplicationsViewModel,
    SearchKind,
    classify,
    latest_versions,
    name_matches,
    search_by_name,
)

ROW = ApplicationSummary(
    id="a",
    version=1,
    number="261122-ABCD-0001",
    service="ktp-el-hilang",
    status="submitted",
    nik_masked="3171********0001",
    created_at=datetime(2026, 11, 22, 3, tzinfo=UTC),
    updated_at=datetime(2026, 11, 22, 3, tzinfo=UTC),
)


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("", SearchKind.NONE),
        ("   ", SearchKind.NONE),
        ("3171015708900001", SearchKind.NIK),
        ("3171 0157 0890 0001", SearchKind.NIK),
        ("261122-ABCD-0001", SearchKind.NUMBER),
        ("abcd-0001", SearchKind.NUMBER),
        ("0001", SearchKind.NUMBER),
        ("317101570890000", SearchKind.NUMBER),  # 15 digits: not a NIK, part of a number
        ("Siti Aminah", SearchKind.NAME),
        ("O'Neil", SearchKind.NAME),
    ],
)
def test_classify_what_was_typed(query: str, kind: SearchKind) -> None:
    assert classify(query) is kind


@pytest.mark.parametrize(
    ("query", "name", "found"),
    [
        ("siti", "SITI AMINAH", True),
        ("amin sit", "SITI AMINAH", True),
        ("aminah dewi", "SITI AMINAH", False),
        ("ni luh", "Ni Luh Putu Ayu", True),
        ("sutomo", "SOETOMO", False),
        ("muhammad", "MUHAMMAD", True),
        ("élan", "ELAN", True),
    ],
)
def test_every_word_must_start_a_word_of_the_name(query: str, name: str, found: bool) -> None:
    assert name_matches(query, name) is found


def test_latest_versions_keeps_one_row_per_application() -> None:
    v2 = replace(ROW, version=2, status="submitted")
    other = replace(ROW, id="b", number="261122-ABCD-0002")
    assert latest_versions([replace(ROW, status="rejected"), other, v2]) == [v2, other]


def test_filters_combine_status_day_and_number() -> None:
    rejected = replace(ROW, id="b", number="261122-ABCD-0002", status="rejected")
    later = replace(
        ROW, id="c", number="261123-ABCD-0001", created_at=datetime(2026, 11, 23, 3, tzinfo=UTC)
    )
    model = ApplicationsViewModel(rows=[ROW, rejected, later])
    model.status = Status.REJECTED
    assert model.visible() == [rejected]
    model.status = None
    model.day = ROW.created_at.astimezone().date()
    assert model.visible() == [ROW, rejected]
    model.set_search("abcd-0001")
    assert model.visible() == [ROW]
    model.day = None
    assert model.visible() == [ROW, later]
    model.set_search("siti", matched_ids={"c"})
    assert model.visible() == [later]
    model.set_search("siti", matched_ids=set())
    assert model.visible() == []


def test_name_search_decrypts_all_and_records_exactly_one_view(data_dir: Path) -> None:
    store = Store.open(data_dir)
    try:
        store.submission.submit(ktp_el_hilang(1))  # BUDI SANTOSO B
        second = store.submission.submit(ktp_el_hilang(2))  # BUDI SANTOSO C
        before = len(store.audit.entries())
        assert search_by_name(store, "santoso c", operator="siti") == {second.id}
        assert search_by_name(store, "budi", operator="siti") == {
            s.id for s in store.records.list_applications()
        }
        new = store.audit.entries()[: len(store.audit.entries()) - before]
        assert [(e["action"], e["operator"], e["detail"]) for e in new] == [
            ("view", "siti", NAME_SEARCH_DETAIL)
        ] * 2
        assert search_by_name(store, "  ", operator="siti") == set()
        assert len(store.audit.entries()) == before + 2  # an empty query reads nothing
    finally:
        store.close()


def test_day_filter_uses_the_local_calendar_day() -> None:
    model = ApplicationsViewModel(rows=[ROW])
    model.day = date(1999, 1, 1)
    assert model.visible() == []
