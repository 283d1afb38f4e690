"""The sync engine against a real server process, through the fault proxy."""

from __future__ import annotations

import argparse
import http.server
import random
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from kiosk.applications import Status
from kiosk.local_store import Store
from sync import protocol as p
from sync.client import SyncClient
from sync.engine import BACKOFF_CAP_SECONDS, PassReport, SyncEngine, backoff_delay
from sync.enrollment import enroll, load_enrollment
from sync.errors import ErrorClass, SyncError
from tests.helpers.applications import ktp_el_hilang
from tests.helpers.faultproxy import FaultProxy
from tests.helpers.processes import ServerProcess
from tests.sync.conftest import OFFICE
from ui.cli.sync_commands import run_sync


def server_view(server: ServerProcess) -> dict[str, dict[str, object]]:
    return {a["id"]: a for a in server.applications()}


def test_offline_pass_counts_nothing_against_the_queue(
    engine: SyncEngine, enrolled: Store, proxy: FaultProxy, server: ServerProcess
) -> None:
    first = enrolled.submission.submit(ktp_el_hilang(1))
    proxy.set_down(True)
    report = engine.run_once()
    assert report.offline is True
    assert enrolled.outbox.counts()["pending"] == 1
    [item] = enrolled.outbox.due()
    assert item.attempts == 0
    proxy.set_down(False)
    report = engine.run_once()
    assert (report.offline, report.acknowledged) == (False, 1)
    assert server_view(server)[first.id]["status"] == "received"
    assert enrolled.records.find_by_id(first.id)[0].status == "received"
    assert [e["status"] for e in enrolled.records.history(first.id, 1)] == [
        "submitted",
        "sent",
        "received",
    ]
    again = engine.run_once()
    assert (again.manifests_sent, again.bytes_sent) == (0, 0)


def test_upload_resumes_after_a_cut_in_the_middle_of_an_attachment(
    engine: SyncEngine, enrolled: Store, proxy: FaultProxy, server: ServerProcess
) -> None:
    # Over MAX_WHOLE_BODY_BYTES, so it goes by chunks (the one-request path: test_whole_sync).
    submitted = enrolled.submission.submit(ktp_el_hilang(2, attachment_size=2_400_000))
    engine.chunk_bytes = 256 * 1024
    proxy.reset_after_upstream_bytes(400_000)
    first = engine.run_once()
    assert first.offline is True
    second = engine.run_once()
    assert second.acknowledged == 1
    total = sum(i.size for i in enrolled.records.attachments(submitted.id, 1))
    # Resumed, not restarted: the second pass sent less than everything.
    assert second.bytes_sent < total
    assert server_view(server)[submitted.id]["status"] == "received"


class CaptivePortal(http.server.BaseHTTPRequestHandler):
    def _login_page(self) -> None:
        body = b"<html><body>Silakan login WiFi</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_PUT = do_POST = do_HEAD = _login_page  # noqa: N815

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def portal() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), CaptivePortal)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


def test_a_captive_portal_answering_200_html_is_never_success(enrolled: Store, portal: str) -> None:
    enrolled.submission.submit(ktp_el_hilang(3))
    credential = load_enrollment(enrolled).credential
    engine = SyncEngine(enrolled, SyncClient(portal, credential=credential))
    report = engine.run_once()
    assert report.offline is True
    assert report.errors == ["captive_portal"]
    assert enrolled.outbox.counts() == {
        "pending": 1,
        "sending": 0,
        "acknowledged": 0,
        "needs_attention": 0,
    }


def test_conflict_needs_a_person_and_the_rest_of_the_queue_moves_on(
    engine: SyncEngine, enrolled: Store, server: ServerProcess, expected_warnings: set[str]
) -> None:
    expected_warnings.add("kiosk.sync")
    clash = enrolled.submission.submit(ktp_el_hilang(4))
    fine = enrolled.submission.submit(ktp_el_hilang(5))
    # Someone already stored different content under the same id and version.
    [item] = [i for i in enrolled.outbox.due() if i.application_id == clash.id]
    manifest = engine.manifest_for(item)
    altered = manifest.model_copy(update={"fields": {**manifest.fields, "name": "LAIN"}})
    engine.client().put_manifest(altered, "petugas1")
    report = engine.run_once()
    assert (report.acknowledged, report.needs_attention) == (1, 1)
    assert server_view(server)[fine.id]["status"] == "received"
    [attention] = enrolled.outbox.attention_items()
    assert attention["code"] == "manifest_conflict"
    assert attention["number"] == clash.number
    assert enrolled.outbox.retry_needs_attention() == 1


