"""kiosk.contract: what kiosk and server must agree on, pinned so an edit cannot slip by.

Stored audit hashes and manifest digests depend on the canonical JSON: a change to it is a
new protocol version, and these tests fail first.
"""

from __future__ import annotations

import hashlib

from kiosk.accounts import Role
from kiosk.applications.status import Status
from kiosk.contract import (
    AUDIT_CHAIN_FIELDS,
    ApplicationStatus,
    OperatorRole,
    audit_entry_hash,
    canonical_json,
    canonical_sha256,
)
from sync import protocol as P


def test_canonical_json_sorts_keys_drops_spaces_and_keeps_utf8() -> None:
    value = {"b": [1, None, True], "a": "Dénpasar"}
    assert canonical_json(value) == '{"a":"Dénpasar","b":[1,null,true]}'
    expected = hashlib.sha256('{"a":"Dénpasar","b":[1,null,true]}'.encode()).hexdigest()
    assert canonical_sha256(value) == expected == audit_entry_hash(value)


def test_the_protocol_publishes_the_kiosks_definitions_not_copies() -> None:
    assert P.canonical_sha256 is canonical_sha256
    assert P.audit_entry_hash is audit_entry_hash
    assert P.ApplicationStatus is ApplicationStatus
    assert P.OperatorRole is OperatorRole is Role
    assert P.AUDIT_CHAIN_FIELDS is AUDIT_CHAIN_FIELDS


def test_the_uploaded_audit_entry_carries_exactly_the_chained_fields_and_its_hash() -> None:
    assert tuple(P.DeviceAuditEntry.model_fields) == (*AUDIT_CHAIN_FIELDS, "hash")


def test_kiosk_statuses_from_received_on_are_the_servers() -> None:
    local_only = {Status.DRAFT, Status.SUBMITTED, Status.SENT}
    shared = [status.value for status in Status if status not in local_only]
    server = [s.value for s in ApplicationStatus if s is not ApplicationStatus.INCOMPLETE]
    assert shared == server
