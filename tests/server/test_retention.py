"""Retention and erasure (issue 17, point 5): exactly what is due goes, nothing else.

The clock is faked by handing `run_retention` a `now`: decisions are taken at the real time,
and the run looks at them from days later.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import TypeVar

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from server import retention as retention_module
from server.audit import verify_server_chain
from server.cli import main
from server.db import lock_blob_reuse
from server.enrollment import DeviceContext
from server.errors import ParentInvalid
from server.feed import decide
from server.intake import Intake, append_chunk
from server.intake import put_manifest as put_manifest_directly
from server.messages import enqueue, load_templates
from server.models import Application as ApplicationRow
from server.models import Attachment as AttachmentRow
from server.models import AuditEvent, OutboxMessage, RejectionFinding, StatusChange, utc_now
from server.retention import RetentionPolicy, RetentionReport, run_retention, still_named
from server.storage import LocalDiskStorage
from sync import protocol as P
from sync.protocol import CONTACT_CONSENT_FIELD, CONTACT_EMAIL_FIELD
from sync.protocol import ApplicationStatus as S

from .builders import OTHER_OFFICE, Application, Kiosk, documents, put_chunk, put_manifest, submit
from .conftest import Harness

T = TypeVar("T")
POLICY = RetentionPolicy(keep_days=365, partial_days=14)
TO_COLLECTED = (S.VERIFIED, S.PROCESSING, S.READY, S.COLLECTED)


def advance(server: Harness, app: Application, *statuses: S) -> None:
    for status in statuses:
        reason = "KK buram" if status == S.REJECTED else None
        decide(
            server.database,
            app.application_id,
            status,
            reason=reason,
            fix=None,
            operator_id="verifikator",
            version=app.version,
        )


def retention(server: Harness, days: int, *, dry_run: bool = False) -> RetentionReport:
    return run_retention(
        server.database,
        server.storage,
        POLICY,
        now=utc_now() + timedelta(days=days),
        operator_id="cli:test",
        dry_run=dry_run,
    )


def erased(server: Harness, app: Application) -> bool:
    with server.database.read() as session:
        row = session.scalars(
            sa.select(ApplicationRow).where(
                ApplicationRow.application_id == app.application_id,
                ApplicationRow.version == app.version,
            )
        ).one()
        return row.erased_at is not None and row.fields == {} and row.sealed_fields is None


@pytest.mark.parametrize("storage_backend", ["local", "s3"])
def test_a_collected_application_is_erased_but_a_blob_another_one_uses_stays(
    server: Harness, kiosk: Kiosk
) -> None:
    kk, ktp, other = documents(3000, 2000, 1000)
    old = Application([kk, ktp])
    recent = Application([kk, other])  # the same family card, another application
    assert submit(server.client, kiosk, old)["status"] == "received"
    assert submit(server.client, kiosk, recent)["status"] == "received"
    advance(server, old, *TO_COLLECTED)
    storage = server.storage

    assert retention(server, 364).erased == []
    before = server.snapshot()
    dry = retention(server, 366, dry_run=True)
    assert server.snapshot() == before
    report = retention(server, 366)

    assert [(e.application_id, e.version) for e in dry.erased] == [(old.application_id, 1)]
    assert (dry.removed_blobs, dry.kept_shared_blobs) == ([ktp.sha256], [kk.sha256])
    assert (report.removed_blobs, report.kept_shared_blobs) == ([ktp.sha256], [kk.sha256])
    assert not storage.has_blob(ktp.sha256)
    assert storage.has_blob(kk.sha256)
    assert storage.has_blob(other.sha256)
    assert erased(server, old)
    assert not erased(server, recent)
    assert (
        server.scalar(
            "SELECT count(*) FROM application_nik_digests d JOIN applications a "
            "ON a.pk = d.application_pk WHERE a.erased_at IS NOT NULL"
        )
        == 0
    )
    # The tombstone: still listed with its number and status, the audit chain intact.
    answer = server.client.get(old.path, headers=kiosk.headers)
    assert answer.status_code == 200
    assert answer.json()["status"] == "collected"
    with server.database.read() as session:
        assert verify_server_chain(session).ok
        actions = session.scalars(sa.select(AuditEvent.action)).all()
    # Every real run is recorded, the one that found nothing due too; a dry run is not.
    assert [a for a in actions if a.startswith("retention")] == [
        "retention_run",
        "retention_erased",
        "retention_run",
    ]
    # Erased once: a second run finds nothing more to do.
    assert retention(server, 400).erased == []


def test_a_rejected_version_stays_while_its_correction_lives_then_both_go(
    server: Harness, kiosk: Kiosk
) -> None:
    kk, ktp, fixed_ktp = documents(3000, 2000, 2100)
    first = Application([kk, ktp])
    submit(server.client, kiosk, first)
    advance(server, first, S.REJECTED)
    correction = Application([kk, fixed_ktp], application_id=first.application_id, version=2)
    assert submit(server.client, kiosk, correction)["status"] == "received"

    report = retention(server, 400)

    assert report.erased == []
    assert report.removed_blobs == []
    assert not erased(server, first)
    assert not erased(server, correction)
    assert server.storage.has_blob(ktp.sha256)

    advance(server, correction, *TO_COLLECTED)
    report = retention(server, 400)

    assert [e.version for e in report.erased] == [1, 2]
    assert sorted(report.removed_blobs) == sorted([kk.sha256, ktp.sha256, fixed_ktp.sha256])
    assert erased(server, first)
    assert erased(server, correction)


def test_a_rejection_never_corrected_goes_and_an_open_one_never_does(
    server: Harness, kiosk: Kiosk, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    abandoned, waiting, cancelled = (Application(documents(1500)) for _ in range(3))
    for app in (abandoned, waiting, cancelled):
        submit(server.client, kiosk, app)
    advance(server, abandoned, S.REJECTED)
    advance(server, waiting, S.VERIFIED, S.PROCESSING, S.READY)  # never picked up
    advance(server, cancelled, S.CANCELLED)

    assert retention(server, 300).erased == []
    report = retention(server, 3650)

    assert {e.application_id for e in report.erased} == {
        abandoned.application_id,
        cancelled.application_id,
    }
    assert not erased(server, waiting)
    assert server.storage.has_blob(waiting.docs[0].sha256)
    assert not server.storage.has_blob(abandoned.docs[0].sha256)
    # A verifier who asks for an erased document is told why it is gone.
    where = ["--database-url", server.settings.database_url]
    where += ["--data-dir", str(server.settings.data_dir)]
    capsys.readouterr()
    code = main(
        ["open-attachment", str(abandoned.application_id), "kk", "--out", str(tmp_path / "o")]
        + where
    )
    assert code == 1
    assert "dihapus karena masa simpan berakhir" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("storage_backend", ["local", "s3"])
def test_an_abandoned_partial_upload_is_discarded_and_a_fresh_one_is_not(
    server: Harness, kiosk: Kiosk
) -> None:
    stale, fresh = documents(5000, 5000)
    app = Application([stale, fresh])
    put_manifest(server.client, kiosk, app)
    assert put_chunk(server.client, kiosk, app, stale, 0, 999).status_code == 200
    assert put_chunk(server.client, kiosk, app, fresh, 0, 999).status_code == 200
    files_before = server.stored_files()
    with server.database.write() as session:  # the stale one's last chunk, 20 days ago
        session.execute(
            sa.text("UPDATE attachments SET last_chunk_at = :at WHERE sha256 = :sha").bindparams(
                at=utc_now() - timedelta(days=20), sha=stale.sha256
            )
        )

    report = retention(server, 1)

    assert [(p.sha256, p.received_bytes) for p in report.discarded_partials] == [
        (stale.sha256, 1000)
    ]
    assert report.erased == []
    assert len(server.stored_files()) < len(files_before)
    offsets = {
        m["sha256"]: m["offset"]
        for m in server.client.get(app.path, headers=kiosk.headers).json()["missing"]
    }
    assert offsets == {stale.sha256: 0, fresh.sha256: 1000}
    # The kiosk resumes from 0 and the application still arrives whole.
    assert submit(server.client, kiosk, app)["status"] == "received"


def test_the_command_prints_what_it_would_remove_and_changes_nothing(
    server: Harness, kiosk: Kiosk, capsys: pytest.CaptureFixture[str]
) -> None:
    app = Application(documents(1200))
    submit(server.client, kiosk, app)
    advance(server, app, S.REJECTED)
    where = ["--database-url", server.settings.database_url]
    where += ["--data-dir", str(server.settings.data_dir)]
    capsys.readouterr()

    # keep-days 1 with a decision taken now: nothing is due yet.
    assert main(["retention", "run", "--dry-run", "--keep-days", "1", *where]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Akan dihapus / would remove: 0 versi permohonan")

    with server.database.write() as session:
        session.execute(
            sa.text("UPDATE applications SET updated_at = :at").bindparams(
                at=utc_now() - timedelta(days=2)
            )
        )
    before = server.snapshot()
    assert main(["retention", "run", "--dry-run", "--keep-days", "1", *where]) == 0
    out = capsys.readouterr().out
    assert "1 versi permohonan" in out
    assert f"\n  {app.number} {app.application_id} v{app.version} rejected " in out
    assert server.snapshot() == before

    assert main(["retention", "run", "--keep-days", "1", "--operator", "dpo", *where]) == 0
    assert capsys.readouterr().out.startswith("Dihapus / removed: 1 versi permohonan")
    assert erased(server, app)
    assert main(["applications", "--json", *where]) == 0
    [listed] = json.loads(capsys.readouterr().out)
    assert listed["erased_at"] is not None
    assert listed["attachments"][0]["stored_size"] is None
    with server.database.read() as session:
        who = session.scalars(
            sa.select(AuditEvent.operator_id).where(AuditEvent.action == "retention_erased")
        ).all()
    assert who == ["dpo"]


def test_an_erased_application_no_longer_lends_its_blob_to_a_new_one(
    server: Harness, kiosk: Kiosk
) -> None:
    kk = documents(2500)[0]
    old, elsewhere = Application([kk]), Application([kk])
    submit(server.client, kiosk, old)
    stranger = server.enroll(office=OTHER_OFFICE, name="kantor lain")
    submit(server.client, stranger, elsewhere)  # keeps the blob stored
    advance(server, old, *TO_COLLECTED)
    assert retention(server, 400).kept_shared_blobs == [kk.sha256]

    again = put_manifest(server.client, kiosk, Application([kk]))

    assert [m["offset"] for m in again.json()["missing"]] == [0]


def test_a_correction_of_an_erased_application_is_refused_with_the_reason(
    server: Harness, kiosk: Kiosk
) -> None:
    """Its scans are gone and its data cleared: a correction would build on a tombstone."""
    kk = documents(2700)[0]
    rejected = Application([kk])
    submit(server.client, kiosk, rejected)
    advance(server, rejected, S.REJECTED)
    assert [e.application_id for e in retention(server, 400).erased] == [rejected.application_id]
    before = server.snapshot()

    correction = Application(
        [kk], application_id=rejected.application_id, version=2, number=rejected.number
    )
    answer = put_manifest(server.client, kiosk, correction)

    assert answer.status_code == 409
    assert answer.json()["code"] == "parent_invalid"
    assert "masa simpan" in answer.json()["detail"]
    assert server.snapshot() == before


@pytest.mark.parametrize(
    "database_url", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_a_run_waits_for_an_intake_that_is_reusing_a_blob(server: Harness, kiosk: Kiosk) -> None:
    app = Application(documents(1500))
    submit(server.client, kiosk, app)
    advance(server, app, *TO_COLLECTED)
    done: list[RetentionReport] = []
    with server.database.write() as session:
        lock_blob_reuse(session)  # what office_holds_blob takes in a manifest's transaction
        runner = threading.Thread(target=lambda: done.append(retention(server, 400)))
        runner.start()
        runner.join(1.0)
        assert runner.is_alive()
        assert done == []
    runner.join(30)
    assert len(done[0].erased) == 1


class PausingStorage(LocalDiskStorage):
    """The server's local disk, where the first `blob_size` (what an intake asks just before
    it takes the shared blob-reuse lock) waits until the test lets it go on."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.reached = threading.Event()
        self.go = threading.Event()

    def blob_size(self, sha256: str) -> int | None:
        if not self.reached.is_set():
            self.reached.set()
            assert self.go.wait(30)
        return super().blob_size(sha256)


