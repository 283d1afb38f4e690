"""The orphan sweep (issue 17, point 5): stored objects no row refers to go, nothing else.

On local disk and on a real S3 server (SeaweedFS), SQLite and PostgreSQL. The clock is faked
by handing the sweep a `now` days ahead: objects are written at the real time (an S3 server
sets LastModified itself) and the sweep looks at them from later.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from server.audit import verify_server_chain
from server.cli import main
from server.models import Attachment as AttachmentRow
from server.models import AuditEvent, utc_now
from server.object_storage import S3Storage
from server.orphan_sweep import OrphanReport, sweep_orphans
from server.storage import LocalDiskStorage, partial_key

from .builders import Application, Kiosk, documents, put_chunk, put_manifest, submit
from .conftest import Harness
from .test_retention import TO_COLLECTED, advance, retention
from .test_sealed_applications import make_key
from .test_whole_upload import frame, put_whole


@pytest.fixture(params=["local", "s3"])
def storage_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def sweep(
    server: Harness, days_later: float, *, dry_run: bool = False, batch: int = 500
) -> OrphanReport:
    return sweep_orphans(
        server.database,
        server.storage,
        days=7,
        now=utc_now() + timedelta(days=days_later),
        operator_id="cli:test",
        dry_run=dry_run,
        batch=batch,
    )


def orphan_blob(server: Harness, size: int = 1000) -> str:
    """Bytes stored under their hash with no row naming them (a commit that never came)."""
    data = os.urandom(size)
    sha256 = hashlib.sha256(data).hexdigest()
    server.storage.store_blob(sha256, data)
    return sha256


def orphan_partial(server: Harness, size: int = 1000) -> str:
    key = partial_key(str(uuid.uuid4()), 1, hashlib.sha256(os.urandom(8)).hexdigest())
    server.storage.append_partial(key, 0, os.urandom(size))
    return key


def removals(server: Harness) -> list[str]:
    with server.database.read() as session:
        return list(
            session.scalars(
                sa.select(AuditEvent.detail)
                .where(AuditEvent.action == "orphan_removed")
                .order_by(AuditEvent.seq)
            )
        )


def partial_keys(server: Harness) -> list[str]:
    return [o.key for o in server.storage.stored_partials()]


# -- the storage's inventory -------------------------------------------------------------


def test_the_storage_lists_its_blobs_and_partials_with_sizes_and_times(server: Harness) -> None:
    before = utc_now() - timedelta(minutes=5)
    storage = server.storage
    kept = orphan_blob(server, 1200)
    key = partial_key(str(uuid.uuid4()), 2, "a" * 64)
    storage.append_partial(key, 0, b"x" * 300)
    storage.append_partial(key, 300, b"y" * 200)  # S3: a second piece object

    [blob] = list(storage.stored_blobs())
    [partial] = list(storage.stored_partials())

    assert (blob.key, blob.size) == (kept, 1200)
    assert (partial.key, partial.size) == (key, 500)
    for stored in (blob, partial):
        assert before < stored.modified < utc_now() + timedelta(minutes=5)
    assert storage.remove_blobs([kept, "b" * 64]) == []  # a missing one counts as removed
    assert list(storage.stored_blobs()) == []


def test_stray_files_in_the_local_folders_are_not_listed(tmp_path: Path) -> None:
    storage = LocalDiskStorage(tmp_path / "attachments")
    (storage.blobs / "ab").mkdir()
    (storage.blobs / "ab" / "notes.txt").write_text("x")
    (storage.blobs / "ab" / ("cd" + "0" * 62)).write_text("in the wrong folder")
    (storage.partials / "stray.part").write_text("x")

    assert list(storage.stored_blobs()) == []
    assert list(storage.stored_partials()) == []


@pytest.mark.parametrize("storage_backend", ["s3"])
def test_stray_objects_in_the_bucket_and_other_prefixes_are_not_listed(server: Harness) -> None:
    storage = server.storage
    assert isinstance(storage, S3Storage)
    key = partial_key(str(uuid.uuid4()), 1, "c" * 64)
    for name in (
        f"{storage.prefix}blobs/not-a-hash",
        f"{storage.prefix}partial/{key}/notes.txt",
        f"{storage.prefix}partial/not-a-key/000000000000",
        f"elsewhere/blobs/{'d' * 64}",
    ):
        storage.client.put_object(Bucket=storage.bucket, Key=name, Body=b"x")

    assert list(storage.stored_blobs()) == []
    assert list(storage.stored_partials()) == []
    assert sweep(server, 3650).removed_bytes == 0


# -- blobs --------------------------------------------------------------------------------


def test_an_orphaned_blob_goes_after_the_limit_and_not_before(server: Harness) -> None:
    sha256 = orphan_blob(server, 1500)

    young = sweep(server, 6)
    old = sweep(server, 8)

    assert (young.blobs, young.partials) == ([], [])
    assert [(o.key, o.size) for o in old.blobs] == [(sha256, 1500)]
    assert old.removed_bytes == 1500
    assert not server.storage.has_blob(sha256)
    assert server.stored_files() == []


def test_a_blob_an_application_names_is_never_removed(server: Harness, kiosk: Kiosk) -> None:
    received = Application(documents(1500, 2500))
    waiting = Application(documents(1800))  # manifest accepted, no bytes yet
    assert submit(server.client, kiosk, received)["status"] == "received"
    assert put_manifest(server.client, kiosk, waiting).status_code == 201
    # Bytes of the waiting one stored before a lost commit: its row still names them.
    server.storage.store_blob(waiting.docs[0].sha256, waiting.docs[0].data)
    orphan = orphan_blob(server)

    report = sweep(server, 3650)

    assert [o.key for o in report.blobs] == [orphan]
    for doc in received.docs + waiting.docs:
        assert server.storage.has_blob(doc.sha256)


def test_a_blob_sealed_on_arrival_is_named_by_its_sealed_hash(
    server: Harness, kiosk: Kiosk
) -> None:
    make_key(server)  # a clear document is now sealed before it is stored
    app = Application(documents(1500))
    assert submit(server.client, kiosk, app)["status"] == "received"
    with server.database.read() as session:
        sealed = session.scalars(sa.select(AttachmentRow.server_sealed_sha256)).one()
    assert sealed is not None
    assert [o.key for o in server.storage.stored_blobs()] == [sealed]

    report = sweep(server, 3650)

    assert report.blobs == []
    assert server.storage.has_blob(sealed)


def test_a_blob_only_a_tombstone_names_is_an_orphan(server: Harness, kiosk: Kiosk) -> None:
    kk = documents(1500)[0]
    app = Application([kk])
    submit(server.client, kiosk, app)
    advance(server, app, *TO_COLLECTED)
    assert retention(server, 400).removed_blobs == [kk.sha256]
    server.storage.store_blob(kk.sha256, kk.data)  # e.g. written again by a stale process

    report = sweep(server, 8)

    assert [o.key for o in report.blobs] == [kk.sha256]
    assert not server.storage.has_blob(kk.sha256)


# -- partial uploads ------------------------------------------------------------------------


def test_the_partial_of_a_live_upload_is_kept_however_old(server: Harness, kiosk: Kiosk) -> None:
    doc = documents(5000)[0]
    app = Application([doc])
    put_manifest(server.client, kiosk, app)
    assert put_chunk(server.client, kiosk, app, doc, 0, 999).status_code == 200
    key = partial_key(str(app.application_id), 1, doc.sha256)

    report = sweep(server, 3650)  # retention's --partial-days decides about this one

    assert report.partials == []
    assert partial_keys(server) == [key]
    assert submit(server.client, kiosk, app)["status"] == "received"


def test_a_partial_no_row_refers_to_goes_after_the_limit(server: Harness) -> None:
    key = orphan_partial(server, 2000)

    assert sweep(server, 6).partials == []
    report = sweep(server, 8)

    assert [(o.key, o.size) for o in report.partials] == [(key, 2000)]
    assert partial_keys(server) == []
    assert server.stored_files() == []


def test_a_partial_whose_first_chunk_never_committed_goes_and_the_upload_still_arrives(
    server: Harness, kiosk: Kiosk
) -> None:
    doc = documents(4000)[0]
    app = Application([doc])
    put_manifest(server.client, kiosk, app)
    key = partial_key(str(app.application_id), 1, doc.sha256)
    server.storage.append_partial(key, 0, doc.data[:1000])  # the row still says offset 0

    assert sweep(server, 6).partials == []
    report = sweep(server, 8)

    assert [o.key for o in report.partials] == [key]
    assert partial_keys(server) == []
    assert submit(server.client, kiosk, app)["status"] == "received"


def test_a_partial_of_a_version_the_server_never_recorded_goes(
    server: Harness, kiosk: Kiosk
) -> None:
    app = Application(documents(1500))
    submit(server.client, kiosk, app)
    unknown = partial_key(str(app.application_id), 2, app.docs[0].sha256)
    server.storage.append_partial(unknown, 0, b"a correction whose manifest never committed")

    report = sweep(server, 8)

    assert [o.key for o in report.partials] == [unknown]
    assert server.storage.has_blob(app.docs[0].sha256)


def test_partials_of_complete_and_of_erased_attachments_go(server: Harness, kiosk: Kiosk) -> None:
    done, gone = Application(documents(1500)), Application(documents(1600))
    submit(server.client, kiosk, done)
    submit(server.client, kiosk, gone)
    advance(server, gone, *TO_COLLECTED)
    retention(server, 400)
    leftovers = [
        partial_key(str(app.application_id), 1, app.docs[0].sha256) for app in (done, gone)
    ]
    for key in leftovers:
        server.storage.append_partial(key, 0, b"left behind")

    report = sweep(server, 8)

    assert sorted(o.key for o in report.partials) == sorted(leftovers)
    assert partial_keys(server) == []
    assert server.storage.has_blob(done.docs[0].sha256)


# -- dry run, batches, audit --------------------------------------------------------------


def test_a_dry_run_lists_the_orphans_and_removes_nothing(server: Harness, kiosk: Kiosk) -> None:
    submit(server.client, kiosk, Application(documents(1200)))
    blob, key = orphan_blob(server, 700), orphan_partial(server, 300)
    before = server.snapshot()

    dry = sweep(server, 8, dry_run=True)

    assert server.snapshot() == before
    assert ([o.key for o in dry.blobs], [o.key for o in dry.partials]) == ([blob], [key])
    assert dry.removed_bytes == 1000
    assert removals(server) == []
    report = sweep(server, 8)
    assert ([o.key for o in report.blobs], [o.key for o in report.partials]) == ([blob], [key])


def test_orphans_go_in_batches_each_audited_with_counts_and_bytes(
    server: Harness, kiosk: Kiosk
) -> None:
    named = Application(documents(1000, 1100))
    submit(server.client, kiosk, named)
    orphans = {orphan_blob(server, 100 + i) for i in range(7)}
    keys = [orphan_partial(server, 10) for _ in range(2)]
    sizes = {o.key: o.size for o in server.storage.stored_blobs()}

    report = sweep(server, 8, batch=3)

    assert sorted(o.key for o in report.blobs) == sorted(orphans)
    assert sorted(o.key for o in report.partials) == sorted(keys)
    # Candidates go in hash order, three at a time; named blobs are kept within their batch.
    listed = sorted(sizes)
    expected = []
    for first in range(0, len(listed), 3):
        gone = [sha for sha in listed[first : first + 3] if sha in orphans]
        if gone:
            size = sum(sizes[sha] for sha in gone)
            expected.append(f"blobs={len(gone)} partials=0 bytes={size} older_than_days=7")
    expected.append("blobs=0 partials=2 bytes=20 older_than_days=7")
    assert removals(server) == expected
    for doc in named.docs:
        assert server.storage.has_blob(doc.sha256)
    with server.database.read() as session:
        assert verify_server_chain(session).ok
        entry = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "orphan_removed"))
        assert {(e.operator_id, e.application_id) for e in entry} == {("cli:test", None)}


def test_a_sweep_needs_at_least_one_day(server: Harness) -> None:
    with pytest.raises(ValueError, match="one day"):
        sweep_orphans(
            server.database, server.storage, days=0, now=utc_now(), operator_id="cli:test"
        )


# -- races ------------------------------------------------------------------------------


def test_a_sweep_during_an_upload_reusing_an_orphan_keeps_it(
    server: Harness, kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bytes a one-request upload is about to name, already stored as an orphan: the
    sweep runs between the upload's write and its commit, and must wait for the commit."""
    kk = documents(2500)[0]
    server.storage.store_blob(kk.sha256, kk.data)  # an orphan: no row names it yet
    storage_class = type(server.storage)
    real_store = storage_class.store_blob
    runs: list[Any] = []

    def store_then_sweep(self: Any, sha256: str, data: bytes) -> None:
        real_store(self, sha256, data)
        if not runs:
            runner = threading.Thread(target=lambda: runs.append(sweep(server, 8)))
            runs.append(runner)
            runner.start()
            runner.join(1.5)
            assert runner.is_alive()  # waiting for the upload's commit

    monkeypatch.setattr(storage_class, "store_blob", store_then_sweep)
    app = Application([kk])
    response = put_whole(server.client, kiosk, app, frame(app))
    assert response.status_code == 201, response.text
    runs[0].join(30)

    assert runs[1].blobs == []
    with server.storage.open_blob(kk.sha256) as handle:
        assert handle.read() == kk.data


