"""The S3 client, the bucket inventory and the small parsing helpers the object storage is
built on.

`ObjectInventory` is what every S3 caller shares: listing a bucket's objects under a prefix
(name, size, modification time), deleting them in bulk, and telling S3's failures apart: a
connection failure, a 5xx or a throttling answer becomes StorageUnavailable (a 503 with
Retry-After: the caller retries later), anything else (a 404, a 412) stays a ClientError for
the caller to judge. `server.object_storage.S3Storage` builds on it; its `stored_blobs()`
and `stored_partials()`, which the orphan sweep (server.orphan_sweep) reads, are listings.
It also checks the bucket (HEAD, for readiness) and creates it when missing and permitted.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from .errors import StorageUnavailable

log = logging.getLogger("kiosk.server.storage")

DELETE_BATCH = 1000
"""Objects per DeleteObjects request (S3's limit)."""


@dataclass(frozen=True)
class Piece:
    """One stored chunk object of a partial upload."""

    start: int
    size: int
    name: str
    etag: str

    @property
    def end(self) -> int:
        return self.start + self.size


def http_status(exc: Exception) -> int:
    """The HTTP status of a botocore error (0 when it has none)."""
    response = getattr(exc, "response", None) or {}
    try:
        return int(response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0))
    except (TypeError, ValueError):
        return 0


def error_code(exc: Exception) -> str:
    """The S3 error code of a botocore error (empty when it has none)."""
    response = getattr(exc, "response", None) or {}
    return str(response.get("Error", {}).get("Code", ""))


def parse_storage_url(url: str) -> tuple[str, str]:
    """`s3://bucket/some/prefix` -> ("bucket", "some/prefix/"); raises StorageUnavailable."""
    parts = urlsplit(url)
    bucket = parts.netloc
    if parts.scheme != "s3" or not re.fullmatch(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]", bucket):
        raise StorageUnavailable(
            f"KIOSK_SERVER_STORAGE_URL tidak sah ({url!r}); contoh: s3://nama-bucket/awalan / "
            f"KIOSK_SERVER_STORAGE_URL is not valid ({url!r}); e.g. s3://bucket-name/prefix"
        )
    prefix = parts.path.strip("/")
    return bucket, f"{prefix}/" if prefix else ""


def make_client(endpoint_url: str | None = None) -> Any:
    """A boto3 S3 client configured from boto3's own environment and files.

    Path-style addressing when an endpoint is given (SeaweedFS, MinIO and Ceph expect it);
    short connect timeouts so a readiness probe answers while the S3 server is down.
    """
    import boto3
    from botocore.config import Config

    config = Config(
        connect_timeout=3,
        read_timeout=30,
        retries={"mode": "standard", "total_max_attempts": 3},
        s3={
            "addressing_style": "path"
            if endpoint_url or os.environ.get("AWS_ENDPOINT_URL")
            else "auto"
        },
    )
    return boto3.session.Session().client("s3", endpoint_url=endpoint_url, config=config)


@dataclass(frozen=True)
class ListedObject:
    """One object as a bucket listing shows it."""

    name: str
    size: int
    modified: datetime
    etag: str