def test_a_revoked_device_stops_the_pass_without_burning_the_queue(
    engine: SyncEngine, enrolled: Store, server: ServerProcess, expected_warnings: set[str]
) -> None:
    expected_warnings.add("kiosk.sync")
    enrolled.submission.submit(ktp_el_hilang(6))
    server.cli("revoke-device", load_enrollment(enrolled).device_id)
    report = engine.run_once()
    assert report.device_problem == "device_revoked"
    [item] = enrolled.outbox.due()
    assert item.attempts == 0
    assert "device_revoked" in (enrolled.state.device_problem() or "")


def test_a_copied_credential_that_rotated_first_shows_device_suspended_in_indonesian(
    engine: SyncEngine,
    enrolled: Store,
    server: ServerProcess,
    expected_warnings: set[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Issue 11, point 10, as the kiosk sees it: the thief rotates a copy of the secret."""
    expected_warnings.add("kiosk.sync")
    enrolled.submission.submit(ktp_el_hilang(7))
    copy = load_enrollment(enrolled)
    thief = SyncClient(server.url, credential=copy.credential, operator="pencuri")
    stolen = thief.rotate_credential().credential
    SyncClient(server.url, credential=stolen, operator="pencuri").audit_head()  # promoted
    # The 2-minute grace for in-flight requests is over (as if the device came back later).
    engine_db = sa.create_engine(server.database_url)
    with engine_db.begin() as connection:
        assert (
            connection.execute(
                sa.text("UPDATE devices SET credential_changed_at = :t WHERE id = :id"),
                {"t": datetime(2020, 1, 1, tzinfo=UTC), "id": uuid.UUID(copy.device_id).hex},
            ).rowcount
            == 1
        )
    engine_db.dispose()
    report = engine.run_once()
    assert report.device_problem == "device_suspended"
    [item] = enrolled.outbox.due()
    assert item.attempts == 0
    problem = enrolled.state.device_problem() or ""
    assert problem.startswith("device_suspended: Perangkat ditangguhkan")
    capsys.readouterr()
    assert (
        run_sync(argparse.Namespace(data_dir=enrolled.data_dir, action="status", json=False)) == 0
    )
    assert "DEVICE NEEDS ATTENTION: device_suspended: Perangkat ditangguhkan" in (
        capsys.readouterr().out
    )
    with pytest.raises(SyncError) as refused:  # the thief's secret is suspended too
        SyncClient(server.url, credential=stolen, operator="pencuri").audit_head()
    assert refused.value.code == "device_suspended"


def test_enrollment_answer_lost_then_retried_keeps_the_same_code_valid(
    store: Store, server: ServerProcess, proxy: FaultProxy, data_dir: Path, tmp_path: Path
) -> None:
    code = server.enrollment_code(OFFICE)
    proxy.drop_next_response()
    with pytest.raises(SyncError) as info:
        enroll(store, proxy.url, code, "loket 2")
    assert info.value.code == "offline"
    enrollment = enroll(store, proxy.url, code, "loket 2")
    assert enrollment.office_code == OFFICE
    submitted = store.submission.submit(ktp_el_hilang(7))
    assert SyncEngine(store).run_once().acknowledged == 1
    assert submitted.id in server_view(server)
    other = Store.open(tmp_path / "other")
    with pytest.raises(SyncError) as refused:
        enroll(other, proxy.url, code, "pencuri kode")
    assert refused.value.code == "enrollment_refused"
    other.close()


def test_rejection_flows_back_and_the_revision_is_version_two(
    engine: SyncEngine, enrolled: Store, server: ServerProcess
) -> None:
    first = enrolled.submission.submit(ktp_el_hilang(8))
    engine.run_once()
    server.cli(
        "decide", first.id, "--status", "rejected", "--reason", "KK buram", "--fix", "Foto ulang KK"
    )
    assert engine.run_once().changes_applied >= 1
    assert enrolled.records.find_by_id(first.id)[0].status == "rejected"
    fixed = ktp_el_hilang(8)
    fixed.revision_of = (first.id, 1)
    revision = enrolled.submission.submit(fixed)
    assert engine.run_once().acknowledged == 1
    stored = [a for a in server.applications() if a["id"] == first.id]
    assert sorted((a["version"], a["status"]) for a in stored) == [(1, "rejected"), (2, "received")]
    assert revision.number == first.number


def test_feed_that_skips_ahead_moves_the_kiosk_forward_and_acknowledges(
    engine: SyncEngine, enrolled: Store
) -> None:
    """The kiosk died before it saw the server's acknowledgement; the feed later says
    'processing'. The kiosk steps through 'received' and stops trying to send it."""
    submitted = enrolled.submission.submit(ktp_el_hilang(9))
    enrolled.records.transition(submitted.id, 1, Status.SENT, source="server")
    entry = p.ChangeEntry(
        cursor="7",
        application_id=uuid.UUID(submitted.id),
        version=1,
        number=submitted.number,
        status=p.ApplicationStatus.PROCESSING,
        changed_at=datetime.now(UTC),
    )
    assert engine._apply_change(entry) is True
    assert [e["status"] for e in enrolled.records.history(submitted.id, 1)] == [
        "submitted",
        "sent",
        "received",
        "processing",
    ]
    assert enrolled.outbox.counts()["acknowledged"] == 1
    assert engine._apply_change(entry) is False  # applying twice changes nothing


def test_stalled_link_times_out_instead_of_hanging(enrolled: Store, proxy: FaultProxy) -> None:
    enrolled.submission.submit(ktp_el_hilang(10))
    credential = load_enrollment(enrolled).credential
    engine = SyncEngine(enrolled, SyncClient(proxy.url, credential=credential, stall_seconds=1))
    proxy.stall(30)
    report = engine.run_once()
    assert report.offline is True
    assert report.errors == ["offline"]
    proxy.stall(0)


def test_backoff_grows_with_jitter_is_capped_and_respects_retry_after() -> None:
    rng = random.Random(1)
    delays = [backoff_delay(n, rng) for n in range(12)]
    assert delays[0] < delays[3] < delays[6]
    assert max(delays) <= BACKOFF_CAP_SECONDS
    assert len({round(backoff_delay(5, rng), 3) for _ in range(20)}) > 10


def test_a_retry_after_is_honoured_with_a_small_jitter_and_no_growth() -> None:
    """The server spreads its refused kiosks itself (ComeBackClock): the kiosk comes back
    after Retry-After plus under a second, however often it was refused before."""
    rng = random.Random(2)
    for attempts in range(12):
        for retry_after in (1, 5, 37):
            delay = backoff_delay(attempts, rng, retry_after=retry_after)
            assert retry_after + 0.05 <= delay <= retry_after + 0.75
    assert len({round(backoff_delay(9, rng, retry_after=3), 3) for _ in range(20)}) > 10
    assert backoff_delay(0, rng, retry_after=10_000) <= BACKOFF_CAP_SECONDS + 0.75


def test_a_refusal_with_retry_after_tells_the_scheduler_when(enrolled: Store) -> None:
    enrolled.submission.submit(ktp_el_hilang(12))
    engine = SyncEngine(enrolled, rng=random.Random(3))
    engine._retry(
        enrolled.outbox.due()[0],
        report := PassReport(),
        SyncError(ErrorClass.RETRYABLE, "overloaded", "sibuk", "busy", retry_after=4, status=503),
    )
    assert report.come_back_after is not None
    assert 4.05 <= report.come_back_after <= 4.75


def test_manifest_carries_the_protocol_shape(engine: SyncEngine, enrolled: Store) -> None:
    submitted = enrolled.submission.submit(ktp_el_hilang(11))
    [item] = [i for i in enrolled.outbox.due() if i.application_id == submitted.id]
    manifest = engine.manifest_for(item)
    assert manifest.application_id == uuid.UUID(submitted.id)
    assert [a.document_code for a in manifest.attachments] == ["kk", "surat-kehilangan", "f-1.02"]
    assert p.manifest_digest(manifest) == p.manifest_digest(engine.manifest_for(item))
