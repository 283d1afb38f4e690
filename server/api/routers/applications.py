"""Application versions and their attachments: the two-phase upload (request 3).

``PUT|GET /applications/{id}/versions/{version}`` (the manifest),
``PUT|GET|HEAD .../attachments/{sha256}`` (resumable chunks, where to resume) and
``PUT .../whole`` (a small application, manifest and attachments, in one request).
"""

from __future__ import annotations

import uuid
from typing import Annotated

import anyio
from fastapi import APIRouter, Header, Path, Request, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from sync.protocol import (
    API_PREFIX,
    CHUNK_CONTENT_TYPE,
    HEADER_CONTENT_RANGE,
    HEADER_UPLOAD_LENGTH,
    HEADER_UPLOAD_OFFSET,
    MAX_CHUNK_BYTES,
    MAX_WHOLE_BODY_BYTES,
    SHA256_PATTERN,
    WHOLE_CONTENT_TYPE,
    ApplicationManifest,
    AttachmentProgress,
    FrameError,
    UploadStatus,
    decode_whole,
    parse_content_range,
)

from ... import intake
from ...errors import InvalidRequest, RequestStalled
from ..deps import Context, Device
from ..error_bodies import error_responses

router = APIRouter(prefix=API_PREFIX)
_ERRORS = error_responses(400, 401, 403, 404, 408, 409, 413, 416, 422, 429, 503)

ApplicationId = Annotated[uuid.UUID, Path()]
Version = Annotated[int, Path(ge=1, le=1000)]
Sha256 = Annotated[str, Path(pattern=SHA256_PATTERN, min_length=64, max_length=64)]


@router.put(
    "/applications/{application_id}/versions/{version}",
    status_code=201,
    responses={**_ERRORS, 200: {"model": UploadStatus, "description": "identical replay"}},
)
def put_manifest(
    application_id: ApplicationId,
    version: Version,
    manifest: ApplicationManifest,
    response: Response,
    context: Context,
    device: Device,
) -> UploadStatus:
    """Phase one; 201 created, 200 identical replay, 409 different content, 422 bad seal."""
    # The key ring is read for clear manifests too: their fields are sealed on arrival
    # when the server has a key (server.clear_sealing).
    upload = context.intake(device)
    status, created = intake.put_manifest(upload, application_id, version, manifest)
    if not created:
        response.status_code = 200
    return status


@router.get("/applications/{application_id}/versions/{version}", responses=_ERRORS)
def get_manifest_status(
    application_id: ApplicationId, version: Version, context: Context, device: Device
) -> UploadStatus:
    return intake.get_upload_status(context.database, device, application_id, version)


_ATTACHMENT = "/applications/{application_id}/versions/{version}/attachments/{sha256}"


def _offset_headers(progress: AttachmentProgress) -> dict[str, str]:
    return {HEADER_UPLOAD_OFFSET: str(progress.offset), HEADER_UPLOAD_LENGTH: str(progress.size)}


async def read_body(request: Request, stall_seconds: float) -> bytes:
    """The whole body, or RequestStalled when no bytes arrive for `stall_seconds`.

    A total timeout would punish slow but healthy links (1 MiB at 1 Mbit/s takes 8 s);
    a stall timeout only drops links that stopped moving.
    """
    parts: list[bytes] = []
    stream = request.stream().__aiter__()
    while True:
        try:
            with anyio.fail_after(stall_seconds):
                part = await stream.__anext__()
        except StopAsyncIteration:
            return b"".join(parts)
        except ClientDisconnect:
            # The kiosk hung up mid-chunk (a cut link): nothing was kept; it will resume.
            raise RequestStalled(
                "Koneksi terputus di tengah pengiriman / connection dropped mid-chunk"
            ) from None
        except TimeoutError:
            raise RequestStalled(
                f"Pengiriman data terhenti lebih dari {stall_seconds:g} detik; kirim ulang / "
                f"no data for {stall_seconds:g} s; send the chunk again"
            ) from None
        parts.append(part)


CONTENT_RANGE_PATTERN = r"^bytes [0-9]{1,12}-[0-9]{1,12}/[0-9]{1,12}$"
_CHUNK_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            CHUNK_CONTENT_TYPE: {
                "schema": {
                    "type": "string",
                    "format": "binary",
                    "minLength": 1,
                    "maxLength": MAX_CHUNK_BYTES,
                }
            }
        },
    }
}
"""The raw chunk, read by `read_body` rather than a parameter, declared for the OpenAPI."""


