from __future__ import annotations

import errno
import hashlib
import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.applications import Status
from kiosk.errors import ApplicationInvalid, AttachmentUnreadable, IllegalTransition, StorageError
from kiosk.local_store import Store
from kiosk.store.orphans import collect_orphans
from tests.helpers.applications import ktp_el_hilang, make_nik


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    opened = Store.open(data_dir)
    yield opened
    opened.close()


def test_sqlite_runs_in_wal_with_full_sync_and_foreign_keys(store: Store) -> None:
    with store.core.engine.connect() as conn:
        pragmas = {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys")
        }
    assert pragmas == {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1}


def test_submit_writes_application_attachments_history_and_outbox(store: Store) -> None:
    new = ktp_el_hilang(1)
    originals = {a.document: a.data for a in new.attachments}
    submitted = store.submission.submit(new)
    assert submitted.version == 1
    assert submitted.number.startswith(store.device_code, 7)
    [summary] = store.records.list_applications()
    assert (summary.id, summary.status, summary.nik_masked) == (
        submitted.id,
        "submitted",
        "3171********0002",
    )
    infos = store.records.attachments(submitted.id, 1)
    assert [i.document for i in infos] == ["kk", "surat-kehilangan", "f-1.02"]
    for info in infos[:2]:
        data = store.records.read_attachment(info.sha256)
        assert data == originals[info.document]
        assert hashlib.sha256(data).hexdigest() == info.sha256
        assert info.content_type == "image/jpeg"
    form = infos[2]
    assert form.content_type == "application/pdf"
    assert store.records.read_attachment(form.sha256).startswith(b"%PDF-")
    with sqlite3.connect(store.data_dir / "kiosk.sqlite3") as conn:
        assert conn.execute("SELECT state FROM outbox").fetchall() == [("pending",)]
    assert [e["status"] for e in store.records.history(submitted.id, 1)] == ["submitted"]
    assert (
        store.records.read_applicant_audited(submitted.id, 1, operator="petugas1")["name"]
        == "BUDI SANTOSO B"
    )


def test_numbers_increase_per_day_and_search_finds_by_nik_and_number(store: Store) -> None:
    first = store.submission.submit(ktp_el_hilang(1))
    second = store.submission.submit(ktp_el_hilang(2))
    assert first.number.endswith("-0001")
    assert second.number.endswith("-0002")
    assert [r.id for r in store.records.find_by_nik(make_nik(2))] == [second.id]
    assert [r.id for r in store.records.find_by_nik("3171-0117-0890-0003")] == [second.id]
    assert [r.id for r in store.records.find_by_number(first.number.lower())] == [first.id]
    assert store.records.find_by_nik(make_nik(3)) == []


def test_citizen_data_is_not_in_the_database_or_vault_in_clear(store: Store) -> None:
    new = ktp_el_hilang(5)
    marker = b"RAHASIA-KTP-" * 20
    new.attachments[0].data = new.attachments[0].data + marker
    store.submission.submit(new)
    blobs = b"".join(p.read_bytes() for p in store.data_dir.rglob("*") if p.is_file())
    for secret in (make_nik(5).encode(), b"BUDI SANTOSO", b"081234567890", marker):
        assert secret not in blobs


def test_missing_required_document_is_refused_and_nothing_is_written(store: Store) -> None:
    new = ktp_el_hilang(1)
    new.attachments = new.attachments[:1]
    with pytest.raises(ApplicationInvalid) as info:
        store.submission.submit(new)
    assert [i["code"] for i in info.value.issues] == ["document_missing"]
    assert "surat keterangan kehilangan" in info.value.issues[0]["message"].lower()
    assert store.records.count() == 0
    assert store.core.vault.stored_names() == set()


def test_invalid_nik_and_non_image_attachment_are_refused(store: Store) -> None:
    new = ktp_el_hilang(1)
    new.applicant.nik = "3171011708900000"
    new.attachments[1].data = b"MZ\x90\x00 not an image"
    with pytest.raises(ApplicationInvalid) as info:
        store.submission.submit(new)
    codes = {i["code"] for i in info.value.issues}
    assert codes == {"nik_serial_zero", "attachment_unsupported"}


