"""Sealed applications against a real server that has a sealing key (the production case)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.applications.intake import AttachmentInput
from kiosk.local_store import Store
from kiosk.sealing import SEALED_FIELDS_DOCUMENT
from sync.engine import SyncEngine
from sync.enrollment import enroll
from tests.helpers.applications import ktp_el_hilang
from tests.helpers.faultproxy import FaultProxy
from tests.helpers.processes import ServerProcess

from .conftest import OFFICE


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    folder = tmp_path_factory.mktemp("sealing-server")
    process = ServerProcess(folder, f"sqlite:///{folder / 'server.sqlite3'}")
    process.cli("keys", "create")
    process.start()
    yield process
    process.stop()


def on_server(server: ServerProcess, app_id: str) -> dict[str, object]:
    [found] = [a for a in server.applications() if a["id"] == app_id]
    return found


def test_enrollment_learns_the_key_and_submit_seals_at_once(
    enrolled: Store, server: ServerProcess, tmp_path: Path
) -> None:
    key = enrolled.state.seal_key()
    assert key is not None
    public = json.loads(server.cli("keys", "show-public", "--json").stdout)
    assert key.fingerprint == public["fingerprint"]

    new = ktp_el_hilang(1, attachment_size=40_000)
    submitted = enrolled.submission.submit(new)
    assert SyncEngine(enrolled).run_once().acknowledged == 1

    app = on_server(server, submitted.id)
    documents = {a["document_code"]: a["sha256"] for a in app["attachments"]}  # type: ignore[attr-defined]
    assert set(documents) == {"kk", "surat-kehilangan", "f-1.02", SEALED_FIELDS_DOCUMENT}
    local = {a.document: a.sha256 for a in enrolled.records.attachments(submitted.id, 1)}
    assert all(documents[code] == sha for code, sha in local.items())  # the sealed bytes
    shown = json.loads(server.cli("show", submitted.id).stdout)
    assert shown["sealed"] is True
    assert shown["fields"]["nik"] == new.applicant.nik
    assert shown["fields"]["name"] == new.applicant.name
    out = tmp_path / "kk.jpg"
    server.cli("open-attachment", submitted.id, "kk", "--out", str(out))
    assert out.read_bytes() == new.attachments[0].data
    # The device never read the applicant to send it (no "send" read in its audit log).
    assert "send" not in [e["action"] for e in enrolled.audit.entries()]


def test_what_was_queued_before_enrollment_is_sealed_before_it_is_sent(
    store: Store, server: ServerProcess, proxy: FaultProxy
) -> None:
    new = ktp_el_hilang(2)
    submitted = store.submission.submit(new)  # a brand-new device: no server, no key yet
    assert store.outbox.due()[0].seal_key_id is None
    enroll(store, proxy.url, server.enrollment_code(OFFICE), "loket 2")
    report = SyncEngine(store).run_once()
    assert report.acknowledged == 1
    assert all(a.sealed for a in store.records.attachments(submitted.id, 1))
    shown = json.loads(server.cli("show", submitted.id).stdout)
    assert (shown["sealed"], shown["fields"]["no_kk"]) == (True, new.applicant.no_kk)
    assert "seal" in [e["action"] for e in store.audit.entries()]


def test_after_a_key_rotation_new_applications_use_the_new_key(
    enrolled: Store, server: ServerProcess
) -> None:
    engine = SyncEngine(enrolled)
    before = enrolled.submission.submit(ktp_el_hilang(4))
    old_key = enrolled.state.seal_key()
    assert engine.run_once().acknowledged == 1
    server.cli("keys", "rotate")
    engine.run_once()  # learns the new key
    new_key = enrolled.state.seal_key()
    assert old_key is not None
    assert new_key is not None
    assert new_key.key_id != old_key.key_id
    after = enrolled.submission.submit(ktp_el_hilang(5))
    assert enrolled.outbox.due()[0].seal_key_id == new_key.key_id
    assert engine.run_once().acknowledged == 1
    for submitted in (before, after):  # the server keeps old keys: both open
        assert json.loads(server.cli("show", submitted.id).stdout)["sealed"] is True


def test_a_correction_after_a_key_rotation_reuses_documents_sealed_to_the_old_key(
    enrolled: Store, server: ServerProcess, tmp_path: Path
) -> None:
    engine = SyncEngine(enrolled)
    first = ktp_el_hilang(6)
    v1 = enrolled.submission.submit(first)
    assert engine.run_once().acknowledged == 1
    server.cli(
        "decide", v1.id, "--status", "rejected", "--reason", "Surat buram", "--fix", "Pindai"
    )
    server.cli("keys", "rotate")
    engine.run_once()  # the rejection comes back; the new key is learned
    assert enrolled.records.find_by_id(v1.id)[0].status == "rejected"

    kk = next(a for a in enrolled.records.attachments(v1.id, 1) if a.document == "kk")
    correction = ktp_el_hilang(6)
    correction.revision_of = (v1.id, 1)
    correction.attachments[0] = AttachmentInput("kk", b"", sealed_ref=kk.sha256)
    enrolled.submission.submit(correction)
    report = engine.run_once()
    assert (report.acknowledged, report.needs_attention) == (1, 0)
    shown = json.loads(server.cli("show", v1.id, "--version", "2").stdout)
    assert shown["fields"]["nik"] == first.applicant.nik
    out = tmp_path / "kk-v2.jpg"
    server.cli("open-attachment", v1.id, "kk", "--version", "2", "--out", str(out))
    assert out.read_bytes() == first.attachments[0].data
