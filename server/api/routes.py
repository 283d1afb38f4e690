"""HTTP routes of protocol version 1 (see the module docstring of sync.protocol).

Handlers stay thin: parse and authenticate here, decide in server.enrollment/intake/feed.
Blocking work (database, fsync) runs in the thread pool; only the chunk upload is async,
because it must read its raw body and hold an upload slot while doing so.
"""

from __future__ import annotations

import re
import uuid
from typing import Annotated

import anyio
from fastapi import APIRouter, Depends, Header, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from fastapi.security import HTTPBearer
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from sync.protocol import (
    API_PREFIX,
    CHUNK_CONTENT_TYPE,
    CURSOR_PATTERN,
    FEED_PAGE_DEFAULT,
    FEED_PAGE_MAX,
    HEADER_CONTENT_RANGE,
    HEADER_OPERATOR,
    HEADER_UPLOAD_LENGTH,
    HEADER_UPLOAD_OFFSET,
    MAX_CHUNK_BYTES,
    OPERATOR_PATTERN,
    SHA256_PATTERN,
    ApplicationManifest,
    AttachmentProgress,
    ChangesPage,
    EnrollRequest,
    EnrollResponse,
    ErrorBody,
    ServerInfo,
    UploadStatus,
    parse_content_range,
)

from .. import enrollment, feed, intake
from ..enrollment import DeviceContext
from ..errors import InvalidRequest, RequestStalled
from .app import ServerContext

router = APIRouter(prefix=API_PREFIX)
_OPERATOR_RE = re.compile(OPERATOR_PATTERN)
_ERRORS: dict[int | str, dict[str, object]] = {
    status: {"model": ErrorBody}
    for status in (400, 401, 403, 404, 408, 409, 413, 416, 422, 429, 503)
}

ApplicationId = Annotated[uuid.UUID, Path()]
Version = Annotated[int, Path(ge=1, le=1000)]
Sha256 = Annotated[str, Path(pattern=SHA256_PATTERN, min_length=64, max_length=64)]


def server_context(request: Request) -> ServerContext:
    context: ServerContext = request.app.state.context
    return context


Context = Annotated[ServerContext, Depends(server_context)]


_BEARER = HTTPBearer(
    auto_error=False,
    scheme_name="DeviceCredential",
    description="'<device_id>.<secret>' from POST /enroll (or /credential/rotate)",
)


def device_context(
    request: Request,
    context: Context,
    _scheme: Annotated[object, Depends(_BEARER)],
    operator: Annotated[
        str | None,
        Header(
            alias=HEADER_OPERATOR,
            description="who acts, for the audit log (400 when missing or malformed)",
            # Documented, but checked after authentication (401 before 400), hence not
            # `pattern=`, which FastAPI would enforce first.
            json_schema_extra={"pattern": OPERATOR_PATTERN, "maxLength": 64},
        ),
    ] = None,
) -> DeviceContext:
    """Authenticates the device, applies its rate limit, then insists on an operator id.

    The raw header is parsed by server.enrollment (HTTPBearer is only declared, so the
    OpenAPI document says how to authenticate and our 401 body stays the ErrorBody).
    """
    authorization = request.headers.get("authorization")
    device = enrollment.authenticate(context.database, authorization, operator or "")
    context.device_limiter.check(str(device.device_id))
    if operator is None or not _OPERATOR_RE.match(operator):
        raise InvalidRequest(
            f"Header {HEADER_OPERATOR} wajib diisi ID petugas / "
            f"the {HEADER_OPERATOR} header must carry the operator id"
        )
    return device


Device = Annotated[DeviceContext, Depends(device_context)]


@router.get("/health")
def health() -> ServerInfo:
    """Reachability probe; no authentication, no database."""
    return ServerInfo()


@router.post(
    "/enroll",
    status_code=201,
    responses={**_ERRORS, 200: {"model": EnrollResponse, "description": "replay: same answer"}},
)
def enroll(
    body: EnrollRequest, request: Request, response: Response, context: Context
) -> EnrollResponse:
    """201 for a new enrollment, 200 for a replay by the same device with the same code."""
    context.enroll_limiter.check(request.client.host if request.client else "unknown")
    result, created = enrollment.enroll(context.database, context.server_key, body)
    if not created:
        response.status_code = 200
    return result


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
    status, created = intake.put_manifest(
        context.database,
        context.storage,
        device,
        application_id,
        version,
        manifest,
        seal_key_ids=context.keyring.key_ids() if manifest.sealed else frozenset(),
    )
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
    with context.gate.admit(device.device_id):
        body = await read_body(request, context.settings.stall_timeout_seconds)
        progress = await run_in_threadpool(
            intake.append_chunk,
            context.database,
            context.storage,
            device,
            application_id,
            version,
            sha256,
            parsed,
            body,
            seal_key_ids=context.keyring.key_ids(),
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


@router.get("/changes", responses=_ERRORS)
def changes(
    context: Context,
    device: Device,
    since: Annotated[str, Query(pattern=CURSOR_PATTERN, max_length=18)] = "",
    limit: Annotated[int, Query(ge=1, le=FEED_PAGE_MAX)] = FEED_PAGE_DEFAULT,
) -> ChangesPage:
    """Status changes of the device's office after `since`, oldest first."""
    return feed.list_changes(context.database, device.office_code, since, limit)
