"""The kiosk's choice of the one-request upload and its fallbacks, against a real server.

The server is a real process behind the fault proxy. Only the old-server and proxy-limit
answers (404, 413 on the new route) are played by the session, since this server has the
route: they are exactly what such a server or proxy answers, with the API marker header.
"""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
import requests

from kiosk.local_store import Store
from sync import protocol as p
from sync.client import SyncClient
from sync.engine import SyncEngine
from sync.enrollment import load_enrollment
from tests.helpers.applications import ktp_el_hilang
from tests.helpers.faultproxy import FaultProxy
from tests.helpers.processes import ServerProcess


class RecordingSession(requests.Session):
    """Notes every request (method, last path segment); may answer /whole itself."""

    def __init__(self, whole_answer: int | None = None) -> None:
        super().__init__()
        self.calls: list[tuple[str, str]] = []
        self.whole_answer = whole_answer

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        path = str(url).split("?")[0]
        kind = "whole" if path.endswith("/whole") else path.rsplit("/", 2)[-2]
        self.calls.append((str(method), kind))
        if kind == "whole" and self.whole_answer is not None:
            return _answer(self.whole_answer)
        return super().request(method, url, *args, **kwargs)

    def kinds(self) -> list[str]:
        return [kind for method, kind in self.calls if method == "PUT"]


def _answer(status: int) -> requests.Response:
    code = {404: "not_found", 405: "invalid_request", 413: "body_too_large"}[status]
    response = requests.Response()
    response.status_code = status
    response.headers.update({p.HEADER_API: "1", "Content-Type": "application/json"})
    response.raw = io.BytesIO(json.dumps({"detail": "Not Found", "code": code}).encode())
    return response


def engine_with(store: Store, session: RecordingSession) -> SyncEngine:
    enrollment = load_enrollment(store)
    client = SyncClient(enrollment.server_url, credential=enrollment.credential, session=session)
    return SyncEngine(store, client)


def received(server: ServerProcess, application_id: str) -> bool:
    return any(
        a["id"] == application_id and a["status"] == "received" for a in server.applications()
    )


def test_a_small_application_goes_in_one_request(
    enrolled: Store, server: ServerProcess, proxy: FaultProxy
) -> None:
    submitted = enrolled.submission.submit(ktp_el_hilang(1, attachment_size=200_000))
    session = RecordingSession()
    report = engine_with(enrolled, session).run_once()
    assert (report.acknowledged, report.manifests_sent) == (1, 1)
    assert session.kinds().count("whole") == 1
    assert "attachments" not in session.kinds()
    assert "versions" not in session.kinds()
    total = sum(a.size for a in enrolled.records.attachments(submitted.id, 1))
    assert report.bytes_sent == total
    assert received(server, submitted.id)
    assert enrolled.records.find_by_id(submitted.id)[0].status == "received"


def test_a_large_application_goes_by_chunks(
    enrolled: Store, server: ServerProcess, proxy: FaultProxy
) -> None:
    submitted = enrolled.submission.submit(ktp_el_hilang(2, attachment_size=2_400_000))
    session = RecordingSession()
    report = engine_with(enrolled, session).run_once()
    assert report.acknowledged == 1
    assert "whole" not in session.kinds()
    assert received(server, submitted.id)


@pytest.mark.parametrize("status", [404, 405])
def test_an_old_server_is_remembered_for_the_pass(
    enrolled: Store, server: ServerProcess, proxy: FaultProxy, status: int
) -> None:
    first = enrolled.submission.submit(ktp_el_hilang(3, attachment_size=50_000))
    second = enrolled.submission.submit(ktp_el_hilang(4, attachment_size=50_000))
    session = RecordingSession(whole_answer=status)
    report = engine_with(enrolled, session).run_once()
    assert (report.acknowledged, report.needs_attention) == (2, 0)
    assert session.kinds().count("whole") == 1  # asked once, then the two phases
    assert received(server, first.id)
    assert received(server, second.id)


def test_a_413_sends_that_application_by_chunks(
    enrolled: Store, server: ServerProcess, proxy: FaultProxy
) -> None:
    submitted = enrolled.submission.submit(ktp_el_hilang(5, attachment_size=50_000))
    session = RecordingSession(whole_answer=413)
    report = engine_with(enrolled, session).run_once()
    assert (report.acknowledged, report.needs_attention) == (1, 0)
    assert session.kinds()[0] == "whole"
    assert "attachments" in session.kinds()
    assert received(server, submitted.id)


def test_a_cut_one_request_goes_by_resumable_chunks_next(
    enrolled: Store, server: ServerProcess, proxy: FaultProxy
) -> None:
    submitted = enrolled.submission.submit(ktp_el_hilang(6, attachment_size=900_000))
    session = RecordingSession()
    engine = engine_with(enrolled, session)
    proxy.reset_after_upstream_bytes(300_000)
    assert engine.run_once().offline is True
    assert session.kinds() == ["whole"]
    assert not received(server, submitted.id)
    session.calls.clear()
    report = engine.run_once()
    assert report.acknowledged == 1
    assert "whole" not in session.kinds()
    assert "attachments" in session.kinds()
    assert received(server, submitted.id)
