from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from kiosk.applications import Status
from kiosk.applications.retention import purge_acknowledged
from kiosk.errors import AttachmentUnreadable
from kiosk.local_store import Store
from kiosk.store.clock import utcnow
from tests.helpers.applications import ktp_el_hilang


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    opened = Store.open(data_dir)
    yield opened
    opened.close()


def acknowledge(store: Store, app_id: str) -> None:
    [item] = [i for i in store.outbox.due() if i.application_id == app_id]
    store.outbox.mark_acknowledged(item.pk)
    store.records.transition(app_id, 1, Status.RECEIVED, source="server")


def test_documents_go_only_after_acknowledgement_plus_retention(store: Store) -> None:
    sent = store.submission.submit(ktp_el_hilang(1))
    waiting = store.submission.submit(ktp_el_hilang(2))
    acknowledge(store, sent.id)
    assert purge_acknowledged(store.core, store.audit, 30) == 0  # retention not over yet
    later = utcnow() + timedelta(days=31)
    assert purge_acknowledged(store.core, store.audit, 30, now=later) == 1
    for info in store.records.attachments(sent.id, 1):
        with pytest.raises(AttachmentUnreadable):
            store.records.read_attachment(info.sha256)
    # Never before acknowledgement, however old.
    assert purge_acknowledged(store.core, store.audit, 0, now=later + timedelta(days=3650)) == 0
    for info in store.records.attachments(waiting.id, 1):
        assert store.records.read_attachment(info.sha256)
    # What the kiosk shows stays.
    [summary] = store.records.find_by_id(sent.id)
    assert (summary.status, summary.nik_masked) == ("received", "3171********0002")
    assert store.audit.entries()[0]["action"] == "purge"
    assert store.audit.verify().ok


def test_a_file_shared_with_an_unsent_application_stays(store: Store) -> None:
    first = ktp_el_hilang(1)
    second = ktp_el_hilang(2)
    second.attachments[0].data = first.attachments[0].data  # same KK photo
    sent = store.submission.submit(first)
    store.submission.submit(second)
    acknowledge(store, sent.id)
    purge_acknowledged(store.core, store.audit, 0, now=utcnow() + timedelta(seconds=1))
    shared = store.records.attachments(sent.id, 1)[0].sha256
    assert store.records.read_attachment(shared) == first.attachments[0].data
    store.close()
    reopened = Store.open(store.data_dir)  # orphan collection at start keeps it too
    assert reopened.records.read_attachment(shared) == first.attachments[0].data
    reopened.close()
