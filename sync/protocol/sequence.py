"""The request sequence of the kiosk <-> district server protocol (documentation only).

Kept apart from the package's ``__init__`` so that file stays a list of names.

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
      or was sent by another device (only the device holding an application corrects it),
      or was erased when its retention period ended (the citizen applies again).
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

   f. One request instead of a-d, when the manifest and its attachments fit
      MAX_WHOLE_BODY_BYTES (4 MiB, the frame of .whole): ``PUT .../versions/{version}/whole``
      with ``Content-Type: application/vnd.kiosk.whole-application`` (WHOLE_CONTENT_TYPE).
      -> 201 UploadStatus (created) or 200 UploadStatus (the same content again: a retry
      after a lost answer is a no-op). Every part is checked (SHA-256, size, and for a
      sealed manifest the SEAL_FORMAT header) BEFORE anything is kept; then the manifest,
      its attachments, the status ``received``, the audit entries and the feed entry commit
      in one transaction. Parts the server already holds may be left out; what is still
      missing is listed in UploadStatus.missing and goes by b. (A clear manifest while the
      server has a sealing key: its parts are not taken, they go by b to be sealed on
      arrival.) Same answers as a-d: 409 manifest_conflict / parent_invalid /
      manifest_refused, 422 hash_mismatch / seal_invalid (nothing kept), 400 a malformed
      frame or a part the manifest does not name, 413 body_too_large over
      MAX_WHOLE_BODY_BYTES, 408 stalled, 429 / 503 with Retry-After. An older server
      answers 404 or 405: use a-d (remember it for the pass); after a 413, or once the one
      request was cut or timed out for an item, that item goes by a-d (resumable).

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
