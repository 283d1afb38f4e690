"""Hostile or malformed requests get a 4xx with an ErrorBody, never a 5xx, and change nothing.

INVARIANT 5 on the server side. Each case is sent against a server that already holds an
enrolled device and a half-uploaded application, so "change nothing" is a real check.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.device_admin import revoke_device
from sync import protocol as P

from .builders import NIK, Application, Document, Kiosk, documents, put_chunk
from .conftest import Harness

DOC = Document("kk", b"k" * 5000)
APP_ID = uuid.UUID("6a4e1e0e-6a55-4d8e-9d1c-2f1b0c7a9e01")
SHA = DOC.sha256
BASE = f"/api/v1/applications/{APP_ID}/versions/1"


def staged(server: Harness, kiosk: Kiosk) -> Application:
    app = Application([DOC], application_id=APP_ID)
    assert (
        server.client.put(app.path, json=app.manifest(), headers=kiosk.headers).status_code == 201
    )
    assert put_chunk(server.client, kiosk, app, DOC, 0, 999).status_code == 200
    return app


def manifest_json(**overrides: Any) -> bytes:
    return json.dumps(Application([DOC], application_id=APP_ID).manifest(**overrides)).encode()


def chunk_headers(content_range: str | None = "bytes 1000-1999/5000") -> dict[str, str]:
    headers = {"Content-Type": P.CHUNK_CONTENT_TYPE}
    if content_range is not None:
        headers[P.HEADER_CONTENT_RANGE] = content_range
    return headers


def _streamed(data: bytes) -> Iterator[bytes]:
    for start in range(0, len(data), 64 * 1024):
        yield data[start : start + 64 * 1024]


JSON = {"Content-Type": "application/json"}
# (method, path, body, extra headers, expected status)
CASES: dict[str, tuple[str, str, Any, dict[str, str], int]] = {
    "bad json": ("PUT", BASE, b"{not json", JSON, 422),
    "json array": ("PUT", BASE, b"[1, 2]", JSON, 422),
    "empty body": ("PUT", BASE, b"", JSON, 422),
    "text body": ("PUT", BASE, manifest_json(), {"Content-Type": "text/plain"}, 422),
    "extra key": ("PUT", BASE, manifest_json(evil=1), JSON, 422),
    "NUL in a field": ("PUT", BASE, manifest_json(fields={"nama": "a\u0000"}), JSON, 422),
    "NaN in a field": (
        "PUT",
        BASE,
        manifest_json().replace(b'"fields": {', b'"fields": {"x": NaN, '),
        JSON,
        422,
    ),
    "lone surrogate": (
        "PUT",
        BASE,
        manifest_json().replace(b'"fields": {', b'"fields": {"x": "\\ud800", '),
        JSON,
        422,
    ),
    "huge number": ("PUT", BASE, manifest_json(fields={"n": 10**40}), JSON, 422),
    "deep nesting": ("PUT", BASE, b'{"fields": ' + b"[" * 5000 + b"]" * 5000 + b"}", JSON, 400),
    "id not a uuid": (
        "PUT",
        "/api/v1/applications/not-a-uuid/versions/1",
        manifest_json(),
        JSON,
        422,
    ),
    "not a uuid": (  # %2F decodes to "/": no route matches
        "PUT",
        "/api/v1/applications/..%2F..%2Fetc/versions/1",
        manifest_json(),
        JSON,
        404,
    ),
    "version zero": (
        "PUT",
        f"/api/v1/applications/{APP_ID}/versions/0",
        manifest_json(),
        JSON,
        422,
    ),
    "version huge": (
        "PUT",
        f"/api/v1/applications/{APP_ID}/versions/99999999999999999999",
        manifest_json(),
        JSON,
        422,
    ),
    "oversized manifest (declared)": ("PUT", BASE, b"x" * (P.MAX_JSON_BODY_BYTES + 1), JSON, 413),
    "oversized manifest (streamed)": ("PUT", BASE, "stream:json", JSON, 413),
    "oversized chunk (declared)": (
        "PUT",
        f"{BASE}/attachments/{SHA}",
        b"x" * (P.MAX_CHUNK_BYTES + 1),
        chunk_headers(f"bytes 1000-{1000 + P.MAX_CHUNK_BYTES}/5000"),
        413,
    ),
    "oversized chunk (streamed)": (
        "PUT",
        f"{BASE}/attachments/{SHA}",
        "stream:chunk",
        chunk_headers(),
        413,
    ),
    "bad content-length": ("PUT", BASE, manifest_json(), {**JSON, "Content-Length": "abc"}, 400),
    "sha path trick": (
        "PUT",
        f"{BASE}/attachments/..%2F..%2F..%2Fetc%2Fpasswd",
        b"x" * 1000,
        chunk_headers(),
        404,
    ),
    "sha uppercase": (
        "PUT",
        f"{BASE}/attachments/{SHA.upper()}",
        b"x" * 1000,
        chunk_headers(),
        422,
    ),
    "sha too short": ("PUT", f"{BASE}/attachments/{SHA[:-1]}", b"x" * 1000, chunk_headers(), 422),
    "sha not in manifest": (
        "PUT",
        f"{BASE}/attachments/{'0' * 64}",
        b"x" * 1000,
        chunk_headers(),
        404,
    ),
    "unknown application": (
        "PUT",
        f"/api/v1/applications/{uuid.uuid4()}/versions/1/attachments/{SHA}",
        b"x" * 1000,
        chunk_headers(),
        404,
    ),
    "no content-range": ("PUT", f"{BASE}/attachments/{SHA}", b"x" * 1000, chunk_headers(None), 400),
    "garbled content-range": (
        "PUT",
        f"{BASE}/attachments/{SHA}",
        b"x" * 1000,
        chunk_headers("bytes=1000-1999"),
        400,
    ),
    "range longer than body": ("PUT", f"{BASE}/attachments/{SHA}", b"x" * 10, chunk_headers(), 400),
    "range total lies": (
        "PUT",
        f"{BASE}/attachments/{SHA}",
        b"x" * 1000,
        chunk_headers("bytes 1000-1999/6000"),
        400,
    ),
    "range past the end": (
        "PUT",
        f"{BASE}/attachments/{SHA}",
        b"x" * 1000,
        chunk_headers("bytes 4500-5499/5000"),
        400,
    ),
    "range beyond offset": (
        "PUT",
        f"{BASE}/attachments/{SHA}",
        b"x" * 1000,
        chunk_headers("bytes 3000-3999/5000"),
        416,
    ),
    "head of unknown sha": ("HEAD", f"{BASE}/attachments/{'0' * 64}", None, {}, 404),
    "get of unknown version": ("GET", f"/api/v1/applications/{APP_ID}/versions/2", None, {}, 404),
    "delete": ("DELETE", BASE, None, {}, 405),
    "unknown path": ("GET", "/api/v1/../../etc/passwd", None, {}, 404),
    "enroll garbage": (
        "POST",
        P.ENROLL_PATH,
        b'{"device_id": "x", "code": "../..", "device_name": ""}',
        JSON,
        422,
    ),
    "enroll unknown code": (
        "POST",
        P.ENROLL_PATH,
        json.dumps(
            {"device_id": str(uuid.uuid4()), "code": "0000-0000-0000", "device_name": "x"}
        ).encode(),
        JSON,
        403,
    ),
    "changes bad cursor": ("GET", f"{P.CHANGES_PATH}?since=-1", None, {}, 422),
}


def send(server: Harness, kiosk: Kiosk, case: tuple[str, str, Any, dict[str, str], int]) -> Any:
    method, path, body, headers, _expected = case
    if body == "stream:json":
        body = _streamed(b"{" + b" " * (P.MAX_JSON_BODY_BYTES + 10) + b"}")
    elif body == "stream:chunk":
        body = _streamed(b"x" * (P.MAX_CHUNK_BYTES + 10))
    return server.client.request(method, path, content=body, headers={**kiosk.headers, **headers})


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_hostile_requests_get_a_4xx_and_change_nothing(
    server: Harness, kiosk: Kiosk, case: tuple[str, str, Any, dict[str, str], int]
) -> None:
    staged(server, kiosk)
    before = server.snapshot()
    response = send(server, kiosk, case)
    assert response.status_code == case[4], response.text
    assert response.headers[P.HEADER_API] == "1"
    if case[0] != "HEAD":
        body = P.ErrorBody.model_validate(response.json())
        assert " / " in body.detail  # Bahasa Indonesia / English
    assert server.snapshot() == before


@pytest.mark.parametrize("who", ["unknown", "revoked", "forged"])
def test_unknown_revoked_or_forged_devices_change_nothing(
    server: Harness, kiosk: Kiosk, who: str
) -> None:
    app = staged(server, kiosk)
    if who == "unknown":
        intruder = Kiosk(uuid.uuid4(), f"{uuid.uuid4()}.{'a' * 43}", kiosk.office_code)
    elif who == "forged":
        intruder = Kiosk(kiosk.device_id, f"{kiosk.device_id}.{'a' * 43}", kiosk.office_code)
    else:
        intruder = server.enroll()
        revoke_device(server.database, intruder.device_id, "admin")
    before = server.snapshot()
    expected = 403 if who == "revoked" else 401
    assert put_chunk(server.client, intruder, app, DOC, 1000, 1999).status_code == expected
    other = Application(documents(10))
    assert (
        server.client.put(other.path, json=other.manifest(), headers=intruder.headers).status_code
        == expected
    )
    assert server.client.get(P.CHANGES_PATH, headers=intruder.headers).status_code == expected
    assert server.snapshot() == before


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    key=st.sampled_from(
        list(Application([DOC]).manifest())
        + ["attachments.0.size", "attachments.0.sha256", "extra"]
    ),
    value=JSON_VALUES,
)
def test_fuzzed_manifests_never_cause_a_5xx(
    server: Harness, kiosk: Kiosk, key: str, value: Any
) -> None:
    manifest = Application([DOC], application_id=APP_ID).manifest()
    if key.startswith("attachments.0."):
        manifest["attachments"][0][key.rsplit(".", 1)[1]] = value
    else:
        manifest[key] = value
    before = server.snapshot()
    response = server.client.put(BASE, json=manifest, headers=kiosk.headers)
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        # An accepted mutation makes later different ones 409s: still nothing may change.
        assert server.snapshot() == before


def test_citizen_data_never_reaches_the_logs(
    server: Harness, kiosk: Kiosk, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    app = Application([DOC])
    server.client.put(app.path, json=app.manifest(), headers=kiosk.headers)
    server.client.put(app.path, json=app.manifest(fields={"nik": NIK + "x"}), headers=kiosk.headers)
    server.client.put(BASE, json={"fields": {"nik": NIK}}, headers=kiosk.headers)
    response = server.client.put(
        BASE,
        content=b'{"fields": {"nik": "' + NIK.encode() + b'"',
        headers={**kiosk.headers, **JSON},
    )
    assert NIK not in response.text  # validation errors do not echo input either
    assert caplog.records, "the server logs something at DEBUG"
    assert NIK not in caplog.text
    assert "Ni Luh" not in caplog.text


def test_openapi_is_published_and_every_answer_is_marked(server: Harness) -> None:
    spec = server.client.get("/openapi.json")
    assert spec.status_code == 200
    paths = spec.json()["paths"]
    assert set(paths) >= {
        P.ENROLL_PATH,
        P.CHANGES_PATH,
        "/api/v1/applications/{application_id}/versions/{version}",
        "/api/v1/applications/{application_id}/versions/{version}/attachments/{sha256}",
    }
    assert {"get", "put", "head"} <= set(
        paths["/api/v1/applications/{application_id}/versions/{version}/attachments/{sha256}"]
    )
    # A captive portal answers 200 with HTML; only this server adds the marker header.
    for response in (spec, server.client.get("/nowhere"), server.client.get(P.HEALTH_PATH)):
        assert response.headers[P.HEADER_API] == str(P.API_VERSION)