class ObjectInventory:
    """The objects of one bucket under one prefix: listed, deleted, failures classified."""

    def __init__(self, bucket: str, prefix: str = "", client: Any | None = None) -> None:
        self.bucket = bucket
        self.prefix = prefix
        self.client = client if client is not None else make_client()

    def ensure_bucket(self, *, create: bool = True) -> None:
        """Checks the bucket; creates it when missing and `create` (and the keys may).

        Raises:
            StorageUnavailable: unreachable, access denied, or missing and not creatable;
                the message names the bucket.
        """
        from botocore.exceptions import ClientError

        with self.calls():
            try:
                self.client.head_bucket(Bucket=self.bucket)
                return
            except ClientError as exc:
                status = http_status(exc)
                if status in (401, 403):
                    raise self._bucket_refused("tidak boleh diakses", "access is denied") from exc
                if status != 404:
                    raise
            if not create:
                raise self._bucket_refused("tidak ada", "does not exist")
            try:
                region = self.client.meta.region_name
                if region and region != "us-east-1":
                    self.client.create_bucket(
                        Bucket=self.bucket,
                        CreateBucketConfiguration={"LocationConstraint": region},
                    )
                else:
                    self.client.create_bucket(Bucket=self.bucket)
            except ClientError as exc:
                if error_code(exc) in ("BucketAlreadyOwnedByYou",):
                    return
                raise self._bucket_refused(
                    "tidak ada dan tidak dapat dibuat", "does not exist and cannot be created"
                ) from exc
            log.info("created S3 bucket %s", self.bucket)

    def _bucket_refused(self, why_id: str, why_en: str) -> StorageUnavailable:
        return StorageUnavailable(
            f"Bucket S3 {self.bucket!r} {why_id}; buat bucket itu atau beri kunci akses hak "
            f"padanya / the S3 bucket {self.bucket!r} {why_en}; create it or grant the access "
            "key rights on it"
        )

    def check_reachable(self) -> None:
        """One cheap request (HEAD bucket); raises StorageUnavailable when it fails."""
        from botocore.exceptions import ClientError

        try:
            with self.calls():
                self.client.head_bucket(Bucket=self.bucket)
        except ClientError as exc:
            raise self.unreachable(exc) from exc

    def unreachable(self, exc: Exception) -> StorageUnavailable:
        where = self.client.meta.endpoint_url
        log.warning("S3 storage %s (bucket %s) failed: %s", where, self.bucket, exc)
        return StorageUnavailable(
            f"Penyimpanan lampiran S3 ({where}, bucket {self.bucket}) tidak dapat dihubungi; "
            f"coba lagi nanti / the S3 attachment storage ({where}, bucket {self.bucket}) "
            "cannot be reached; retry later",
            headers={"Retry-After": "5"},
        )

    @contextmanager
    def calls(self) -> Iterator[None]:
        """Turns connection failures and 5xx answers into StorageUnavailable (a 503)."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            yield
        except ClientError as exc:
            if http_status(exc) >= 500 or error_code(exc) in ("SlowDown", "ServiceUnavailable"):
                raise self.unreachable(exc) from exc
            raise
        except BotoCoreError as exc:
            raise self.unreachable(exc) from exc

    def listing(self, starting_with: str) -> Iterator[ListedObject]:
        """Every object whose full name starts with `starting_with`, in name order.

        One LIST request per 1,000 objects, made as the iteration reaches them; deleting
        objects already yielded does not disturb it (S3 continues after the last name).
        """
        with self.calls():
            pages = self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=starting_with
            )
            for page in pages:
                for item in page.get("Contents", []):
                    yield ListedObject(
                        str(item["Key"]),
                        int(item["Size"]),
                        item["LastModified"],
                        str(item.get("ETag", "")),
                    )

    def delete(self, names: Sequence[str]) -> list[str]:
        """Deletes `names` (a missing one counts as deleted); returns those S3 refused.

        One DeleteObjects request per DELETE_BATCH names; a refusal of one name (access
        denied, an internal error for that key) is logged and returned, not raised.
        """
        refused: list[str] = []
        with self.calls():
            for first in range(0, len(names), DELETE_BATCH):
                batch = [{"Key": name} for name in names[first : first + DELETE_BATCH]]
                answer = self.client.delete_objects(
                    Bucket=self.bucket, Delete={"Objects": batch, "Quiet": True}
                )
                for error in answer.get("Errors", []):
                    log.warning(
                        "S3 bucket %s did not delete %s: %s",
                        self.bucket,
                        error.get("Key"),
                        error.get("Code"),
                    )
                    refused.append(str(error.get("Key")))
        return refused
