"""The kiosk <-> district server sync protocol: schemas and constants shared by both sides.

One module per resource: base (version, limits, headers, the one ErrorBody), enrollment,
applications, feed, operators, audit, keys; this package re-exports every name, so callers
write ``from sync.protocol import X``. The protocol owns the wire contract: the server and the
kiosk import it from here, and nobody writes a copy. The few pieces the kiosk's own domain
needs (canonical-JSON hashing, the audit chain's fields and limits, the status and role
vocabularies, the seal format) are defined in kiosk.contract and kiosk.sealing, because kiosk/
may not import sync/, and re-exported here (docs/adr/0004-one-home-for-each-contract.md).

Every schema is strict (unknown keys refused, lengths bounded) because the server must answer
hostile input with a 4xx, never a 5xx, and the kiosk must notice a captive portal's HTML
instead of mistaking it for success. Decisions and their reasons: docs/adr/0002-sync-protocol.md.

Request sequence
================
All paths start with API_PREFIX (``/api/v1``). Bodies are JSON except attachment chunks.
Every server response carries the header ``X-Kiosk-Api: 1`` (HEADER_API); a 2xx without it,
or without a JSON body where one is promised, came from a captive portal or proxy: retry later.

0. ``GET /health`` (no auth) -> 200 ServerInfo. Cheap reachability and captive-portal probe.

1. Enrollment, once per device: ``POST /enroll`` with EnrollRequest {device_id (a UUID the
   device makes up and keeps), code (one-time code from ``kiosk-server enrollment-code``),
   device_name}. -> 201 EnrollResponse {device_id, office_code, credential}. Retrying with
   the SAME device_id and code (e.g. the answer was lost) -> 200 with the SAME credential;
   the code is not "burnt". 403 enrollment_refused: unknown, expired, or used by another
   device; 403 device_revoked; 409 device_exists: the id was enrolled with another code.

2. Every other request (except /health) carries two headers:
   ``Authorization: Bearer <credential>`` where credential is ``<device_id>.<secret>``,
   exactly as EnrollResponse gave it; and ``X-Kiosk-Operator: <operator id>`` naming the
   person the request is attributed to in the server's audit log (the operator who submitted
   the application; the profile name, e.g. ``selfservice``, when there is no login).
   401 unauthenticated (unknown device / wrong secret), 403 device_revoked, 403
   device_suspended (a secret superseded by a rotation came back: the credential was copied;
   a supervisor must re-enroll the device with `rotate-device`), 400 when the
   operator header is missing or malformed.

3. One application version (two phases):
   a. ``PUT /applications/{application_id}/versions/{version}`` with ApplicationManifest.
      -> 201 UploadStatus (created) or 200 UploadStatus (the same content again: a no-op).
      409 manifest_conflict: this (id, version) already holds DIFFERENT content.
      409 parent_invalid: version > 1 whose parent (version - 1) is missing or not rejected,
      or was sent by another device (only the device holding an application corrects it).
      409 manifest_conflict also when the number belongs to another application.
      409 manifest_refused: a service the server's catalog does not know, no document, or a
      content type other than image/jpeg, image/png, image/webp, application/pdf (the
      sealed fields: application/json).
      UploadStatus.missing lists every attachment the server still lacks, with the byte
      offset it already holds. The response always echoes application_id and version.
   b. For each missing attachment, from its offset: ``PUT .../attachments/{sha256}`` with
      ``Content-Type: application/octet-stream``, ``Content-Range: bytes START-END/SIZE``
      (END inclusive, at most MAX_CHUNK_BYTES per request) and the raw bytes.
      -> 200 AttachmentProgress {offset, complete, application_status}. Sending a chunk the
      server already has (START below its offset) is harmless; only the new bytes are kept.
      416 offset_mismatch: START is beyond the server's offset; header ``Upload-Offset``
      says where to resume. 422 hash_mismatch: the finished file's SHA-256 or size differs
      from the manifest; the partial data is discarded (offset back to 0). 400: missing or
      malformed Content-Range, or one that disagrees with the body length or the manifest
      size. 404: no such application version for this office, or sha256 not in its
      manifest. 408 stalled: the bytes stopped arriving for 30 s (nothing kept; resend).
      429 / 503 with ``Retry-After``: too many uploads in flight; nothing kept.
   c. After a cut, ask where to resume: ``HEAD .../attachments/{sha256}`` (headers
      ``Upload-Offset`` and ``Upload-Length``) or ``GET`` (AttachmentProgress JSON);
      ``GET /applications/{id}/versions/{version}`` returns UploadStatus again.
   d. The application is ``received`` exactly when the last attachment verifies (an
      application with no attachments is received at step a). Acknowledge the outbox row
      only on a 2xx whose JSON echoes the application id and says status ``received`` (or
      later). A correction of a rejected application is version + 1 with
      parent_version = version, and repeats a-d; unchanged attachments already on the
      server are reported complete at once (storage is content-addressed).
   e. Sealed applications (the normal case once the server has a sealing key, request 8):
      ApplicationManifest.seal_key_id names the server key every attachment was sealed to
      (SEAL_FORMAT). ``fields`` is then empty: the applicant's fields travel as one more
      sealed attachment, document_code SEALED_FIELDS_DOCUMENT (JSON). Each AttachmentRef's
      sha256 and size describe the SEALED bytes (what is uploaded and verified); its
      content_type is that of the document inside. 422 seal_invalid: seal_key_id is not one
      of the server's keys, fields are not empty, the fields attachment is missing, or an
      uploaded attachment does not begin with the SEAL_FORMAT header for seal_key_id (its
      partial data is discarded). A manifest without seal_key_id is the older clear form.
      The fields attachment's JSON: ``{"fields": {...}, "documents": {code: {sha256,
      content_type, capture?}}}`` with the PLAINTEXT hash of each document; ``capture``
      (optional, kiosk.sealing.CaptureNote) tells how a photographed document's corners were
      set (``auto``, ``adjusted``, ``manual``), the four points and the checks it failed.

4. Status feed: ``GET /changes?since=CURSOR&limit=N`` -> 200 ChangesPage {entries, cursor,
   has_more}, only for the device's office, oldest first. Omit ``since`` (or send "") the
   first time; store the returned cursor only after applying the entries; loop while
   has_more. Cursors are opaque strings and never go backwards.

5. ``GET /operators`` (device auth) -> 200 OperatorList: every operator of the device's
   office, disabled ones included (active=false), with argon2id hashes so the kiosk can
   verify a sign-in offline. Replace the local copy wholesale when ``revision`` changes;
   an operator missing from the list is no longer valid on this device.
11. ``POST /survey/responses`` (device auth) with SurveyBatch {responses} -> 200 SurveyAck
   {ids, stored}: anonymous satisfaction-survey answers (see .survey), stored once per id
   under the device's office; mark exactly the echoed ids sent. 409 ``survey_conflict``: an
   id held with different content (needs a person).
6. ``GET /audit/head`` (device auth) -> 200 DeviceAuditHead {last_seq, last_hash}: where
   the server's copy of this device's audit chain ends (0 and AUDIT_GENESIS: nothing yet).
   ``POST /audit`` with DeviceAuditBatch {entries} (consecutive seq, oldest first, starting
   at or below last_seq + 1) -> 200 DeviceAuditHead. Entries the server already holds are
   accepted again when identical (idempotent by (device, seq)). The batch is stored whole
   or not at all. 409 with code ``audit_gap`` (first seq beyond last_seq + 1, or seq not
   consecutive), ``audit_chain_broken`` (prev_hash differs from the previous entry's
   hash), ``audit_hash_mismatch`` (hash is not audit_entry_hash of the entry),
   ``audit_conflict`` (a seq the server holds with different content). All four need a
   person: the device's log was damaged or tampered with; the server records each refusal
   in its own chain (``device_audit_refused``) and `kiosk-server audit verify` reports the
   device. A batch must also fit in MAX_JSON_BODY_BYTES (413 body_too_large otherwise: send
   fewer entries). ``POST /audit/problem`` with DeviceAuditProblem {code, local_last_seq}
   -> 200 DeviceAuditHead: the device found its own chain shorter than last_seq
   (``chain_shorter``) or its entry at last_seq different from last_hash
   (``chain_diverged``); recorded like a refusal.
7. ``POST /credential/rotate`` (device auth, empty body) -> 200 CredentialRotation with a NEW
   credential. The old one keeps working until the new one is first used, then stops (so
   a lost answer never locks the device out: rotate again with the old one). Store the
   new credential, then make any request with it (e.g. GET /audit/head) to finish.
8. ``GET /keys/public`` (device auth) -> 200 ServerPublicKey: the current X25519 key that
   finalised applications are sealed to (format: SEAL_FORMAT). 404 not_found until
   the district creates one (``kiosk-server keys create``). Re-fetch it on every sync pass:
   after a rotation, new payloads must use the new key_id.

9. Releases: ``GET /releases/offer?channel=C&platform=P`` (device auth) -> 200
   SignedEnvelope of kind ``release`` whose payload is a ReleaseManifest (the pinned version
   of the channel, else the newest); 404 not_found when none is published. The kiosk
   verifies the signature against keys it already holds (never one from the wire), then
   downloads ``GET /releases/packages/{sha256}`` with ``Range: bytes=START-END`` (at most
   MAX_DOWNLOAD_CHUNK_BYTES per request) -> 206 with ``Content-Range``, raw bytes; resuming
   is asking from the size already held. 416 when START is beyond the package.
10. District configuration: ``GET /config/current`` (device auth) -> 200 SignedEnvelope of
   kind ``district-config`` whose payload is a DistrictConfig; 404 before the first one.
   Verify, validate (kiosk.district_config.check_config), then apply; keep the previous.

Error classes (one body for every resource, ErrorBody {detail, code}; detail is Bahasa
Indonesia / English):
  retryable: network errors, timeouts, 5xx, 408 stalled, 429 rate_limited and 503 overloaded
  (both with ``Retry-After`` seconds). resume: 416 (go on from ``Upload-Offset``).
  needs-a-person: 400, 401, 403, 404, 409, 413, 422. Never retry those blindly; show them to
  staff and keep the rest of the queue moving. Switch on ``code``, never on ``detail``.
"""

