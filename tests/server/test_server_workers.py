"""Several server processes on one PostgreSQL and one S3 bucket (issue 17, point 2; ADR 0007).

Two `kiosk-server serve` commands, one of them with `--workers 2`, behind the tests' TCP proxy
which alternates connections between them: an enrollment code raced through both is used once,
one attachment's chunks land on both, a repeated manifest and chunk change nothing, and the
application ends received exactly once with its blob stored once and one intact audit chain.
"""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from contextlib import ExitStack
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from sync import protocol as P
from tests.helpers.faultproxy import FaultProxy
from tests.helpers.seaweedfs import SeaweedS3

from .builders import OFFICE, Application, documents
from .conftest import empty_postgres
from .test_serve_process import EXECUTABLE, cli, serving, stored_blobs

pytestmark = pytest.mark.postgres


@pytest.fixture
def shared_env(
    postgres_shared: tuple[str, sa.Engine], seaweedfs: SeaweedS3, tmp_path: Path
) -> dict[str, str]:
    url, engine = postgres_shared
    empty_postgres(engine)
    return {
        **os.environ,
        "KIOSK_SERVER_DATABASE_URL": str(url),
        "KIOSK_SERVER_DATA_DIR": str(tmp_path / "server-data"),
        **seaweedfs.env(),
        "KIOSK_SERVER_STORAGE_URL": seaweedfs.new_bucket_url(),
    }


def test_two_processes_behind_one_proxy_end_exactly_once(
    shared_env: dict[str, str], tmp_path: Path
) -> None:
    env = shared_env
    code = cli(env, "enrollment-code", "--office", OFFICE).strip()
    big, small = documents(2_600_000, 40_000)
    app = Application([big, small])
    with ExitStack() as stack:
        first, _ = stack.enter_context(serving(env, tmp_path / "a.log", "--workers", "2"))
        second, _ = stack.enter_context(serving(env, tmp_path / "b.log"))
        ports = [int(base.rsplit(":", 1)[1]) for base in (first, second)]
        proxy = FaultProxy(ports[0], also=(ports[1],))
        stack.callback(proxy.close)

        def fresh() -> requests.Session:
            session = requests.Session()  # one connection per request: it alternates
            session.headers["Connection"] = "close"
            return session

        devices = [uuid.uuid4(), uuid.uuid4()]
        enrollments = [
            fresh().post(
                proxy.url + P.ENROLL_PATH,
                json={"device_id": str(device), "code": code, "device_name": "loket"},
                timeout=10,
            )
            for device in devices
        ]
        # One code, one device: the second process sees the first one's use.
        assert [r.status_code for r in enrollments].count(201) == 1, [r.text for r in enrollments]
        enrolled = next(r for r in enrollments if r.status_code == 201)
        headers = {
            "Authorization": f"Bearer {enrolled.json()['credential']}",
            P.HEADER_OPERATOR: "petugas-1",
        }
        for _ in range(2):  # the same manifest through both processes
            answer = fresh().put(proxy.url + app.path, json=app.manifest(), headers=headers)
            assert answer.status_code in (200, 201), answer.text
        chunk = 600_000
        for doc in (big, small):
            offset = 0
            while offset < doc.size:
                end = min(offset + chunk, doc.size) - 1
                sent = fresh().put(
                    proxy.url + app.attachment_path(doc),
                    data=doc.data[offset : end + 1],
                    headers={
                        **headers,
                        "Content-Type": P.CHUNK_CONTENT_TYPE,
                        P.HEADER_CONTENT_RANGE: P.format_content_range(offset, end, doc.size),
                    },
                    timeout=30,
                )
                assert sent.status_code == 200, sent.text
                offset = sent.json()["offset"]
        again = fresh().put(
            proxy.url + app.attachment_path(small),
            data=small.data,
            headers={
                **headers,
                "Content-Type": P.CHUNK_CONTENT_TYPE,
                P.HEADER_CONTENT_RANGE: P.format_content_range(0, small.size - 1, small.size),
            },
            timeout=30,
        )
        assert again.status_code == 200, again.text
        status = fresh().get(proxy.url + app.path, headers=headers, timeout=10).json()
        assert status["status"] == "received"
        assert min(proxy.connections_to.values()) >= 4, proxy.connections_to
        for base in (first, second):
            assert requests.get(base + "/readyz", timeout=10).status_code == 200
    listed = json.loads(cli(env, "applications", "--json"))
    assert [(a["id"], a["version"], a["status"]) for a in listed] == [
        (str(app.application_id), 1, "received")
    ]
    assert stored_blobs(env, tmp_path / "server-data") == sorted([big.sha256, small.sha256])
    assert "utuh/intact" in cli(env, "audit", "verify")


def serve_on_sqlite(tmp_path: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    """`kiosk-server serve --port 1 FLAGS` on a fresh SQLite data dir: flags it refuses at start."""
    env = {**os.environ, "KIOSK_SERVER_DATA_DIR": str(tmp_path / "data")}
    env.pop("KIOSK_SERVER_DATABASE_URL", None)
    env.pop("KIOSK_SERVER_STORAGE_URL", None)
    cli(env, "migrate")
    return subprocess.run(
        [str(EXECUTABLE), "serve", "--port", "1", *flags],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_several_workers_are_refused_on_sqlite(tmp_path: Path) -> None:
    done = serve_on_sqlite(tmp_path, "--workers", "2")
    assert done.returncode == 2
    assert done.stderr.startswith("--workers > 1 perlu PostgreSQL")


@pytest.mark.parametrize(
    "flags", [("--enroll-burst", "0"), ("--enroll-rate", "0"), ("--device-rate", "-1")]
)
def test_a_token_bucket_that_could_never_refill_is_refused(
    tmp_path: Path, flags: tuple[str, str]
) -> None:
    done = serve_on_sqlite(tmp_path, *flags)
    assert done.returncode == 2
    assert flags[0].split("-")[2] in done.stderr
    assert " / " in done.stderr  # the message, not a traceback


def test_the_settings_reach_a_worker_unchanged(tmp_path: Path) -> None:
    from server.config import ServerSettings, settings_from_json, settings_to_json

    settings = ServerSettings(
        database_url="postgresql+psycopg2://k@db/k",
        data_dir=tmp_path,
        storage_url="s3://bucket/prefix",
        header_timeout_seconds=3.5,
        metrics_allow=("10.0.0.0/24",),
        device_burst=7,
    )

    assert settings_from_json(settings_to_json(settings)) == settings
