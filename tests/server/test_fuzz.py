"""schemathesis against the server's own OpenAPI, authenticated as an enrolled device.

INVARIANT 5: whatever the generator sends (schema-valid data, and data that breaks the schema
on purpose), the answer is never a 5xx and always matches the documented responses (status,
content type, headers, body schema). Schema-violating data must be refused (4xx).

Requests are made in process (ASGI) against a server that holds an enrolled device, a staged
application and an operator, so generated ids sometimes hit real rows. The CI-sized run sends
a few hundred requests per database; the `slow` run sends well over 1,000.
"""

from __future__ import annotations

import dataclasses
import json
import random
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.transport.serialization import Binary

from server.config import ServerSettings
from server.db import Database
from server.operators import add_operator
from server.seal_keys import KeyRing
from sync import protocol as P

from .builders import NIK, Application, Document, Kiosk, put_chunk
from .conftest import Harness, make_harness

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
    positive_data_acceptance,
]
STAGED_DOC = Document("kk", b"k" * 3000)
# The one-request frame (sync.protocol.whole) is raw bytes to OpenAPI: generated as such, and
# made into a real frame for positive cases by _aligned.
schemathesis.openapi.media_type(P.WHOLE_CONTENT_TYPE, st.binary(max_size=4000))


@dataclass
class FuzzReport:
    requests: int = 0
    by_operation: Counter[str] = field(default_factory=Counter)
    by_status: Counter[int] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)


@pytest.fixture
def fuzz_server(settings: ServerSettings, database: Database) -> Iterator[Harness]:
    """A server whose rate limits do not get in the generator's way."""
    relaxed = dataclasses.replace(
        settings, device_rate=1e6, device_burst=10**6, enroll_rate=1e6, enroll_burst=10**6
    )
    yield from make_harness(relaxed, database)