from __future__ import annotations

from .applications import (
    APPLICATION_NUMBER_PATTERN,
    CHUNK_CONTENT_TYPE,
    CODE_PATTERN,
    CONTACT_CHANNELS,
    CONTACT_CONSENT_FIELD,
    CONTACT_EMAIL_FIELD,
    CONTENT_TYPE_PATTERN,
    FIELD_NAME_PATTERN,
    HEADER_CONTENT_RANGE,
    HEADER_UPLOAD_LENGTH,
    HEADER_UPLOAD_OFFSET,
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS,
    MAX_CHUNK_BYTES,
    MAX_FIELD_CHARS,
    MAX_FIELDS,
    ApplicationManifest,
    ApplicationStatus,
    AttachmentProgress,
    AttachmentRef,
    Code,
    FieldName,
    FieldValue,
    MissingAttachment,
    Timestamp,
    UploadStatus,
    attachment_path,
    format_content_range,
    manifest_digest,
    manifest_path,
    parse_content_range,
)
from .audit import (
    AUDIT_ACTION_PATTERN,
    AUDIT_APPLICATION_ID_PATTERN,
    AUDIT_CHAIN_FIELDS,
    AUDIT_GENESIS,
    AUDIT_HEAD_PATH,
    AUDIT_PATH,
    AUDIT_PROBLEM_PATH,
    AUDIT_TIME_PATTERN,
    DEVICE_CODE_PATTERN,
    MAX_AUDIT_BATCH,
    MAX_AUDIT_DETAIL_CHARS,
    AuditProblemCode,
    DeviceAuditBatch,
    DeviceAuditEntry,
    DeviceAuditHead,
    DeviceAuditProblem,
    audit_entry_hash,
)
from .base import (
    API_PREFIX,
    API_VERSION,
    HEADER_API,
    HEADER_OPERATOR,
    HEADER_RETRY_AFTER,
    HEALTH_PATH,
    MAX_JSON_BODY_BYTES,
    MAX_SAFE_INT,
    OFFICE_CODE_PATTERN,
    OPERATOR_PATTERN,
    PRINTABLE_PATTERN,
    SHA256_PATTERN,
    ErrorBody,
    ErrorCode,
    OfficeCode,
    OperatorId,
    ServerInfo,
    Sha256,
    Strict,
    canonical_json,
    canonical_sha256,
)
from .distribution import (
    DISTRICT_CONFIG_PATH,
    HEADER_RANGE,
    KIND_DISTRICT_CONFIG,
    KIND_RELEASE,
    MAX_DOWNLOAD_CHUNK_BYTES,
    RELEASE_OFFER_PATH,
    DistrictConfig,
    ReleaseManifest,
    SignedEnvelope,
    package_path,
)
from .enrollment import (
    CREDENTIAL_ROTATE_PATH,
    ENROLL_PATH,
    ENROLLMENT_CODE_PATTERN,
    CredentialRotation,
    EnrollRequest,
    EnrollResponse,
    normalize_enrollment_code,
)
from .feed import (
    CHANGES_PATH,
    CURSOR_PATTERN,
    FEED_PAGE_DEFAULT,
    FEED_PAGE_MAX,
    FIX_TARGET_PATTERN,
    ChangeEntry,
    ChangesPage,
    Cursor,
    fix_target_marker,
    fix_targets,
)
from .keys import (
    PUBLIC_KEY_PATH,
    SEAL_ALGORITHM,
    SEAL_FORMAT,
    SEAL_HKDF_INFO,
    SEAL_KEY_ID_PATTERN,
    SEAL_MAGIC,
    SEALED_FIELDS_DOCUMENT,
    SEALED_QUALITY_KEY,
    ServerPublicKey,
)
from .operators import (
    ARGON2ID_PATTERN,
    MIN_PASSWORD_LENGTH,
    OPERATORS_PATH,
    USERNAME_PATTERN,
    OperatorList,
    OperatorRecord,
    OperatorRole,
)
from .survey import (
    MAX_SURVEY_BATCH,
    SURVEY_PATH,
    SurveyAck,
    SurveyBatch,
    SurveyResponseIn,
)