def test_a_sweep_during_a_first_chunk_keeps_its_partial(
    server: Harness, kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first chunk is written and not committed yet (the row still says offset 0): the
    sweep must wait for the chunk's commit, which makes the partial a live upload's."""
    doc = documents(3000)[0]
    app = Application([doc])
    put_manifest(server.client, kiosk, app)
    storage_class = type(server.storage)
    real_append = storage_class.append_partial
    runs: list[Any] = []

    def append_then_sweep(self: Any, key: str, offset: int, data: bytes) -> int:
        size = real_append(self, key, offset, data)
        if not runs:
            runner = threading.Thread(target=lambda: runs.append(sweep(server, 8)))
            runs.append(runner)
            runner.start()
            runner.join(1.5)
            assert runner.is_alive()
        return size

    monkeypatch.setattr(storage_class, "append_partial", append_then_sweep)
    assert put_chunk(server.client, kiosk, app, doc, 0, 999).status_code == 200
    runs[0].join(30)

    assert runs[1].partials == []
    assert put_chunk(server.client, kiosk, app, doc, 1000, 2999).status_code == 200
    assert server.client.get(app.path, headers=kiosk.headers).json()["status"] == "received"


# -- the command ------------------------------------------------------------------------


def age(path: Path, days: float) -> None:
    when = time.time() - days * 86400
    os.utime(path, (when, when))


@pytest.mark.parametrize("storage_backend", ["local"])
def test_the_command_prints_the_orphans_then_removes_them(
    server: Harness, capsys: pytest.CaptureFixture[str]
) -> None:
    blob, key = orphan_blob(server, 900), orphan_partial(server, 100)
    young = orphan_blob(server, 50)
    root = server.settings.attachments_dir
    age(root / "blobs" / blob[:2] / blob, 8)
    age(root / "partial" / f"{key}.part", 8)
    where = ["--database-url", server.settings.database_url]
    where += ["--data-dir", str(server.settings.data_dir)]
    capsys.readouterr()

    assert main(["retention", "run", "--dry-run", *where]) == 0
    out = capsys.readouterr().out
    assert (
        "Akan dihapus / would remove: 1 berkas tak terpakai / orphaned blobs, 1 unggahan tak "
        "terpakai / orphaned partial uploads, 1000 B" in out
    )
    assert f"berkas / blob {blob} 900 B" in out
    assert f"unggahan / upload {key} 100 B" in out
    assert young not in out
    assert server.storage.has_blob(blob)

    assert main(["retention", "run", "--orphan-days", "9", "--json", *where]) == 0
    assert json.loads(capsys.readouterr().out)["orphans"]["blobs"] == []
    assert main(["retention", "run", "--json", *where]) == 0
    orphans = json.loads(capsys.readouterr().out)["orphans"]
    assert (orphans["orphan_days"], orphans["bytes"]) == (7, 1000)
    assert [o["key"] for o in orphans["blobs"]] == [blob]
    assert [o["key"] for o in orphans["partials"]] == [key]
    assert not server.storage.has_blob(blob)
    assert server.storage.has_blob(young)


@pytest.mark.parametrize("storage_backend", ["local"])
def test_the_environment_sets_the_orphan_age(
    server: Harness, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    blob = orphan_blob(server)
    age(server.settings.attachments_dir / "blobs" / blob[:2] / blob, 2)
    where = ["--database-url", server.settings.database_url]
    where += ["--data-dir", str(server.settings.data_dir)]
    monkeypatch.setenv("KIOSK_SERVER_ORPHAN_DAYS", "1")
    capsys.readouterr()

    assert main(["retention", "run", *where]) == 0

    assert "1 berkas tak terpakai" in capsys.readouterr().out
    assert not server.storage.has_blob(blob)


@pytest.mark.parametrize("storage_backend", ["local"])
@pytest.mark.parametrize(
    ("arguments", "environment", "named"),
    [
        (["--keep-days", "0"], {}, "--keep-days 0"),
        (["--keep-days", "-3"], {}, "--keep-days -3"),
        (["--partial-days", "0"], {}, "--partial-days 0"),
        (["--orphan-days", "0"], {}, "--orphan-days 0"),
        ([], {"KIOSK_SERVER_RETENTION_DAYS": "0"}, "KIOSK_SERVER_RETENTION_DAYS 0"),
        ([], {"KIOSK_SERVER_ORPHAN_DAYS": "0"}, "KIOSK_SERVER_ORPHAN_DAYS 0"),
        ([], {"KIOSK_SERVER_ORPHAN_DAYS": "seminggu"}, "KIOSK_SERVER_ORPHAN_DAYS"),
    ],
)
def test_a_period_below_one_day_is_refused_and_nothing_changes(
    server: Harness,
    kiosk: Kiosk,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    arguments: list[str],
    environment: dict[str, str],
    named: str,
) -> None:
    submit(server.client, kiosk, Application(documents(1000)))
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    where = ["--database-url", server.settings.database_url]
    where += ["--data-dir", str(server.settings.data_dir)]
    before = server.snapshot()
    capsys.readouterr()

    assert main(["retention", "run", *arguments, *where]) == 2

    err = capsys.readouterr().err
    assert named in err
    assert "ditolak" in err or "harus bilangan" in err
    assert server.snapshot() == before
