"""Concurrent retries cannot create duplicates, lose bytes, or reorder the change feed.

The service functions are called from real threads released together by a barrier, on
SQLite and on PostgreSQL, because the two databases lock differently (server.db explains).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from server import intake
from server.enrollment import DeviceContext
from server.errors import ManifestConflict
from server.feed import list_changes
from server.storage import LocalDiskStorage
from sync import protocol as P

from .builders import Application, Kiosk, documents, put_chunk, submit
from .conftest import Harness

T = TypeVar("T")


def device_of(kiosk: Kiosk) -> DeviceContext:
    return DeviceContext(kiosk.device_id, kiosk.office_code, kiosk.operator)


def race(count: int, task: Callable[[int], T]) -> list[T | BaseException]:
    """Runs task(0..count-1) in threads that all start at the same moment."""
    barrier = threading.Barrier(count)

    def run(index: int) -> T | BaseException:
        barrier.wait()
        try:
            return task(index)
        except Exception as exc:  # noqa: BLE001 - collected and asserted on by the caller
            return exc

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


def test_racing_identical_manifests_store_one_copy(server: Harness, kiosk: Kiosk) -> None:
    app = Application(documents(100, 200))
    manifest = P.ApplicationManifest.model_validate(app.manifest())
    storage = LocalDiskStorage(server.settings.attachments_dir)

    results = race(
        8,
        lambda _i: intake.put_manifest(
            intake.Intake(server.database, storage, device_of(kiosk)),
            app.application_id,
            1,
            manifest,
        ),
    )
    assert not [r for r in results if isinstance(r, BaseException)], results
    outcomes: list[Any] = results
    assert sum(1 for _status, created in outcomes if created) == 1
    assert len({status.model_dump_json() for status, _created in outcomes}) == 1
    assert server.scalar("SELECT count(*) FROM applications") == 1
    assert server.scalar("SELECT count(*) FROM attachments") == 2


def test_racing_different_manifests_leave_exactly_one_winner(server: Harness, kiosk: Kiosk) -> None:
    app = Application(documents(100))
    storage = LocalDiskStorage(server.settings.attachments_dir)

    def attempt(index: int) -> object:
        manifest = P.ApplicationManifest.model_validate(app.manifest(fields={"n": index}))
        return intake.put_manifest(
            intake.Intake(server.database, storage, device_of(kiosk)),
            app.application_id,
            1,
            manifest,
        )

    results = race(6, attempt)
    assert sum(1 for r in results if isinstance(r, ManifestConflict)) == 5
    assert sum(1 for r in results if isinstance(r, tuple)) == 1
    assert server.scalar("SELECT count(*) FROM applications") == 1


def test_racing_last_chunks_receive_the_application_exactly_once(
    server: Harness, kiosk: Kiosk
) -> None:
    docs = documents(300, 400, 500, 600)
    app = Application(docs)
    server.client.put(app.path, json=app.manifest(), headers=kiosk.headers)
    for doc in docs:
        assert put_chunk(server.client, kiosk, app, doc, 0, doc.size - 2).status_code == 200
    storage = LocalDiskStorage(server.settings.attachments_dir)

    def last_byte(index: int) -> P.AttachmentProgress:
        doc = docs[index]
        end = doc.size - 1
        return intake.append_chunk(
            intake.Intake(server.database, storage, device_of(kiosk)),
            app.application_id,
            1,
            doc.sha256,
            (end, end, doc.size),
            doc.data[end:],
        )

    results = race(len(docs), last_byte)
    assert all(isinstance(r, P.AttachmentProgress) and r.complete for r in results), results
    assert server.scalar("SELECT status FROM applications") == "received"
    assert server.scalar("SELECT count(*) FROM status_changes") == 1
    assert (
        server.scalar("SELECT count(*) FROM audit_events WHERE action = 'application_received'")
        == 1
    )


def test_racing_copies_of_one_chunk_store_its_bytes_once(server: Harness, kiosk: Kiosk) -> None:
    doc = documents(10_000)[0]
    app = Application([doc])
    server.client.put(app.path, json=app.manifest(), headers=kiosk.headers)
    storage = LocalDiskStorage(server.settings.attachments_dir)

    results = race(
        6,
        lambda _i: intake.append_chunk(
            intake.Intake(server.database, storage, device_of(kiosk)),
            app.application_id,
            1,
            doc.sha256,
            (0, 4999, doc.size),
            doc.data[:5000],
        ),
    )
    assert all(isinstance(r, P.AttachmentProgress) and r.offset == 5000 for r in results), results
    partials = list((server.settings.attachments_dir / "partial").iterdir())
    assert [p.stat().st_size for p in partials] == [5000]


def test_readers_never_see_a_cursor_before_all_smaller_ones(server: Harness, kiosk: Kiosk) -> None:
    """A kiosk that stores cursor N must never later find a change numbered below N."""
    storage = LocalDiskStorage(server.settings.attachments_dir)
    device = device_of(kiosk)
    writers, per_writer = 4, 15
    stop = threading.Event()
    holes: list[list[int]] = []
    # Documents this office already holds: every manifest below is received at once.
    seed = documents(10)[0]
    submit(server.client, kiosk, Application([seed]))

    def write(_index: int) -> None:
        for _ in range(per_writer):
            app = Application([seed])
            manifest = P.ApplicationManifest.model_validate(app.manifest())
            upload = intake.Intake(server.database, storage, device)
            intake.put_manifest(upload, app.application_id, 1, manifest)

    def read() -> None:
        while not stop.is_set():
            page = list_changes(server.database, kiosk.office_code, "", P.FEED_PAGE_MAX)
            seen = [int(entry.cursor) for entry in page.entries]
            if seen != list(range(1, len(seen) + 1)):
                holes.append(seen)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        results = race(writers, write)
    finally:
        stop.set()
        reader.join()
    assert not [r for r in results if isinstance(r, BaseException)], results
    assert holes == []
    final = list_changes(server.database, kiosk.office_code, "", P.FEED_PAGE_MAX)
    assert [int(e.cursor) for e in final.entries] == list(range(1, writers * per_writer + 2))
