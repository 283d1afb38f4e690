"""Typed errors of the server's service layer: one error path for the API and the CLI.

Service code raises these; the API turns them into JSON with the HTTP status and the CLI
prints `detail` and exits non-zero. Messages are Bahasa Indonesia first, English second,
and never contain citizen data (they end up in kiosk screens and server logs).
"""

from __future__ import annotations

from sync.protocol import ErrorCode


class ServerError(Exception):
    """A refusal the caller can act on; `status` is the HTTP status the API answers."""

    status = 400
    code: ErrorCode = ErrorCode.INVALID_REQUEST

    def __init__(self, detail: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = headers or {}


class InvalidRequest(ServerError):
    status = 400
    code = ErrorCode.INVALID_REQUEST


class Unauthenticated(ServerError):
    status = 401
    code = ErrorCode.UNAUTHENTICATED


class DeviceRevoked(ServerError):
    status = 403
    code = ErrorCode.DEVICE_REVOKED


class DeviceSuspended(ServerError):
    """Two parties used this device's credential (a copy was taken): a supervisor must act."""

    status = 403
    code = ErrorCode.DEVICE_SUSPENDED


class EnrollmentRefused(ServerError):
    status = 403
    code = ErrorCode.ENROLLMENT_REFUSED


class DeviceExists(ServerError):
    status = 409
    code = ErrorCode.DEVICE_EXISTS


class NotFound(ServerError):
    status = 404
    code = ErrorCode.NOT_FOUND


class ManifestConflict(ServerError):
    status = 409
    code = ErrorCode.MANIFEST_CONFLICT


class ManifestRefused(ServerError):
    """A schema-valid manifest no kiosk would send (server.intake.rules)."""

    status = 409
    code = ErrorCode.MANIFEST_REFUSED


class ParentInvalid(ServerError):
    status = 409
    code = ErrorCode.PARENT_INVALID


class OffsetMismatch(ServerError):
    """416: the chunk starts beyond what the server holds; Upload-Offset says where to go."""

    status = 416
    code = ErrorCode.OFFSET_MISMATCH


class HashMismatch(ServerError):
    status = 422
    code = ErrorCode.HASH_MISMATCH


class SealInvalid(ServerError):
    """422: a sealed application that breaks the sealing rules (sync.protocol, step 3e)."""

    status = 422
    code = ErrorCode.SEAL_INVALID


class IllegalTransition(ServerError):
    status = 409
    code = ErrorCode.ILLEGAL_TRANSITION


class RequestStalled(ServerError):
    """408: the chunk's bytes stopped arriving; nothing of it was kept. Retryable."""

    status = 408
    code = ErrorCode.STALLED


class RateLimited(ServerError):
    status = 429
    code = ErrorCode.RATE_LIMITED


class Overloaded(ServerError):
    status = 503
    code = ErrorCode.OVERLOADED


class StorageUnavailable(Overloaded):
    """The attachment storage (an S3 server, a disk) cannot be reached: 503, retry later.

    Nothing is recorded when it is raised: the chunk's transaction rolls back, so the
    database offset stays where the stored bytes are.
    """


class Conflict(ServerError):
    """409 for a CLI or API request that clashes with what exists (e.g. a taken username)."""

    status = 409
    code = ErrorCode.INVALID_REQUEST


class AuditGap(ServerError):
    status = 409
    code = ErrorCode.AUDIT_GAP


class AuditChainBroken(ServerError):
    status = 409
    code = ErrorCode.AUDIT_CHAIN_BROKEN


class AuditHashMismatch(ServerError):
    status = 409
    code = ErrorCode.AUDIT_HASH_MISMATCH


class AuditConflict(ServerError):
    status = 409
    code = ErrorCode.AUDIT_CONFLICT


class SurveyConflict(ServerError):
    status = 409
    code = ErrorCode.SURVEY_CONFLICT
