"""The real `kiosk-server` process on a loopback port, driven with `requests` as a kiosk would.

Covers what in-process tests cannot: the console script, uvicorn, environment variables,
a crash (SIGKILL) in the middle of an upload followed by a restart and a resume, and a
clean shutdown on SIGTERM.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from sync import protocol as P
from tests.helpers.postgres import free_port
from tests.helpers.seaweedfs import SeaweedS3

from .builders import NIK, Application, Document, documents

EXECUTABLE = Path(sys.executable).parent / "kiosk-server"


def cli(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [str(EXECUTABLE), *args], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@contextmanager
def serving(
    env: dict[str, str], log: Path, *extra: str
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Starts `kiosk-server serve`, waits until /health answers, and always stops it."""
    port = free_port()
    with log.open("ab") as sink:
        process = subprocess.Popen(
            [str(EXECUTABLE), "serve", "--host", "127.0.0.1", "--port", str(port), *extra],
            env=env,
            stdout=sink,
            stderr=sink,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, log.read_text()
            try:
                if requests.get(base + P.HEALTH_PATH, timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, "server did not start: " + log.read_text()
            time.sleep(0.05)
        yield base, process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


def put_range(
    base: str, headers: dict[str, str], app: Application, doc: Document, start: int, end: int
) -> requests.Response:
    return requests.put(
        base + app.attachment_path(doc),
        data=doc.data[start : end + 1],
        headers={**headers, P.HEADER_CONTENT_RANGE: P.format_content_range(start, end, doc.size)},
        timeout=10,
    )


@pytest.fixture(params=["local", "s3"])
def storage_env(request: pytest.FixtureRequest) -> dict[str, str]:
    """The variables choosing the attachment storage: none (local disk), or S3 on SeaweedFS."""
    if request.param == "local":
        return {}
    server: SeaweedS3 = request.getfixturevalue("seaweedfs")
    return {**server.env(), "KIOSK_SERVER_STORAGE_URL": server.new_bucket_url()}


def stored_blobs(env: dict[str, str], data_dir: Path) -> list[str]:
    """Names of the verified blobs, in the bucket or under the data dir."""
    if "KIOSK_SERVER_STORAGE_URL" not in env:
        return sorted(
            p.name for p in (data_dir / "attachments" / "blobs").rglob("*") if p.is_file()
        )
    import boto3

    bucket, _, prefix = env["KIOSK_SERVER_STORAGE_URL"].removeprefix("s3://").partition("/")
    client = boto3.session.Session().client(
        "s3",
        endpoint_url=env["AWS_ENDPOINT_URL"],
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
        region_name=env["AWS_DEFAULT_REGION"],
    )
    listed = client.list_objects_v2(Bucket=bucket, Prefix=f"{prefix}/blobs/")
    return sorted(item["Key"].rsplit("/", 1)[1] for item in listed.get("Contents", []))


def test_a_kiosk_enrolls_uploads_survives_a_server_crash_and_gets_its_decision(
    database_url: str, tmp_path: Path, storage_env: dict[str, str]
) -> None:
    assert EXECUTABLE.exists(), "the kiosk-server console script is not installed"
    env = {
        **os.environ,
        "KIOSK_SERVER_DATABASE_URL": database_url,
        "KIOSK_SERVER_DATA_DIR": str(tmp_path / "server-data"),
        **storage_env,
    }
    log = tmp_path / "server.log"
    cli(env, "migrate")
    code = cli(env, "enrollment-code", "--office", "51.08.01.2001").strip()
    device_id = uuid.uuid4()
    big, small = documents(2_600_000, 40_000)
    app = Application([big, small], number="3171-0500")

    with serving(env, log) as (base, process):
        health = requests.get(base + P.HEALTH_PATH, timeout=5)
        assert health.headers[P.HEADER_API] == "1"
        assert P.ServerInfo.model_validate(health.json()).service == "kiosk-server"
        enrolled = requests.post(
            base + P.ENROLL_PATH,
            json={"device_id": str(device_id), "code": code, "device_name": "loket 1"},
            timeout=10,
        )
        assert enrolled.status_code == 201
        headers = {
            "Authorization": f"Bearer {enrolled.json()['credential']}",
            P.HEADER_OPERATOR: "petugas-1",
        }
        manifest = requests.put(base + app.path, json=app.manifest(), headers=headers, timeout=10)
        assert manifest.status_code == 201
        assert put_range(base, headers, app, big, 0, P.MAX_CHUNK_BYTES - 1).status_code == 200
        process.send_signal(signal.SIGKILL)  # power cut at the district office
        process.wait(timeout=10)
    assert stored_blobs(env, tmp_path / "server-data") == []  # a partial is not a blob

    with serving(env, log) as (base, process):
        head = requests.head(base + app.attachment_path(big), headers=headers, timeout=10)
        offset = int(head.headers[P.HEADER_UPLOAD_OFFSET])
        assert offset == P.MAX_CHUNK_BYTES
        for doc, start in ((big, offset), (small, 0)):
            while start < doc.size:
                end = min(start + P.MAX_CHUNK_BYTES, doc.size) - 1
                response = put_range(base, headers, app, doc, start, end)
                assert response.status_code == 200, response.text
                start = response.json()["offset"]
        status = requests.get(base + app.path, headers=headers, timeout=10).json()
        assert (status["application_id"], status["status"]) == (str(app.application_id), "received")

        assert stored_blobs(env, tmp_path / "server-data") == sorted([big.sha256, small.sha256])
        stored = json.loads(cli(env, "applications", "--json", "--verify"))
        assert [(a["id"], a["status"]) for a in stored] == [(str(app.application_id), "received")]
        assert [a["stored_sha256"] for a in stored[0]["attachments"]] == [big.sha256, small.sha256]

        cli(
            env,
            "decide",
            str(app.application_id),
            "--status",
            "rejected",
            "--reason",
            "KK buram",
            "--fix",
            "Foto ulang KK",
        )
        feed = requests.get(base + P.CHANGES_PATH, headers=headers, timeout=10).json()
        assert [(e["status"], e["reason"]) for e in feed["entries"]] == [
            ("received", None),
            ("rejected", "KK buram"),
        ]

        cli(env, "revoke-device", str(device_id))
        assert requests.get(base + P.CHANGES_PATH, headers=headers, timeout=10).status_code == 403

        process.send_signal(signal.SIGTERM)
        # uvicorn re-raises the signal after its graceful shutdown, as init systems expect.
        assert process.wait(timeout=15) in (0, -signal.SIGTERM)

    text = log.read_text()
    assert "Uvicorn running" in text or "listening" in text
    assert NIK not in text
    assert "Traceback" not in text
    assert "Finished server process" in text  # shut down cleanly, not killed


def enroll_statuses(base: str, forwarded: bool) -> list[int]:
    statuses = []
    for i in range(15):
        body = {"device_id": str(uuid.uuid4()), "code": "0000-0000-0000", "device_name": "x"}
        headers = {"X-Forwarded-For": f"10.9.{i}.1"} if forwarded else {}
        response = requests.post(base + P.ENROLL_PATH, json=body, headers=headers, timeout=5)
        statuses.append(response.status_code)
    return statuses


def test_x_forwarded_for_is_believed_only_from_a_configured_proxy(tmp_path: Path) -> None:
    """Issue 11, point 11: a client naming a fresh address per request escaped the limit."""
    env = {
        **os.environ,
        "KIOSK_SERVER_DATABASE_URL": f"sqlite:///{tmp_path / 'server.sqlite3'}",
        "KIOSK_SERVER_DATA_DIR": str(tmp_path / "server-data"),
    }
    env.pop("FORWARDED_ALLOW_IPS", None)
    cli(env, "migrate")
    with serving(env, tmp_path / "server.log") as (base, _process):
        assert 429 in enroll_statuses(base, forwarded=True)
    with serving(env, tmp_path / "proxied.log", "--trusted-proxy", "127.0.0.1") as (base, _p):
        assert 429 not in enroll_statuses(base, forwarded=True)
