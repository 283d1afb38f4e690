"""What request handlers depend on: the per-application context and the calling device.

The one place FastAPI dependencies live, so server.api.app (which builds the context) and the
routers (which use it) both import this module and never each other.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import HTTPBearer

from sync.protocol import HEADER_OPERATOR, HEADER_RETRY_AFTER, OPERATOR_PATTERN

from .. import enrollment
from ..config import ServerSettings
from ..db import Database
from ..enrollment import DeviceContext, load_enrollment_key
from ..errors import DeviceRevoked, DeviceSuspended, InvalidRequest, RateLimited, Unauthenticated
from ..intake import Intake
from ..intake.rules import CATALOG_OVERRIDE_NAME, service_codes
from ..seal_keys import KeyRing
from ..storage import AttachmentStorage
from ..storage_choice import open_storage
from .backpressure import ComeBackClock, UploadGate
from .observability import ServerMetrics
from .ratelimit import TokenBuckets
from .slow_clients import mark_authenticated

_OPERATOR_RE = re.compile(OPERATOR_PATTERN)


@dataclass
class ServerContext:
    """What request handlers need; one per application instance, no globals."""

    settings: ServerSettings
    database: Database
    storage: AttachmentStorage
    enrollment_key: bytes
    gate: UploadGate
    device_limiter: TokenBuckets
    enroll_limiter: TokenBuckets
    auth_failure_limiter: TokenBuckets
    keyring: KeyRing
    metrics: ServerMetrics

    def intake(self, device: DeviceContext, *, sealed: bool = True) -> Intake:
        """Where `device`'s upload goes; the key ring is only read when sealing matters."""
        seal_key_ids = self.keyring.key_ids() if sealed else frozenset[str]()
        override = self.settings.data_dir / CATALOG_OVERRIDE_NAME
        return Intake(
            self.database,
            self.storage,
            device,
            seal_key_ids,
            service_codes(override),
            seal_key=self.keyring.current() if sealed else None,
        )


def build_context(settings: ServerSettings, database: Database | None = None) -> ServerContext:
    database = database or Database(settings.database_url)
    metrics = ServerMetrics(database)
    return ServerContext(
        settings=settings,
        database=database,
        storage=open_storage(settings),
        enrollment_key=load_enrollment_key(settings.keys_dir),
        gate=UploadGate(
            settings.max_concurrent_uploads,
            settings.max_uploads_per_device,
            metrics=metrics,
            come_back=come_back_clock(settings, settings.max_concurrent_uploads),
            max_wait=settings.upload_wait_seconds,
            wait_target=settings.upload_wait_target_seconds,
        ),
        device_limiter=TokenBuckets(settings.device_rate, settings.device_burst),
        enroll_limiter=TokenBuckets(settings.enroll_rate, settings.enroll_burst),
        auth_failure_limiter=TokenBuckets(settings.auth_failure_rate, settings.auth_failure_burst),
        keyring=KeyRing(settings.seal_keys_dir),
        metrics=metrics,
    )


def come_back_clock(settings: ServerSettings, capacity: int) -> ComeBackClock:
    """The Retry-After of one admission limit, within the settings' bounds."""
    return ComeBackClock(
        capacity, settings.retry_after_min_seconds, settings.retry_after_max_seconds
    )


async def server_context(request: Request) -> ServerContext:
    """Async, though it awaits nothing: FastAPI runs a plain `def` dependency in the thread
    pool, one more hop (a thread wake-up and switch) per request for an attribute read."""
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
    address = request.client.host if request.client else "unknown"
    wait = context.auth_failure_limiter.wait_for(address)
    if wait > 0:
        raise RateLimited(
            "Terlalu banyak kredensial salah dari alamat ini; coba lagi sebentar / too many "
            "failed credentials from this address; retry shortly",
            headers={HEADER_RETRY_AFTER: str(max(1, math.ceil(wait)))},
        )
    try:
        device = enrollment.authenticate(context.database, authorization, operator or "")
    except (Unauthenticated, DeviceRevoked, DeviceSuspended):
        context.auth_failure_limiter.take(address)
        raise
    mark_authenticated(request.scope)  # no longer counts against the anonymous cap
    context.device_limiter.check(str(device.device_id))
    if operator is None or not _OPERATOR_RE.match(operator):
        raise InvalidRequest(
            f"Header {HEADER_OPERATOR} wajib diisi ID petugas / "
            f"the {HEADER_OPERATOR} header must carry the operator id"
        )
    return device


Device = Annotated[DeviceContext, Depends(device_context)]
