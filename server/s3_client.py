"""The S3 client and the small parsing helpers the object storage is built on."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .errors import StorageUnavailable


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