def _integral_floats_as_ints(value: Any) -> Any:
    """1098.0 is an "integer" to JSON Schema; our schemas are strict (no floats at all)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _integral_floats_as_ints(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_integral_floats_as_ints(item) for item in value]
    return value


def _sealed_rules(body: dict[str, Any], seal_key_id: str) -> None:
    """A sealed manifest names a key the server has, no clear fields, one fields attachment."""
    body["seal_key_id"] = seal_key_id
    body["fields"] = {}
    refs = [dict(ref) for ref in body.get("attachments") or []]
    for ref in refs:
        if ref["document_code"] == P.SEALED_FIELDS_DOCUMENT:
            ref["document_code"] = "kk"
    if refs:
        refs[0]["document_code"] = P.SEALED_FIELDS_DOCUMENT
    else:
        refs.append({**STAGED_DOC.ref(), "document_code": P.SEALED_FIELDS_DOCUMENT})
    body["attachments"] = refs


def _aligned(case: Any, known: Application, use_known: bool, seal_key_id: str) -> Any:
    """Makes a schema-valid case also meaningful where the schema cannot say how fields relate.

    The manifest's id and version must repeat the path's, a chunk's Content-Range must
    describe its body, timestamps lie in 2000..2200, an attachment's sha256 appears once,
    integers are never written 1.0, a sealed manifest follows the sealing rules: rules
    OpenAPI cannot express. Only positive cases are touched (a negative case must stay
    invalid), and sometimes the path names the staged application.
    """
    path = case.path_parameters or {}
    if isinstance(case.body, (dict, list)):
        case.body = _integral_floats_as_ints(case.body)
    if use_known and "application_id" in path:
        path["application_id"] = str(known.application_id)
        path["version"] = 1
        if "sha256" in path:
            path["sha256"] = STAGED_DOC.sha256
    if case.method == "PUT" and str(case.path).endswith("/whole"):
        raw = getattr(case.body, "data", case.body)
        document = Document("kk", raw if isinstance(raw, bytes) and raw else b"x")
        app = Application(
            [document],
            application_id=uuid.UUID(str(path["application_id"])),
            version=int(path["version"]),
        )
        manifest = json.dumps(app.manifest()).encode()
        case.body = Binary(b"".join(P.encode_whole(manifest, [(document.sha256, document.data)])))
    elif case.method == "PUT" and "sha256" in path:
        body = getattr(case.body, "data", case.body)  # schemathesis wraps bytes in Binary
        body = body if isinstance(body, bytes) else b""
        if body and path.get("sha256") == STAGED_DOC.sha256:
            # The staged upload holds bytes 0..999 of 3000: continue it without finishing
            # it (finishing with random bytes is a correct 422 hash_mismatch).
            body = body[: STAGED_DOC.size - 1001]
            case.body = body
            end = 1000 + len(body) - 1
            case.headers["Content-Range"] = P.format_content_range(1000, end, STAGED_DOC.size)
        elif body:
            case.headers["Content-Range"] = P.format_content_range(0, len(body) - 1, len(body))
    elif case.method == "PUT" and isinstance(case.body, dict) and "application_id" in path:
        case.body["application_id"] = str(path["application_id"])
        case.body["version"] = int(path["version"])
        case.body["parent_version"] = int(path["version"]) - 1 if int(path["version"]) > 1 else None
        case.body["created_at"] = "2025-03-04T09:15:00+08:00"  # the 2000..2200 rule
        unique = {ref["sha256"]: ref for ref in case.body.get("attachments") or []}
        if "attachments" in case.body:
            case.body["attachments"] = list(unique.values())  # each sha256 once
        if case.body.get("seal_key_id") is not None:
            _sealed_rules(case.body, seal_key_id)
    return case


def run_fuzz(server: Harness, kiosk: Kiosk, examples: int, rng_seed: int) -> FuzzReport:
    """`examples` positive and `examples` negative cases for every operation."""
    known = Application([STAGED_DOC], number="3171-9000")
    assert server.client.put(known.path, json=known.manifest(), headers=kiosk.headers).is_success
    assert put_chunk(server.client, kiosk, known, STAGED_DOC, 0, 999).status_code == 200
    add_operator(
        server.database,
        "ayu.petugas",
        kiosk.office_code,
        "Ayu",
        P.OperatorRole.PETUGAS,
        "kata-sandi-panjang",
        "test",
    )
    # So /keys/public answers 200, and sealed manifests can name a key the server has.
    seal_key_id = KeyRing(server.settings.seal_keys_dir).create(None).key_id
    schema = schemathesis.openapi.from_asgi("/openapi.json", server.client.app)
    report = FuzzReport()
    for result in schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]  # every operation loads
        has_inputs = bool(operation.path_parameters or operation.query or operation.body)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            if mode is GenerationMode.NEGATIVE and not has_inputs:
                continue  # nothing to break but the fixed auth headers (e.g. /health)
            if mode is GenerationMode.NEGATIVE and operation.label.endswith("/whole"):
                # OpenAPI sees the frame as bytes: a "negative" body of it is any bytes, which
                # schemathesis then counts as valid. Hostile frames: test_whole_upload.py.
                continue
            strategy = operation.as_strategy(generation_mode=mode, headers=kiosk.headers)
            if mode is GenerationMode.POSITIVE:
                strategy = st.tuples(strategy, st.booleans()).map(
                    lambda pair: _aligned(pair[0], known, pair[1], seal_key_id)
                )
            _fuzz_operation(strategy, examples, rng_seed, report, operation.label, mode)
    return report


def _fuzz_operation(
    strategy: Any, examples: int, rng_seed: int, report: FuzzReport, label: str, mode: Any
) -> None:
    @seed(rng_seed)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def fuzz(case: Any) -> None:
        report.requests += 1
        report.by_operation[f"{label} ({mode.value})"] += 1
        response = case.call()
        report.by_status[response.status_code] += 1
        try:
            case.validate_response(response, checks=CHECKS)
        except BaseException as exc:  # noqa: BLE001 - schemathesis raises an ExceptionGroup
            if isinstance(exc, KeyboardInterrupt):
                raise
            report.failures.append(f"{label} ({mode.value}): {str(exc)[:1500]}")

    fuzz()


def _assert_clean(report: FuzzReport, minimum: int) -> None:
    distinct = {failure.split("\n\n")[1][:60]: failure for failure in report.failures}
    assert not report.failures, "\n\n".join(distinct.values())
    assert report.requests >= minimum, report
    assert not [status for status in report.by_status if status >= 500], report.by_status


def test_fuzzed_requests_get_documented_answers_and_never_a_5xx(
    fuzz_server: Harness, kiosk_for_fuzz: Kiosk
) -> None:
    # A fixed seed keeps CI reproducible; the slow run below explores with a fresh one.
    report = run_fuzz(fuzz_server, kiosk_for_fuzz, examples=16, rng_seed=20250601)
    _assert_clean(report, minimum=250)


@pytest.mark.slow
def test_fuzz_over_a_thousand_requests(fuzz_server: Harness, kiosk_for_fuzz: Kiosk) -> None:
    rng_seed = random.randrange(2**32)
    report = run_fuzz(fuzz_server, kiosk_for_fuzz, examples=80, rng_seed=rng_seed)
    print(  # noqa: T201 - the figures of record (run with -s)
        f"\nschemathesis (seed {rng_seed}): {report.requests} requests, "
        f"statuses {dict(sorted(report.by_status.items()))}"
        f"\nper operation: {dict(report.by_operation)}"
    )
    _assert_clean(report, minimum=1000)


@pytest.fixture
def kiosk_for_fuzz(fuzz_server: Harness) -> Kiosk:
    return fuzz_server.enroll()


def test_no_answer_carries_the_citizen_data_the_server_holds(
    fuzz_server: Harness, kiosk_for_fuzz: Kiosk
) -> None:
    """Devices never read applicant fields back: the API has no such endpoint."""
    app = Application([STAGED_DOC])
    response = fuzz_server.client.put(app.path, json=app.manifest(), headers=kiosk_for_fuzz.headers)
    assert response.status_code == 201
    for path in (app.path, P.CHANGES_PATH, P.OPERATORS_PATH, P.AUDIT_HEAD_PATH, "/openapi.json"):
        answer = fuzz_server.client.get(path, headers=kiosk_for_fuzz.headers)
        assert answer.status_code == 200
        assert NIK not in answer.text
        assert "Ni Luh" not in answer.text