@router.put(
    _ATTACHMENT, responses=_ERRORS, response_model=AttachmentProgress, openapi_extra=_CHUNK_BODY
)
async def put_chunk(
    request: Request,
    application_id: ApplicationId,
    version: Version,
    sha256: Sha256,
    context: Context,
    device: Device,
    content_range: Annotated[
        str | None,
        Header(
            alias=HEADER_CONTENT_RANGE,
            description="bytes START-END/SIZE, END inclusive (400 when missing or malformed)",
            json_schema_extra={"pattern": CONTENT_RANGE_PATTERN},
        ),
    ] = None,
) -> JSONResponse:
    """Phase two: one chunk of at most MAX_CHUNK_BYTES at the server's offset."""
    parsed = parse_content_range(content_range or "")
    if parsed is None:
        raise InvalidRequest(
            "Header Content-Range wajib berbentuk 'bytes AWAL-AKHIR/UKURAN' / "
            "Content-Range must read 'bytes START-END/SIZE'"
        )
    async with context.gate.admit_waiting(device.device_id):
        body = await read_body(request, context.settings.stall_timeout_seconds)
        context.metrics.upload_bytes.inc(len(body))
        progress = await run_in_threadpool(
            intake.append_chunk,
            context.intake(device),
            application_id,
            version,
            sha256,
            parsed,
            body,
        )
    return JSONResponse(progress.model_dump(mode="json"), headers=_offset_headers(progress))


@router.get(_ATTACHMENT, responses=_ERRORS, response_model=AttachmentProgress)
def attachment_progress(
    application_id: ApplicationId,
    version: Version,
    sha256: Sha256,
    context: Context,
    device: Device,
) -> JSONResponse:
    """Where to resume: the JSON body, and the Upload-Offset header as with HEAD."""
    progress = intake.get_progress(context.database, device, application_id, version, sha256)
    return JSONResponse(progress.model_dump(mode="json"), headers=_offset_headers(progress))


_OFFSET_HEADERS = {
    HEADER_UPLOAD_OFFSET: {"description": "bytes held", "schema": {"type": "integer"}},
    HEADER_UPLOAD_LENGTH: {"description": "declared size", "schema": {"type": "integer"}},
}


@router.head(
    _ATTACHMENT,
    response_class=Response,
    responses={
        **_ERRORS,
        200: {"description": "Where to resume; no body", "headers": _OFFSET_HEADERS},
    },
)
def attachment_offset(
    application_id: ApplicationId,
    version: Version,
    sha256: Sha256,
    context: Context,
    device: Device,
) -> Response:
    """Where to resume, headers only (Upload-Offset, Upload-Length): the cheapest probe."""
    progress = intake.get_progress(context.database, device, application_id, version, sha256)
    return Response(headers=_offset_headers(progress))


_WHOLE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            WHOLE_CONTENT_TYPE: {
                "schema": {
                    "type": "string",
                    "format": "binary",
                    "minLength": 5,
                    "maxLength": MAX_WHOLE_BODY_BYTES,
                }
            }
        },
    }
}
"""The frame of sync.protocol.whole, read by `read_body`, declared for the OpenAPI."""


@router.put(
    "/applications/{application_id}/versions/{version}/whole",
    status_code=201,
    response_model=UploadStatus,
    responses={**_ERRORS, 200: {"model": UploadStatus, "description": "identical replay"}},
    openapi_extra=_WHOLE_BODY,
)
async def put_whole(
    request: Request,
    application_id: ApplicationId,
    version: Version,
    context: Context,
    device: Device,
) -> JSONResponse:
    """Manifest and attachments in one request; 201 created, 200 identical replay."""
    if request.headers.get("content-type", "").split(";")[0].strip() != WHOLE_CONTENT_TYPE:
        raise InvalidRequest(
            f"Content-Type harus {WHOLE_CONTENT_TYPE} / Content-Type must be {WHOLE_CONTENT_TYPE}"
        )
    async with context.gate.admit_waiting(device.device_id):
        body = await read_body(request, context.settings.stall_timeout_seconds)
        context.metrics.upload_bytes.inc(len(body))
        try:
            frame = decode_whole(body)
        except FrameError as exc:
            raise InvalidRequest(
                f"Bingkai kiriman tidak sah ({exc}) / malformed body frame ({exc})"
            ) from None
        status, created = await run_in_threadpool(
            intake.put_whole, context.intake(device), application_id, version, frame
        )
    return JSONResponse(status.model_dump(mode="json"), status_code=201 if created else 200)