__all__ = [
    "API_PREFIX",
    "API_VERSION",
    "APPLICATION_NUMBER_PATTERN",
    "ARGON2ID_PATTERN",
    "AUDIT_ACTION_PATTERN",
    "AUDIT_APPLICATION_ID_PATTERN",
    "AUDIT_CHAIN_FIELDS",
    "AUDIT_GENESIS",
    "AUDIT_HEAD_PATH",
    "AUDIT_PATH",
    "AUDIT_PROBLEM_PATH",
    "AuditProblemCode",
    "DeviceAuditProblem",
    "AUDIT_TIME_PATTERN",
    "ApplicationManifest",
    "ApplicationStatus",
    "AttachmentProgress",
    "AttachmentRef",
    "CHANGES_PATH",
    "CHUNK_CONTENT_TYPE",
    "CODE_PATTERN",
    "CONTACT_CHANNELS",
    "CONTACT_CONSENT_FIELD",
    "CONTACT_EMAIL_FIELD",
    "CONTENT_TYPE_PATTERN",
    "DISTRICT_CONFIG_PATH",
    "DistrictConfig",
    "HEADER_RANGE",
    "KIND_DISTRICT_CONFIG",
    "KIND_RELEASE",
    "MAX_DOWNLOAD_CHUNK_BYTES",
    "RELEASE_OFFER_PATH",
    "ReleaseManifest",
    "SignedEnvelope",
    "MAX_SURVEY_BATCH",
    "SURVEY_PATH",
    "SurveyAck",
    "SurveyBatch",
    "SurveyResponseIn",
    "package_path",
    "CREDENTIAL_ROTATE_PATH",
    "CURSOR_PATTERN",
    "ChangeEntry",
    "ChangesPage",
    "Code",
    "CredentialRotation",
    "Cursor",
    "DEVICE_CODE_PATTERN",
    "DeviceAuditBatch",
    "DeviceAuditEntry",
    "DeviceAuditHead",
    "ENROLLMENT_CODE_PATTERN",
    "ENROLL_PATH",
    "EnrollRequest",
    "EnrollResponse",
    "ErrorBody",
    "ErrorCode",
    "FEED_PAGE_DEFAULT",
    "FEED_PAGE_MAX",
    "FIX_TARGET_PATTERN",
    "FIELD_NAME_PATTERN",
    "FieldName",
    "FieldValue",
    "HEADER_API",
    "HEADER_CONTENT_RANGE",
    "HEADER_OPERATOR",
    "HEADER_RETRY_AFTER",
    "HEADER_UPLOAD_LENGTH",
    "HEADER_UPLOAD_OFFSET",
    "HEALTH_PATH",
    "MAX_ATTACHMENTS",
    "MAX_ATTACHMENT_BYTES",
    "MAX_AUDIT_BATCH",
    "MAX_AUDIT_DETAIL_CHARS",
    "MAX_CHUNK_BYTES",
    "MAX_FIELDS",
    "MAX_FIELD_CHARS",
    "MAX_JSON_BODY_BYTES",
    "MAX_SAFE_INT",
    "MIN_PASSWORD_LENGTH",
    "MissingAttachment",
    "OFFICE_CODE_PATTERN",
    "OPERATORS_PATH",
    "OPERATOR_PATTERN",
    "OfficeCode",
    "OperatorId",
    "OperatorList",
    "OperatorRecord",
    "OperatorRole",
    "PRINTABLE_PATTERN",
    "PUBLIC_KEY_PATH",
    "SEALED_FIELDS_DOCUMENT",
    "SEALED_QUALITY_KEY",
    "SEAL_ALGORITHM",
    "SEAL_FORMAT",
    "SEAL_HKDF_INFO",
    "SEAL_KEY_ID_PATTERN",
    "SEAL_MAGIC",
    "SHA256_PATTERN",
    "ServerInfo",
    "ServerPublicKey",
    "Sha256",
    "Strict",
    "Timestamp",
    "USERNAME_PATTERN",
    "UploadStatus",
    "attachment_path",
    "canonical_json",
    "canonical_sha256",
    "fix_target_marker",
    "fix_targets",
    "audit_entry_hash",
    "format_content_range",
    "manifest_digest",
    "manifest_path",
    "normalize_enrollment_code",
    "parse_content_range",
]
