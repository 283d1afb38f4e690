"""S3 storage specifics on a real SeaweedFS: buckets, multipart promotion, visibility, errors."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from server import object_storage
from server.errors import StorageUnavailable
from server.object_storage import S3Storage, parse_storage_url
from server.s3_client import make_client
from server.storage import partial_key
from tests.helpers.postgres import free_port
from tests.helpers.seaweedfs import SeaweedS3, start_seaweedfs

APP = "6a4e1e0e-6a55-4d8e-9d1c-2f1b0c7a9e01"


def test_storage_urls_name_a_bucket_and_a_prefix() -> None:
    assert parse_storage_url("s3://kiosk-files/jabar/bandung") == ("kiosk-files", "jabar/bandung/")
    assert parse_storage_url("s3://kiosk-files") == ("kiosk-files", "")
    for bad in ("file:///tmp/x", "s3://", "s3://UPPER/x", "kiosk-files/x"):
        with pytest.raises(StorageUnavailable, match="KIOSK_SERVER_STORAGE_URL"):
            parse_storage_url(bad)


def test_a_missing_bucket_is_created(s3_env: SeaweedS3) -> None:
    url = s3_env.new_bucket_url()
    bucket, _ = parse_storage_url(url)
    client = s3_env.client()
    with pytest.raises(client.exceptions.ClientError, match="404"):
        client.head_bucket(Bucket=bucket)
    S3Storage.from_url(url)
    client.head_bucket(Bucket=bucket)


def test_a_missing_bucket_that_may_not_be_created_is_named(s3_env: SeaweedS3) -> None:
    url = s3_env.new_bucket_url()
    bucket, _ = parse_storage_url(url)
    with pytest.raises(StorageUnavailable) as raised:
        S3Storage.from_url(url, create_bucket=False)
    assert f"Bucket S3 '{bucket}' tidak ada" in raised.value.detail
    assert f"the S3 bucket '{bucket}' does not exist" in raised.value.detail


def test_a_key_without_the_right_to_create_gets_an_error_naming_the_bucket(
    monkeypatch: pytest.MonkeyPatch, expected_warnings: set[str]
) -> None:
    """A SeaweedFS whose only key may read and write but not administer (create buckets)."""
    config = {
        "identities": [
            {
                "name": "admin",
                "credentials": [{"accessKey": "kiosk-test", "secretKey": "kiosk-test-secret"}],
                "actions": ["Admin", "Read", "Write", "List", "Tagging"],
            },
            {
                "name": "loket",
                "credentials": [{"accessKey": "limited", "secretKey": "limited-secret"}],
                "actions": ["Read", "Write", "List", "Tagging"],
            },
        ]
    }
    server = start_seaweedfs(extra_args=["-s3.config={config}"], config=json.dumps(config))
    try:
        for name, value in server.env().items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "limited")
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "limited-secret")
        with pytest.raises(StorageUnavailable) as raised:
            S3Storage.from_url("s3://not-permitted/files")
        assert "'not-permitted'" in raised.value.detail
        assert "cannot be created" in raised.value.detail or "access is denied" in (
            raised.value.detail
        )
    finally:
        server.destroy()


def test_a_large_partial_is_promoted_by_multipart_and_only_when_whole(
    s3_env: SeaweedS3, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(object_storage, "PART_BYTES", 5 * 1024 * 1024)  # S3's minimum part
    storage = S3Storage.from_url(s3_env.new_bucket_url())
    data = os.urandom(11 * 1024 * 1024 + 17)
    sha = hashlib.sha256(data).hexdigest()
    key = partial_key(APP, 1, sha)
    step = 1024 * 1024
    for offset in range(0, len(data), step):
        storage.append_partial(key, offset, data[offset : offset + step])
    assert storage.partial_sha256(key) == sha
    assert not storage.has_blob(sha)
    storage.promote_partial(key, sha)
    assert storage.blob_size(sha) == len(data)
    with storage.open_blob(sha) as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == sha
    listed = s3_env.client().list_objects_v2(Bucket=storage.bucket)
    assert [item["Key"] for item in listed["Contents"]] == [f"attachments/blobs/{sha}"]


def test_a_partial_that_does_not_match_its_hash_never_becomes_a_blob(s3_env: SeaweedS3) -> None:
    storage = S3Storage.from_url(s3_env.new_bucket_url())
    sha = hashlib.sha256(b"the real bytes").hexdigest()
    key = partial_key(APP, 1, sha)
    storage.append_partial(key, 0, b"other bytes!!!")
    with pytest.raises(ValueError, match="changed"):
        storage.promote_partial(key, sha)
    assert not storage.has_blob(sha)


def test_a_stopped_s3_server_is_unavailable_not_a_crash(
    s3_env: SeaweedS3, expected_warnings: set[str]
) -> None:
    expected_warnings.add("kiosk.server.storage")
    server = start_seaweedfs()
    try:
        storage = S3Storage("kiosk", "", client=make_client(endpoint_url=server.endpoint))
        storage.ensure_bucket()
        server.stop()
        with pytest.raises(StorageUnavailable, match="cannot be reached"):
            storage.check_reachable()
        with pytest.raises(StorageUnavailable, match="tidak dapat dihubungi"):
            storage.append_partial(partial_key(APP, 1, "f" * 64), 0, b"x")
        server.start()
        storage.check_reachable()
    finally:
        server.destroy()


def test_the_cli_refuses_clearly_when_s3_cannot_be_reached(tmp_path: Path) -> None:
    """An S3 endpoint that is down at start-up: exit 1, the message names endpoint and bucket."""
    closed = free_port()
    env = {
        **os.environ,
        "KIOSK_SERVER_DATA_DIR": str(tmp_path / "server-data"),
        "KIOSK_SERVER_STORAGE_URL": "s3://kiosk-down/attachments",
        "AWS_ENDPOINT_URL": f"http://127.0.0.1:{closed}",
        "AWS_ACCESS_KEY_ID": "x",
        "AWS_SECRET_ACCESS_KEY": "y",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    kiosk_server = Path(sys.executable).parent / "kiosk-server"
    subprocess.run([str(kiosk_server), "migrate"], env=env, check=True, capture_output=True)
    done = subprocess.run(
        [str(kiosk_server), "serve", "--port", str(free_port())],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert "Penyimpanan lampiran S3" in done.stderr
    assert f"127.0.0.1:{closed}, bucket kiosk-down) cannot be reached" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_piece_overwritten_after_it_was_hashed_is_not_promoted(s3_env: SeaweedS3) -> None:
    storage = S3Storage.from_url(s3_env.new_bucket_url())
    data = b"akta kematian"
    sha = hashlib.sha256(data).hexdigest()
    key = partial_key(APP, 1, sha)
    storage.append_partial(key, 0, data)
    assert storage.partial_sha256(key) == sha
    piece = f"{storage.prefix}partial/{key}/{0:012d}"
    storage.client.put_object(Bucket=storage.bucket, Key=piece, Body=b"akta palsu!!!")
    with pytest.raises(ValueError, match="changed"):
        storage.promote_partial(key, sha)
    assert not storage.has_blob(sha)


def test_a_hashed_single_piece_is_copied_inside_s3(s3_env: SeaweedS3) -> None:
    storage = S3Storage.from_url(s3_env.new_bucket_url())
    data = os.urandom(300_000)
    sha = hashlib.sha256(data).hexdigest()
    key = partial_key(APP, 1, sha)
    calls: list[str] = []

    def record(model: Any, **_: Any) -> None:
        calls.append(model.name)

    storage.client.meta.events.register("before-call.s3", record)
    storage.append_partial(key, 0, data)
    assert storage.partial_sha256(key) == sha
    assert storage.partial_head(key, 14) == data[:14]
    storage.promote_partial(key, sha)
    with storage.open_blob(sha) as handle:
        assert handle.read() == data
    # The bytes went up once (the chunk) and down once (the hash); the blob is an S3 copy.
    assert calls.count("PutObject") == 1
    assert calls.count("CopyObject") == 1
    assert calls.count("GetObject") == 3  # hash, head (14 bytes), the final read