def lock_waiters(server: Harness) -> int:
    """Transactions of this database waiting for a lock (a row's or an advisory one)."""
    return int(
        server.scalar(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
    )


def wait_until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 30
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.02)


def in_thread(task: Callable[[], T]) -> tuple[threading.Thread, list[T | Exception]]:
    """`task` started in a thread; the list gets its result or the exception it raised."""
    outcome: list[T | Exception] = []

    def run() -> None:
        try:
            outcome.append(task())
        except Exception as exc:  # noqa: BLE001 - asserted on by the test
            outcome.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


@pytest.mark.parametrize(
    "database_url", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_a_run_and_a_correction_reusing_a_scan_both_finish(server: Harness, kiosk: Kiosk) -> None:
    """The lock order (server.db.lock_blob_reuse): a correction locks its parent's row, then
    takes the blob-reuse lock to re-use the unchanged scan. A run that took the blob-reuse
    lock first and then waited for that parent (rejected a year ago: due) deadlocked with it;
    PostgreSQL then aborted one of the two. Now the run locks the rows first as well."""
    kk = documents(1500)[0]
    rejected = Application([kk])
    submit(server.client, kiosk, rejected)
    advance(server, rejected, S.REJECTED)
    correction = Application(
        [kk], application_id=rejected.application_id, version=2, number=rejected.number
    )
    storage = PausingStorage(server.settings.attachments_dir)
    device = DeviceContext(kiosk.device_id, kiosk.office_code, kiosk.operator)
    manifest = P.ApplicationManifest.model_validate(correction.manifest())

    # The correction holds its parent's row and is about to take the blob-reuse lock.
    upload, uploaded = in_thread(
        lambda: put_manifest_directly(
            Intake(server.database, storage, device), correction.application_id, 2, manifest
        )
    )
    assert storage.reached.wait(30)
    run, ran = in_thread(lambda: retention(server, 400))
    wait_until(lambda: lock_waiters(server) == 1)  # the run, waiting for the parent's row
    storage.go.set()
    upload.join(30)
    run.join(30)

    assert not upload.is_alive()
    assert not run.is_alive()
    (upload_result,), (report,) = uploaded, ran
    assert not isinstance(upload_result, Exception), upload_result
    assert not isinstance(report, Exception), report
    status, created = upload_result
    assert created
    assert status.missing == []  # the scan was re-used
    assert report.erased == []  # the correction lives: the rejected version is not due


@pytest.mark.parametrize(
    "database_url", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_a_run_and_a_chunk_reusing_a_blob_on_the_same_application_both_finish(
    server: Harness, kiosk: Kiosk
) -> None:
    """A chunk locks its application's row, then takes the blob-reuse lock to re-use a blob
    its office stored before. A run that took the blob-reuse lock first and then waited for
    that row deadlocked with it. An application that ended with an attachment still open is
    written by hand here (no decision leaves `incomplete`, so no path writes one today): it is
    the one row a chunk and a run can both want."""
    kk = documents(1500)[0]
    ended = Application([kk])
    assert [m["offset"] for m in put_manifest(server.client, kiosk, ended).json()["missing"]] == [0]
    submit(server.client, kiosk, Application([kk]))  # the office stores the scan: re-usable
    with server.database.write() as session:
        session.execute(
            sa.update(ApplicationRow)
            .where(ApplicationRow.application_id == ended.application_id)
            .values(status=S.COLLECTED.value)
        )
    storage = PausingStorage(server.settings.attachments_dir)
    device = DeviceContext(kiosk.device_id, kiosk.office_code, kiosk.operator)
    chunk = (0, kk.size - 1, kk.size)

    # The chunk holds the application's row and is about to take the blob-reuse lock.
    upload, uploaded = in_thread(
        lambda: append_chunk(
            Intake(server.database, storage, device),
            ended.application_id,
            1,
            kk.sha256,
            chunk,
            kk.data,
        )
    )
    assert storage.reached.wait(30)
    run, ran = in_thread(lambda: retention(server, 400))
    wait_until(lambda: lock_waiters(server) == 1)  # the run, waiting for that row
    storage.go.set()
    upload.join(30)
    run.join(30)

    assert not upload.is_alive()
    assert not run.is_alive()
    (progress,), (report,) = uploaded, ran
    assert not isinstance(progress, Exception), progress
    assert not isinstance(report, Exception), report
    assert progress.complete  # the stored blob was re-used
    assert [(e.application_id, e.version) for e in report.erased] == [(ended.application_id, 1)]
    assert report.kept_shared_blobs == [kk.sha256]  # the other application still names it


@pytest.mark.parametrize(
    "database_url", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_a_run_and_a_one_request_correction_waiting_for_the_same_parent_both_finish(
    server: Harness, kiosk: Kiosk
) -> None:
    """A one-request correction (its scans in the request) locks its parent's row before the
    blob-reuse lock, as a run does. It used to take the blob-reuse lock first: a run that got
    the parent's row first then waited for that lock while the correction waited for the row,
    and PostgreSQL aborted one of the two."""
    rejected = Application(documents(1500))
    submit(server.client, kiosk, rejected)
    advance(server, rejected, S.REJECTED)
    new_scan = documents(1700)[0]
    correction = Application(
        [new_scan], application_id=rejected.application_id, version=2, number=rejected.number
    )
    manifest = P.ApplicationManifest.model_validate(correction.manifest())
    device = DeviceContext(kiosk.device_id, kiosk.office_code, kiosk.operator)

    with server.database.write() as session:  # someone else holds the parent's row for now
        session.execute(
            sa.select(ApplicationRow.pk)
            .where(ApplicationRow.application_id == rejected.application_id)
            .with_for_update()
        )
        run, ran = in_thread(lambda: retention(server, 400))
        wait_until(lambda: lock_waiters(server) == 1)  # the run, first in line for the row
        upload, uploaded = in_thread(
            lambda: put_manifest_directly(
                Intake(server.database, server.storage, device),
                correction.application_id,
                2,
                manifest,
                {new_scan.sha256: new_scan.data},
            )
        )
        wait_until(lambda: lock_waiters(server) == 2)  # the correction, behind it
    upload.join(30)
    run.join(30)

    assert not upload.is_alive()
    assert not run.is_alive()
    (answer,), (report,) = uploaded, ran
    assert not isinstance(report, Exception), report
    # The run came first: the rejected version was due then, and is erased; the correction
    # then finds a tombstone and is refused for that reason (no deadlock, no other error).
    assert [(e.application_id, e.version) for e in report.erased] == [(rejected.application_id, 1)]
    assert isinstance(answer, ParentInvalid), answer
    assert "masa simpan" in str(answer)


def test_erasure_clears_the_verifiers_free_text_and_the_citizens_messages(
    server: Harness, kiosk: Kiosk
) -> None:
    """A rejection's note ("nama ibu ... salah") and the message sent to the citizen name
    the citizen as much as the fields do: an erased application keeps none of them, only
    the reason codes and labels from the district's list (for the dashboard's counts)."""
    app = Application(documents(1500))
    submit(server.client, kiosk, app)
    note = "Nama ibu kandung Siti Aminah tidak sesuai KK"
    decide(
        server.database,
        app.application_id,
        S.REJECTED,
        reason="Data tidak sesuai",
        fix=f"Perbaiki data pemohon. {note}",
        operator_id="verifikator",
        version=app.version,
    )
    with server.database.write() as session:
        row = session.scalars(
            sa.select(ApplicationRow).where(ApplicationRow.application_id == app.application_id)
        ).one()
        session.add(
            RejectionFinding(
                application_pk=row.pk,
                reason_code="data_tidak_sesuai",
                target="field:mother_name",
                note=note,
                decided_by="verifikator",
                decided_at=utc_now(),
            )
        )
    fields = {CONTACT_CONSENT_FIELD: "email", CONTACT_EMAIL_FIELD: "warga@example.org"}
    assert enqueue(server.database, load_templates(), app.application_id, 1, fields, "t") == 1

    report = retention(server, 3650)

    assert [e.application_id for e in report.erased] == [app.application_id]
    with server.database.read() as session:
        texts = [
            *session.execute(sa.select(ApplicationRow.fix)).scalars(),
            *session.execute(sa.select(StatusChange.fix)).scalars(),
            *session.execute(sa.select(RejectionFinding.note)).scalars(),
            *session.execute(sa.select(OutboxMessage.body)).scalars(),
            *session.execute(sa.select(OutboxMessage.recipient)).scalars(),
        ]
        codes = session.execute(sa.select(RejectionFinding.reason_code)).scalars().all()
        reasons = session.execute(sa.select(ApplicationRow.reason)).scalars().all()
    assert not [t for t in texts if t and ("Siti" in t or "warga@" in t)]
    assert codes == ["data_tidak_sesuai"]
    assert reasons == ["Data tidak sesuai"]


# More names than one statement may bind: SQLite's own default is 32,766 parameters (some
# builds raise it), PostgreSQL's protocol allows 65,535.
MANY = 70_000


def sqlite_default_limit(session: Session) -> None:
    """Holds this SQLite connection to SQLite's default parameter limit, whatever the build."""
    raw = session.connection().connection.driver_connection
    if isinstance(raw, sqlite3.Connection):
        raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 32_766)


def test_a_run_over_more_versions_than_one_statement_can_name(
    server: Harness, kiosk: Kiosk
) -> None:
    app = Application(list(documents(1000)))
    assert submit(server.client, kiosk, app)["status"] == "received"
    advance(server, app, *TO_COLLECTED)
    with server.database.read() as session:
        sqlite_default_limit(session)
        pk = session.scalars(sa.select(ApplicationRow.pk)).one()
        among = set(range(pk + 1, pk + MANY)) | {pk}
        cutoff = utc_now() + timedelta(days=1)
        assert [a.pk for a in retention_module._due_versions(session, cutoff, among)] == [pk]
        assert retention_module._abandoned_partials(session, cutoff, among) == []
        blob = session.scalars(sa.select(AttachmentRow.sha256)).first()
        assert blob is not None
        # A blob named only by versions being erased is no longer named; by others, it is.
        assert still_named(session, {blob}, among) == set()
        assert still_named(session, {blob}, set(range(pk + 1, pk + MANY))) == {blob}