def test_disk_full_during_vault_write_loses_nothing_already_saved(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = store.submission.submit(ktp_el_hilang(1))

    def full_disk(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    # The first fsync of a new vault file fails as it would on a full disk.
    monkeypatch.setattr("os.fsync", full_disk)
    with pytest.raises(StorageError) as info:
        store.submission.submit(ktp_el_hilang(2))
    monkeypatch.undo()
    assert info.value.code == "disk_full"
    assert "penuh" in info.value.message_id
    assert [r.id for r in store.records.list_applications()] == [kept.id]
    assert not list(store.core.vault.root.glob("??/.tmp-*"))


def test_transitions_are_recorded_and_illegal_ones_refused(store: Store) -> None:
    submitted = store.submission.submit(ktp_el_hilang(1))
    store.records.transition(submitted.id, 1, Status.RECEIVED, source="server")
    store.records.transition(
        submitted.id,
        1,
        Status.REJECTED,
        reason="KK buram",
        fix_hint="Foto ulang KK",
        source="server",
    )
    with pytest.raises(IllegalTransition):
        store.records.transition(submitted.id, 1, Status.READY)
    history = store.records.history(submitted.id, 1)
    assert [e["status"] for e in history] == ["submitted", "received", "rejected"]
    assert history[-1]["reason"] == "KK buram"
    assert history[-1]["fix_hint"] == "Foto ulang KK"


def test_revision_is_a_new_version_of_the_same_application(store: Store) -> None:
    first = store.submission.submit(ktp_el_hilang(1))
    fixed = ktp_el_hilang(1)
    fixed.revision_of = (first.id, 1)
    with pytest.raises(IllegalTransition):
        store.submission.submit(fixed)  # not rejected yet
    store.records.transition(first.id, 1, Status.RECEIVED, source="server")
    store.records.transition(first.id, 1, Status.REJECTED, reason="buram", source="server")
    revision = store.submission.submit(fixed)
    assert (revision.id, revision.version, revision.number) == (first.id, 2, first.number)
    versions = sorted((r.version, r.status) for r in store.records.find_by_number(first.number))
    assert versions == [(1, "rejected"), (2, "submitted")]
    with pytest.raises(IllegalTransition):
        store.submission.submit(fixed)  # version 1 is no longer the latest


def test_tampered_vault_file_is_detected(store: Store) -> None:
    submitted = store.submission.submit(ktp_el_hilang(1))
    info = store.records.attachments(submitted.id, 1)[0]
    path = store.core.vault.path_for(info.sha256)
    blob = bytearray(path.read_bytes())
    blob[-5] ^= 0xFF
    path.write_bytes(bytes(blob))
    with pytest.raises(AttachmentUnreadable):
        store.records.read_attachment(info.sha256)


def test_reopening_removes_orphan_vault_files_but_keeps_referenced_ones(data_dir: Path) -> None:
    store = Store.open(data_dir)
    submitted = store.submission.submit(ktp_el_hilang(1))
    orphan = store.core.vault.put(b"\xff\xd8\xff left behind by a crash before commit")
    store.close()
    reopened = Store.open(data_dir)
    hashes = {i.sha256 for i in reopened.records.attachments(submitted.id, 1)}
    vault = reopened.core.vault
    assert vault.stored_names() == {vault.name_of(sha256) for sha256 in hashes}
    assert vault.name_of(orphan) not in vault.stored_names()
    reopened.close()


def test_missing_data_dir_is_created_private(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "a" / "b")
    assert (tmp_path / "a" / "b").stat().st_mode & 0o777 == 0o700
    store.close()


def test_damaged_database_file_is_a_clear_error(data_dir: Path) -> None:
    (data_dir / "kiosk.sqlite3").write_bytes(b"this is not a database" * 100)
    with pytest.raises(StorageError) as info:
        Store.open(data_dir)
    assert info.value.code == "database_unavailable"
    assert "jangan hapus" in info.value.message_id


def test_draft_survives_reopen_and_is_gone_after_submit(data_dir: Path) -> None:
    store = Store.open(data_dir)
    new = ktp_el_hilang(1)
    sha = store.drafts.put_file(new.attachments[0].data)
    draft_id = store.drafts.save(
        None,
        operator="petugas1",
        service="ktp-el-hilang",
        data={"step": "capture", "applicant": {"nik": new.applicant.nik}},
        attachment_hashes=[sha],
    )
    store.close()  # power cut
    store = Store.open(data_dir)  # orphan collection must keep the draft's file
    assert store.core.vault.get(sha) == new.attachments[0].data
    [summary] = store.drafts.list(operator="petugas1")
    assert (summary.id, summary.service) == (draft_id, "ktp-el-hilang")
    assert store.drafts.load(draft_id)["applicant"]["nik"] == new.applicant.nik
    blobs = b"".join(p.read_bytes() for p in data_dir.rglob("*") if p.is_file())
    assert new.applicant.nik.encode() not in blobs
    new.draft_id = draft_id
    store.submission.submit(new)
    assert store.drafts.list() == []
    store.close()


def test_submit_time_in_another_zone_is_stored_as_the_same_instant(store: Store) -> None:
    from datetime import datetime, timedelta, timezone

    wit = timezone(timedelta(hours=9))
    at = datetime(2026, 11, 22, 8, 0, tzinfo=wit)
    submitted = store.submission.submit(ktp_el_hilang(1), now=at)
    [summary] = store.records.find_by_id(submitted.id)
    assert summary.created_at == at


def test_a_sweep_while_the_kiosk_runs_keeps_files_still_being_captured(store: Store) -> None:
    """A capture is in the vault a moment before the draft that names it is saved, and a
    file being written exists only under a temporary name: a sweep running meanwhile (the
    self-service wipe, the retention purge) must leave both alone."""
    captured = store.drafts.put_file(b"\xff\xd8\xff captured, draft not saved yet")
    writing = store.core.vault.root / "ab" / ".tmp-being-written"
    writing.parent.mkdir(exist_ok=True)
    writing.write_bytes(b"half")
    collect_orphans(store.core)
    assert store.core.vault.exists(captured)
    assert writing.exists()
    an_hour_ago = time.time() - 2 * 3600
    for path in (store.core.vault.path_for(captured), writing):
        os.utime(path, (an_hour_ago, an_hour_ago))
    assert collect_orphans(store.core) == 1  # a left-over, not a capture in progress
    assert not store.core.vault.exists(captured)
    assert not writing.exists()
