"""Releases and the district configuration for kiosks: requests 9 and 10 of sync.protocol.

The server hands out the signed envelopes exactly as they were published; it holds no
signing key, so a compromised intake host cannot sign an update (ADR 0006).
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query
from fastapi.responses import Response

from sync.protocol import (
    API_PREFIX,
    DISTRICT_CONFIG_PATH,
    MAX_DOWNLOAD_CHUNK_BYTES,
    RELEASE_OFFER_PATH,
    SHA256_PATTERN,
    SignedEnvelope,
)
from sync.protocol.distribution import RELEASE_CHANNEL_PATTERN, RELEASE_PLATFORM_PATTERN

from ...distribution import district_config, releases
from ...errors import InvalidRequest, NotFound
from ..deps import Context, Device
from ..error_bodies import error_responses

router = APIRouter()
_RANGE = re.compile(r"^bytes=([0-9]{1,12})-([0-9]{0,12})$")
ERRORS = error_responses(400, 401, 403, 404, 409, 413, 416, 422, 429, 503)


def _envelope(text: str | None, missing: str) -> SignedEnvelope:
    if text is None:
        raise NotFound(missing)
    data: dict[str, Any] = json.loads(text)
    return SignedEnvelope.model_validate(data)


@router.get(RELEASE_OFFER_PATH, responses=ERRORS)
def release_offer(
    context: Context,
    device: Device,
    channel: Annotated[str, Query(pattern=RELEASE_CHANNEL_PATTERN, max_length=32)] = "stable",
    platform: Annotated[str, Query(pattern=RELEASE_PLATFORM_PATTERN, max_length=32)] = (
        "linux-x86_64"
    ),
) -> SignedEnvelope:
    """The signed manifest of the channel's pinned version, or its newest."""
    return _envelope(
        releases.offer(context.database, channel, platform),
        "Belum ada rilis di kanal ini / no release on this channel yet",
    )


@router.get(
    f"{API_PREFIX}/releases/packages/{{sha256}}",
    responses={206: {"content": {"application/octet-stream": {}}}, **ERRORS},
)
def release_package(
    context: Context,
    device: Device,
    sha256: Annotated[str, Path(pattern=SHA256_PATTERN)],
    range_header: Annotated[str | None, Header(alias="Range", max_length=40)] = None,
) -> Response:
    """A byte range of a published package (206); resumable by asking from any offset."""
    size = releases.known_package(context.database, sha256)
    if size is None:
        raise NotFound("Paket tidak ada / no such package")
    start, end = 0, min(size, MAX_DOWNLOAD_CHUNK_BYTES) - 1
    if range_header is not None:
        match = _RANGE.match(range_header)
        if match is None:
            raise InvalidRequest("Header Range salah / malformed Range header")
        start = int(match.group(1))
        wanted_end = int(match.group(2)) if match.group(2) else size - 1
        if start >= size or wanted_end < start:
            return Response(
                status_code=416,
                headers={"Content-Range": f"bytes */{size}"},
                content=json.dumps(
                    {
                        "detail": "Rentang di luar paket / range beyond the package",
                        "code": "offset_mismatch",
                    }
                ),
                media_type="application/json",
            )
        end = min(wanted_end, size - 1, start + MAX_DOWNLOAD_CHUNK_BYTES - 1)
    with releases.package_path(context.settings.data_dir, sha256).open("rb") as handle:
        handle.seek(start)
        data = handle.read(end - start + 1)
    return Response(
        content=data,
        status_code=206,
        media_type="application/octet-stream",
        headers={"Content-Range": f"bytes {start}-{start + len(data) - 1}/{size}"},
    )


@router.get(DISTRICT_CONFIG_PATH, responses=ERRORS)
def current_district_config(context: Context, device: Device) -> SignedEnvelope:
    """The newest signed district configuration."""
    return _envelope(
        district_config.current_config(context.database),
        "Belum ada konfigurasi kabupaten / no district configuration yet",
    )
