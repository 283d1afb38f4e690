"""Readiness against the real servers: `kiosk-server serve` on PostgreSQL and SeaweedFS.

/readyz turns false while SeaweedFS or PostgreSQL is stopped and true again when it is back;
a chunk sent during an S3 outage is refused (503, nothing recorded) and the upload completes
once S3 returns, so nothing accepted is lost.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from sync import protocol as P
from tests.helpers.postgres import PostgresCluster, require_bin_dir, start_cluster
from tests.helpers.seaweedfs import SeaweedS3, start_seaweedfs

from .builders import Application, documents
from .test_serve_process import cli, serving


@pytest.fixture
def own_postgres() -> Iterator[PostgresCluster]:
    """A cluster of this test's own: it is stopped and started again mid-test."""
    cluster = start_cluster(require_bin_dir())
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def own_seaweedfs() -> Iterator[SeaweedS3]:
    server = start_seaweedfs()
    try:
        yield server
    finally:
        server.destroy()


def wait_ready(base: str, expected: bool, timeout: float = 30) -> dict[str, bool]:
    deadline = time.monotonic() + timeout
    while True:
        response = requests.get(base + "/readyz", timeout=15)
        body: dict[str, bool] = response.json()
        if body["ready"] is expected:
            assert response.status_code == (200 if expected else 503)
            return body
        assert time.monotonic() < deadline, f"/readyz stayed {body}"
        time.sleep(0.2)


@pytest.mark.postgres
def test_readiness_follows_postgresql_and_s3_and_no_upload_is_lost(
    own_postgres: PostgresCluster, own_seaweedfs: SeaweedS3, tmp_path: Path
) -> None:
    name = own_postgres.create_database()
    env = {
        **os.environ,
        **own_seaweedfs.env(),
        "KIOSK_SERVER_DATABASE_URL": own_postgres.url(name),
        "KIOSK_SERVER_DATA_DIR": str(tmp_path / "server-data"),
        "KIOSK_SERVER_STORAGE_URL": "s3://kiosk-readiness/attachments",
    }
    cli(env, "migrate")
    code = cli(env, "enrollment-code", "--office", "51.08.01.2001").strip()
    log = tmp_path / "server.log"
    with serving(env, log, "--log-json") as (base, _process):
        assert wait_ready(base, True) == {"ready": True, "database": True, "storage": True}
        enrolled = requests.post(
            base + P.ENROLL_PATH,
            json={"device_id": str(uuid.uuid4()), "code": code, "device_name": "loket 1"},
            timeout=10,
        )
        assert enrolled.status_code == 201, enrolled.text
        headers = {
            "Authorization": f"Bearer {enrolled.json()['credential']}",
            P.HEADER_OPERATOR: "petugas-1",
        }
        doc = documents(300_000)[0]
        app = Application([doc])
        assert requests.put(base + app.path, json=app.manifest(), headers=headers, timeout=10).ok
        chunk = {**headers, P.HEADER_CONTENT_RANGE: P.format_content_range(0, 99_999, doc.size)}

        own_seaweedfs.stop()
        assert wait_ready(base, False) == {"ready": False, "database": True, "storage": False}
        assert requests.get(base + "/healthz", timeout=5).status_code == 200  # process is up
        refused = requests.put(
            base + app.attachment_path(doc), data=doc.data[:100_000], headers=chunk, timeout=30
        )
        assert refused.status_code == 503, refused.text
        assert "Retry-After" in refused.headers
        own_seaweedfs.start()
        assert wait_ready(base, True)["storage"] is True
        head = requests.head(base + app.attachment_path(doc), headers=headers, timeout=10)
        assert head.headers[P.HEADER_UPLOAD_OFFSET] == "0"  # nothing was recorded

        own_postgres.pause()
        assert wait_ready(base, False) == {"ready": False, "database": False, "storage": True}
        own_postgres.resume()
        assert wait_ready(base, True)["database"] is True

        start = 0
        while start < doc.size:
            end = min(start + 100_000, doc.size) - 1
            response = requests.put(
                base + app.attachment_path(doc),
                data=doc.data[start : end + 1],
                headers={
                    **headers,
                    P.HEADER_CONTENT_RANGE: P.format_content_range(start, end, doc.size),
                },
                timeout=30,
            )
            assert response.status_code == 200, response.text
            start = response.json()["offset"]
        status = requests.get(base + app.path, headers=headers, timeout=10).json()
        assert status["status"] == "received"
    text = log.read_text()
    assert '"request_id"' in text  # JSON log lines name their request
    assert "Traceback" not in text
