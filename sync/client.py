"""HTTP transport to the district server (requests), with the protocol's safety checks.

Timeouts are stall-based: requests applies the read timeout to each socket operation, not to
the whole transfer, so a slow but moving link never times out while a dead one does within
STALL_SECONDS. Every 2xx must carry the server's API header and JSON; anything else (a hotel
hotspot's login page answering 200 with HTML) is a captive portal, never a success.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

import requests
from pydantic import BaseModel, ValidationError

from sync import protocol as p
from sync.errors import ErrorClass, SyncError, captive_portal, offline
from sync.protocol.enrollment import DEVICE_SIGNING_KEY_PATH, DeviceSigningKey

log = logging.getLogger("kiosk.sync")
M = TypeVar("M", bound=BaseModel)
CONNECT_SECONDS = 10.0
STALL_SECONDS = float(os.environ.get("KIOSK_SYNC_STALL_SECONDS", "30"))
NEEDS_PERSON_STATUSES = {400, 404, 405, 409, 410, 411, 413, 415, 416, 422}


def _parse(model: type[M], response: requests.Response) -> M:
    """A 2xx whose body is not what the protocol promises is not a success (proxy, portal)."""
    try:
        return model.model_validate(response.json())
    except (ValueError, ValidationError) as exc:
        raise SyncError(
            ErrorClass.RETRYABLE,
            "bad_response",
            "Jawaban server tidak dikenali; akan dicoba lagi",
            "The server's answer was not understood; will try again",
        ) from exc


class SyncClient:
    def __init__(
        self,
        base_url: str,
        *,
        credential: str | None = None,
        operator: str = "kiosk",
        session: requests.Session | None = None,
        stall_seconds: float = STALL_SECONDS,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.credential = credential
        self.operator = operator
        self.session = session or requests.Session()
        self.timeout = (CONNECT_SECONDS, stall_seconds)

    def close(self) -> None:
        self.session.close()

    def _headers(self, operator: str | None) -> dict[str, str]:
        headers = {p.HEADER_OPERATOR: operator or self.operator}
        if self.credential:
            headers["Authorization"] = f"Bearer {self.credential}"
        return headers

    def _call(
        self,
        method: str,
        path: str,
        *,
        operator: str | None = None,
        json_body: Any = None,
        data: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, str] | None = None,
        expect_json: bool = True,
    ) -> requests.Response:
        all_headers = self._headers(operator)
        all_headers.update(headers or {})
        try:
            response = self.session.request(
                method,
                self.base_url + path,
                json=json_body,
                data=data,
                headers=all_headers,
                params=params,
                timeout=self.timeout,
                allow_redirects=False,
            )
        except requests.Timeout as exc:
            raise offline("timeout") from exc
        except requests.RequestException as exc:
            raise offline(type(exc).__name__) from exc
        if response.headers.get(p.HEADER_API) != str(p.API_VERSION):
            raise captive_portal()
        if 200 <= response.status_code < 300:
            if expect_json and "json" not in response.headers.get("Content-Type", ""):
                raise captive_portal()
            return response
        raise self._classify(response)

    @staticmethod
    def _classify(response: requests.Response) -> SyncError:
        status = response.status_code
        try:
            body = response.json()
            code, detail = str(body.get("code", "")), str(body.get("detail", ""))
        except ValueError:
            code, detail = "", response.text[:200]
        code = code or f"http_{status}"
        message_id, _, message_en = detail.partition(" / ")
        message_id = message_id or f"Server menjawab {status}"
        message_en = message_en or detail or f"The server answered {status}"
        retry_after = None
        if response.headers.get(p.HEADER_RETRY_AFTER, "").isdigit():
            retry_after = float(response.headers[p.HEADER_RETRY_AFTER])
        if status in (401, 403):
            kind = ErrorClass.DEVICE
        elif status in NEEDS_PERSON_STATUSES:
            kind = ErrorClass.NEEDS_PERSON
        else:  # 429, 5xx and anything unexpected: try again later
            kind = ErrorClass.RETRYABLE
        return SyncError(kind, code, message_id, message_en, retry_after=retry_after, status=status)

    # --- endpoints ----------------------------------------------------------------------
    def health(self) -> p.ServerInfo:
        response = self._call("GET", p.HEALTH_PATH)
        return _parse(p.ServerInfo, response)

    def enroll(self, request: p.EnrollRequest) -> p.EnrollResponse:
        response = self._call("POST", p.ENROLL_PATH, json_body=request.model_dump(mode="json"))
        return _parse(p.EnrollResponse, response)

    def put_manifest(self, manifest: p.ApplicationManifest, operator: str) -> p.UploadStatus:
        path = p.manifest_path(manifest.application_id, manifest.version)
        response = self._call(
            "PUT", path, operator=operator, json_body=manifest.model_dump(mode="json")
        )
        status = _parse(p.UploadStatus, response)
        if status.application_id != manifest.application_id:
            raise captive_portal()
        return status

    def put_whole(
        self, manifest: p.ApplicationManifest, parts: list[tuple[str, bytes]], operator: str
    ) -> p.UploadStatus:
        """The manifest and these attachments in one request (sync.protocol.whole)."""
        body = b"".join(p.encode_whole(manifest.model_dump_json().encode(), parts))
        response = self._call(
            "PUT",
            p.whole_path(manifest.application_id, manifest.version),
            operator=operator,
            data=body,
            headers={"Content-Type": p.WHOLE_CONTENT_TYPE},
        )
        status = _parse(p.UploadStatus, response)
        if status.application_id != manifest.application_id:
            raise captive_portal()
        return status

    def attachment_offset(self, application_id: UUID, version: int, sha256: str) -> int:
        response = self._call("GET", p.attachment_path(application_id, version, sha256))
        return _parse(p.AttachmentProgress, response).offset

    def put_chunk(
        self,
        application_id: UUID,
        version: int,
        sha256: str,
        chunk: bytes,
        start: int,
        total: int,
        operator: str,
    ) -> p.AttachmentProgress:
        response = self._call(
            "PUT",
            p.attachment_path(application_id, version, sha256),
            operator=operator,
            data=chunk,
            headers={
                "Content-Type": p.CHUNK_CONTENT_TYPE,
                p.HEADER_CONTENT_RANGE: p.format_content_range(
                    start, start + len(chunk) - 1, total
                ),
            },
        )
        progress = _parse(p.AttachmentProgress, response)
        if progress.application_id != application_id or progress.sha256 != sha256:
            raise captive_portal()
        return progress

    def changes(self, since: str, limit: int = p.FEED_PAGE_DEFAULT) -> p.ChangesPage:
        response = self._call("GET", p.CHANGES_PATH, params={"since": since, "limit": str(limit)})
        return _parse(p.ChangesPage, response)

    def operators(self) -> p.OperatorList:
        return _parse(p.OperatorList, self._call("GET", p.OPERATORS_PATH))

    def public_key(self) -> p.ServerPublicKey | None:
        """The server's current sealing key; None when the district has not created one."""
        try:
            return _parse(p.ServerPublicKey, self._call("GET", p.PUBLIC_KEY_PATH))
        except SyncError as error:
            if error.status == 404 and error.code == "not_found":
                return None
            raise

    def _signed(self, path: str, params: Mapping[str, str] | None = None) -> dict[str, Any] | None:
        """A signed envelope as sent (verified by the caller); None when none is published."""
        try:
            response = self._call("GET", path, params=params)
        except SyncError as error:
            if error.status == 404 and error.code == "not_found":
                return None
            raise
        envelope = _parse(p.SignedEnvelope, response)
        return envelope.model_dump(mode="json")

    def release_offer(self, channel: str, platform: str) -> dict[str, Any] | None:
        return self._signed(p.RELEASE_OFFER_PATH, {"channel": channel, "platform": platform})

    def district_config(self) -> dict[str, Any] | None:
        return self._signed(p.DISTRICT_CONFIG_PATH)

    def package_range(self, sha256: str, start: int, size: int) -> bytes:
        """Bytes of a release package from `start` (at most MAX_DOWNLOAD_CHUNK_BYTES)."""
        end = min(size, start + p.MAX_DOWNLOAD_CHUNK_BYTES) - 1
        response = self._call(
            "GET",
            p.package_path(sha256),
            headers={p.HEADER_RANGE: f"bytes={start}-{end}"},
            expect_json=False,
        )
        expected = f"bytes {start}-"
        if response.status_code != 206 or not response.headers.get("Content-Range", "").startswith(
            expected
        ):
            raise captive_portal()
        return response.content

    def rotate_credential(self) -> p.CredentialRotation:
        response = self._call("POST", p.CREDENTIAL_ROTATE_PATH)
        return _parse(p.CredentialRotation, response)

    def put_signing_key(self, public_key: str) -> DeviceSigningKey:
        body = DeviceSigningKey(public_key=public_key).model_dump(mode="json")
        response = self._call("PUT", DEVICE_SIGNING_KEY_PATH, json_body=body)
        return _parse(DeviceSigningKey, response)

    def audit_head(self) -> p.DeviceAuditHead:
        return _parse(p.DeviceAuditHead, self._call("GET", p.AUDIT_HEAD_PATH))

    def post_audit(self, batch: p.DeviceAuditBatch) -> p.DeviceAuditHead:
        response = self._call("POST", p.AUDIT_PATH, json_body=batch.model_dump(mode="json"))
        return _parse(p.DeviceAuditHead, response)

    def report_audit_problem(self, problem: p.DeviceAuditProblem) -> p.DeviceAuditHead:
        body = problem.model_dump(mode="json")
        return _parse(p.DeviceAuditHead, self._call("POST", p.AUDIT_PROBLEM_PATH, json_body=body))

    def post_survey(self, batch: p.SurveyBatch) -> p.SurveyAck:
        response = self._call("POST", p.SURVEY_PATH, json_body=batch.model_dump(mode="json"))
        return _parse(p.SurveyAck, response)


def is_offline(error: SyncError) -> bool:
    return error.kind is ErrorClass.RETRYABLE and error.code in ("offline", "captive_portal")


__all__ = ["ErrorClass", "SyncClient", "SyncError", "is_offline"]
