"""The shared schemas refuse what the server must refuse, before any database is touched."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from sync import protocol as P

from .builders import Application, documents


def valid_manifest(**overrides: Any) -> dict[str, Any]:
    return Application(documents(10, 20)).manifest(**overrides)


def test_a_valid_manifest_round_trips_and_is_normalised_to_utc() -> None:
    manifest = P.ApplicationManifest.model_validate(valid_manifest())
    assert manifest.created_at.utcoffset() is not None
    assert manifest.created_at.hour == 1  # 09:15 +08:00
    again = P.ApplicationManifest.model_validate_json(manifest.model_dump_json())
    assert P.manifest_digest(again) == P.manifest_digest(manifest)


def test_the_digest_ignores_key_order_and_zone_notation_but_not_content() -> None:
    body = valid_manifest()
    reordered = dict(reversed(list(body.items())))
    same_instant = {**body, "created_at": "2025-03-04T01:15:00Z"}
    digest = P.manifest_digest(P.ApplicationManifest.model_validate(body))
    assert P.manifest_digest(P.ApplicationManifest.model_validate(reordered)) == digest
    assert P.manifest_digest(P.ApplicationManifest.model_validate(same_instant)) == digest
    changed = {**body, "fields": {**body["fields"], "nama": "Made"}}
    assert P.manifest_digest(P.ApplicationManifest.model_validate(changed)) != digest


BAD_MANIFESTS = {
    "unknown key": {"extra": 1},
    "version zero": {"version": 0},
    "version as bool": {"version": True},
    "version as string": {"version": "1"},
    "v1 with a parent": {"parent_version": 1},
    "naive timestamp": {"created_at": "2025-03-04T09:15:00"},
    "year 1": {"created_at": "0001-01-01T00:00:00Z"},
    "float field": {"fields": {"tinggi": 1.5}},
    "huge int field": {"fields": {"n": 2**64}},
    "NUL in field": {"fields": {"nama": "a\x00b"}},
    "nested field": {"fields": {"alamat": {"rt": 1}}},
    "bad field name": {"fields": {"../x": "1"}},
    "too many fields": {"fields": {f"f{i}": i for i in range(P.MAX_FIELDS + 1)}},
    "long field": {"fields": {"nama": "x" * (P.MAX_FIELD_CHARS + 1)}},
    "lowercase number": {"number": "abc"},
    "service path trick": {"service_code": "../../etc"},
    "operator with space": {"submitted_by": "a b"},
    "too many attachments": {
        "attachments": [d.ref() for d in documents(*([1] * (P.MAX_ATTACHMENTS + 1)))]
    },
}


@pytest.mark.parametrize("overrides", BAD_MANIFESTS.values(), ids=BAD_MANIFESTS.keys())
def test_malformed_manifests_are_refused(overrides: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        P.ApplicationManifest.model_validate(valid_manifest(**overrides))


def test_a_correction_must_name_the_version_before_it() -> None:
    assert P.ApplicationManifest.model_validate(valid_manifest(version=2, parent_version=1))
    for parent in (None, 1, 3):
        with pytest.raises(ValidationError):
            P.ApplicationManifest.model_validate(valid_manifest(version=3, parent_version=parent))


@pytest.mark.parametrize("code", ["kk", "ktp-el", "F-1.02", "akta-kelahiran", "selfie_ktp"])
def test_catalog_codes_are_accepted(code: str) -> None:
    assert P.AttachmentRef.model_validate({**documents(5)[0].ref(), "document_code": code})


def test_the_same_file_cannot_be_listed_twice() -> None:
    doc = documents(5)[0]
    with pytest.raises(ValidationError, match="once"):
        P.ApplicationManifest.model_validate(valid_manifest(attachments=[doc.ref(), doc.ref()]))


BAD_REFS = {
    "uppercase sha": {"sha256": "A" * 64},
    "short sha": {"sha256": "a" * 63},
    "sha path trick": {"sha256": "../" + "a" * 61},
    "code path trick": {"document_code": "../kk"},
    "code with slash": {"document_code": "kk/1"},
    "code with space": {"document_code": "k k"},
    "code leading dot": {"document_code": ".kk"},
    "code double dot": {"document_code": "a..b"},
    "empty code": {"document_code": ""},
    "zero size": {"size": 0},
    "negative size": {"size": -1},
    "too large": {"size": P.MAX_ATTACHMENT_BYTES + 1},
    "size as float": {"size": 10.0},
    "bad content type": {"content_type": "image/../jpeg"},
}


@pytest.mark.parametrize("overrides", BAD_REFS.values(), ids=BAD_REFS.keys())
def test_malformed_attachment_references_are_refused(overrides: dict[str, Any]) -> None:
    ref = {**documents(5)[0].ref(), **overrides}
    with pytest.raises(ValidationError):
        P.AttachmentRef.model_validate(ref)


@given(
    start=st.integers(0, 10**9),
    length=st.integers(1, 10**6),
    extra=st.integers(0, 10**6),
)
def test_content_range_formats_and_parses_back(start: int, length: int, extra: int) -> None:
    end = start + length - 1
    total = end + 1 + extra
    assert P.parse_content_range(P.format_content_range(start, end, total)) == (start, end, total)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "bytes 0-9/*",
        "bytes */10",
        "bytes 5-4/10",
        "bytes 0-10/10",
        "items 0-9/10",
        "bytes -1-9/10",
        "bytes 0-9/10 ",
        "bytes 1234567890123-1234567890124/1234567890125",
    ],
)
def test_malformed_content_ranges_are_none(value: str) -> None:
    assert P.parse_content_range(value) is None


def test_a_hand_typed_enrollment_code_is_normalised() -> None:
    assert P.normalize_enrollment_code(" abcd efgh-jkmn ") == "ABCD-EFGH-JKMN"
    request = P.EnrollRequest(
        device_id=uuid.uuid4(),
        code=P.normalize_enrollment_code("0123 4567 89ab"),
        device_name="loket",
    )
    assert request.code == "0123-4567-89AB"
    with pytest.raises(ValidationError):
        P.EnrollRequest(device_id=uuid.uuid4(), code="ILOU-0000-0000", device_name="loket")


def test_paths_are_built_under_the_api_prefix() -> None:
    app_id = uuid.UUID(int=1)
    assert P.attachment_path(app_id, 2, "ab" * 32) == (
        f"/api/v1/applications/{app_id}/versions/2/attachments/{'ab' * 32}"
    )
    assert P.CHANGES_PATH == "/api/v1/changes"
