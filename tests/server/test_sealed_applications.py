"""Sealed applications (sync.protocol, step 3e): intake rules, upload checks, verifiers opening.

The kiosk side is done here the way kiosk.applications.sealed_files does it: every document and the
applicant's fields (one more document, data-pemohon) sealed with seal_context(id, code).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import uuid
from pathlib import Path
from typing import Any

import pytest

from kiosk.sealing import seal_context
from server.errors import SealInvalid
from server.feed import decide
from server.seal_keys import KeyRing, SealKey, seal
from sync import protocol as P

from .builders import NIK, Application, Document, Kiosk, put_chunk, put_manifest, submit, upload
from .conftest import Harness
from .security_helpers import cli, verify

PASSPHRASE = "frasa sandi verifikator"
APPLICANT = {
    "nik": NIK,
    "no_kk": "5108010101920003",
    "name": "Ni Luh Putu Ayu",
    "birth_date": "1992-07-01",
    "sex": "P",
    "phone": "081234567890",
    "extra_alamat": "Jl. Gajah Mada 12",
}


def plain_documents() -> dict[str, bytes]:
    return {"kk": os.urandom(3000), "ktp-el": os.urandom(2000)}


def seal_document(
    key: SealKey,
    application_id: uuid.UUID,
    code: str,
    data: bytes,
    content_type: str = "image/jpeg",
) -> Document:
    sealed = seal(key.public_raw, data, seal_context(str(application_id), code))
    return Document(code, sealed, content_type)


def sealed_application(
    key: SealKey,
    plain: dict[str, bytes],
    *,
    application_id: uuid.UUID | None = None,
    version: int = 1,
    reuse: dict[str, Document] | None = None,
    described: dict[str, bytes] | None = None,
    fields: dict[str, str] | None = None,
    quality: dict[str, Any] | None = None,
    capture: dict[str, dict[str, Any]] | None = None,
) -> Application:
    """A sealed application as a kiosk submits it.

    Args:
        plain: document code -> plaintext of every document.
        reuse: already sealed documents (of the version being corrected) to send unchanged.
        described: the plaintexts the fields document describes (default: `plain`); a test
            passes others to make the kiosk lie.
        fields: the applicant's fields (default: APPLICANT).
        quality: document code -> the kiosk's quality findings (P.SEALED_QUALITY_KEY).
        capture: document code -> what the kiosk's capture found (kiosk.sealing.CaptureNote).
    """
    application_id = application_id or uuid.uuid4()
    reuse = reuse or {}
    docs = [
        reuse.get(code) or seal_document(key, application_id, code, data)
        for code, data in plain.items()
    ]
    summary = {
        "fields": fields or APPLICANT,
        "documents": {
            code: {
                "sha256": hashlib.sha256(data).hexdigest(),
                "size": len(data),
                "content_type": "image/jpeg",
                **({"capture": capture[code]} if capture and code in capture else {}),
            }
            for code, data in (described or plain).items()
        },
    }
    for code, found in (quality or {}).items():
        summary["documents"][code][P.SEALED_QUALITY_KEY] = found  # type: ignore[index]
    body = json.dumps(summary, ensure_ascii=False, sort_keys=True).encode()
    docs.append(
        seal_document(key, application_id, P.SEALED_FIELDS_DOCUMENT, body, "application/json")
    )
    return Application(
        docs,
        application_id=application_id,
        version=version,
        number="3171-0500",
        fields={},
        seal_key_id=key.key_id,
    )


def make_key(server: Harness, passphrase: str | None = None) -> SealKey:
    ring = KeyRing(server.settings.seal_keys_dir)
    secret = passphrase.encode() if passphrase else None
    return ring.rotate(secret) if ring.list_keys() else ring.create(secret)


def count(server: Harness, action: str) -> int:
    found: int = server.scalar(f"SELECT count(*) FROM audit_events WHERE action = '{action}'")
    return found


def with_stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text + "\n"))


@pytest.fixture
def opened_dir(tmp_path: Path) -> Path:
    """Where a verifier writes opened documents (apart from the server's data dir)."""
    path = tmp_path / "opened"
    path.mkdir()
    return path


# --- intake ----------------------------------------------------------------------------------


def test_a_sealed_application_is_received_with_its_key_id_and_no_clear_fields(
    server: Harness, kiosk: Kiosk
) -> None:
    key = make_key(server)
    app = sealed_application(key, plain_documents())
    first = put_manifest(server.client, kiosk, app)
    assert first.status_code == 201, first.text
    assert [m["document_code"] for m in first.json()["missing"]] == [
        "kk",
        "ktp-el",
        P.SEALED_FIELDS_DOCUMENT,
    ]
    assert submit(server.client, kiosk, app)["status"] == "received"
    assert server.scalar("SELECT seal_key_id FROM applications") == key.key_id
    stored_fields = server.scalar("SELECT fields FROM applications")
    assert (json.loads(stored_fields) if isinstance(stored_fields, str) else stored_fields) == {}
    for doc in app.docs:
        with server.storage.open_blob(doc.sha256) as handle:
            assert handle.read() == doc.data
    assert NIK.encode() not in b"".join(doc.data for doc in app.docs)
    # The same sealed manifest again is a no-op, not a conflict.
    assert put_manifest(server.client, kiosk, app).status_code == 200


def test_a_manifest_sealed_to_an_older_key_is_still_accepted(server: Harness, kiosk: Kiosk) -> None:
    old = make_key(server)
    make_key(server)  # rotation: a new current key; the old one stays
    app = sealed_application(old, plain_documents())
    assert submit(server.client, kiosk, app)["status"] == "received"


def _unknown_key(app: Application) -> dict[str, Any]:
    return {"seal_key_id": "0123456789abcdef"}


def _clear_fields(app: Application) -> dict[str, Any]:
    return {"fields": {"nik": NIK}}


def _no_fields_document(app: Application) -> dict[str, Any]:
    return {"attachments": [d.ref() for d in app.docs[:-1]]}


def _two_fields_documents(app: Application) -> dict[str, Any]:
    refs = [d.ref() for d in app.docs]
    refs[0]["document_code"] = P.SEALED_FIELDS_DOCUMENT
    return {"attachments": refs}


@pytest.mark.parametrize(
    ("breaks", "says"),
    [
        (_unknown_key, "0123456789abcdef"),
        (_clear_fields, "fields"),
        (_no_fields_document, "(found 0)"),
        (_two_fields_documents, "(found 2)"),
    ],
)
def test_a_manifest_that_breaks_the_sealing_rules_is_refused(
    server: Harness, kiosk: Kiosk, breaks: Any, says: str
) -> None:
    app = sealed_application(make_key(server), plain_documents())
    before = server.snapshot()
    response = put_manifest(server.client, kiosk, app, **breaks(app))
    assert (response.status_code, response.json()["code"]) == (422, "seal_invalid")
    assert says in response.json()["detail"]
    assert server.snapshot() == before


def test_a_sealed_manifest_is_refused_while_the_server_has_no_key(
    server: Harness, kiosk: Kiosk
) -> None:
    stranger = KeyRing(server.settings.data_dir / "elsewhere").create(None)
    response = put_manifest(server.client, kiosk, sealed_application(stranger, plain_documents()))
    assert (response.status_code, response.json()["code"]) == (422, "seal_invalid")
    assert server.scalar("SELECT count(*) FROM applications") == 0


@pytest.mark.parametrize("sealed_to", ["nothing", "another key"])
def test_an_upload_not_sealed_to_the_key_is_discarded(
    server: Harness, kiosk: Kiosk, sealed_to: str
) -> None:
    key = make_key(server)
    plain = plain_documents()
    app = sealed_application(key, plain)
    if sealed_to == "nothing":
        impostor = Document("kk", plain["kk"])
    else:
        other = KeyRing(server.settings.data_dir / "elsewhere").create(None)
        impostor = seal_document(other, app.application_id, "kk", plain["kk"])
    app.docs[0] = impostor  # the manifest declares exactly these bytes: the SHA-256 matches
    assert put_manifest(server.client, kiosk, app).status_code == 201
    assert put_chunk(server.client, kiosk, app, impostor, 0, 999).status_code == 200
    response = put_chunk(server.client, kiosk, app, impostor, 1000, impostor.size - 1)
    assert (response.status_code, response.json()["code"]) == (422, "seal_invalid")
    status = server.client.get(app.path, headers=kiosk.headers).json()
    assert status["status"] == "incomplete"
    assert [(m["document_code"], m["offset"]) for m in status["missing"]] == [
        ("kk", 0),
        ("ktp-el", 0),
        (P.SEALED_FIELDS_DOCUMENT, 0),
    ]
    assert server.snapshot()["files"] == []  # the partial is gone, nothing was stored
    assert count(server, "attachment_seal_invalid") == 1
    # The other attachments are unaffected; the application can never be received.
    for doc in app.docs[1:]:
        upload(server.client, kiosk, app, doc)
    again = put_chunk(server.client, kiosk, app, impostor, 0, impostor.size - 1)
    assert again.status_code == 422
    final = server.client.get(app.path, headers=kiosk.headers).json()
    assert (final["status"], len(final["missing"])) == ("incomplete", 1)


def test_a_stored_blob_that_is_not_sealed_is_refused_at_the_manifest(
    server: Harness, kiosk: Kiosk
) -> None:
    plain = plain_documents()
    # Stored in clear before the key existed (a key made outside `keys create`, which would
    # seal the stored documents too: server.clear_sealing).
    clear = Application([Document("kk", plain["kk"])], number="3171-0400")
    assert submit(server.client, kiosk, clear)["status"] == "received"
    key = make_key(server)
    app = sealed_application(key, plain)
    app.docs[0] = Document("kk", plain["kk"])  # "known" at once: same sha256, same size
    before = server.snapshot()
    response = put_manifest(server.client, kiosk, app)
    assert (response.status_code, response.json()["code"]) == (422, "seal_invalid")
    assert server.snapshot() == before


def test_a_blob_stored_meanwhile_by_a_clear_application_does_not_complete_a_sealed_one(
    server: Harness, kiosk: Kiosk
) -> None:
    key = make_key(server)
    plain = plain_documents()
    app = sealed_application(key, plain)
    app.docs[0] = Document("kk", plain["kk"])
    assert put_manifest(server.client, kiosk, app).status_code == 201  # not stored yet
    clear = Application([Document("kk", plain["kk"])], number="3171-0401")
    assert submit(server.client, kiosk, clear)["status"] == "received"
    # The clear application's document was sealed on arrival (server.clear_sealing): no clear
    # blob exists to complete the sealed one, and the same bytes uploaded are refused.
    assert not server.storage.has_blob(app.docs[0].sha256)
    response = put_chunk(server.client, kiosk, app, app.docs[0], 0, app.docs[0].size - 1)
    assert (response.status_code, response.json()["code"]) == (422, "seal_invalid")
    status = server.client.get(app.path, headers=kiosk.headers).json()
    assert (status["status"], status["missing"][0]["offset"]) == ("incomplete", 0)


def test_a_correction_reuses_the_sealed_blobs_of_version_1(
    server: Harness, kiosk: Kiosk, capsys: pytest.CaptureFixture[str]
) -> None:
    key = make_key(server)
    plain = plain_documents()
    first = sealed_application(key, plain)
    assert submit(server.client, kiosk, first)["status"] == "received"
    decide(
        server.database,
        first.application_id,
        P.ApplicationStatus.REJECTED,
        reason="Foto KTP buram",
        fix="Pindai ulang KTP",
        operator_id="verifikator-1",
    )
    corrected = {**plain, "ktp-el": os.urandom(2500)}
    second = sealed_application(
        key,
        corrected,
        application_id=first.application_id,
        version=2,
        reuse={"kk": first.docs[0]},
    )
    response = put_manifest(server.client, kiosk, second)
    assert response.status_code == 201, response.text
    missing = [m["document_code"] for m in response.json()["missing"]]
    assert missing == ["ktp-el", P.SEALED_FIELDS_DOCUMENT]  # kk: already stored, no upload
    assert submit(server.client, kiosk, second)["status"] == "received"
    out = server.settings.data_dir / "kk-v2.jpg"
    code, _, err = cli(
        server, capsys, "open-attachment", str(first.application_id), "kk", "--out", str(out)
    )
    assert code == 0, err
    assert out.read_bytes() == plain["kk"]  # v1's sealed blob opens in v2 (no version in context)
    assert server.scalar("SELECT version FROM audit_events WHERE action = 'attachment_opened'") == 2


# --- verifiers -------------------------------------------------------------------------------


@pytest.mark.parametrize("passphrase", [None, PASSPHRASE], ids=["plain-key", "encrypted-key"])
def test_show_opens_the_sealed_fields(
    server: Harness,
    kiosk: Kiosk,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    passphrase: str | None,
) -> None:
    key = make_key(server, passphrase)
    app = sealed_application(key, plain_documents())
    submit(server.client, kiosk, app)
    args = ["show", str(app.application_id), "--operator", "verif-1"]
    if passphrase:
        with_stdin(monkeypatch, passphrase)
        args.append("--passphrase-stdin")
    code, out, err = cli(server, capsys, *args)
    assert code == 0, err
    shown = json.loads(out)
    assert shown["fields"] == APPLICANT
    assert (shown["sealed"], shown["seal_key_id"]) == (True, key.key_id)
    assert [a["sha256"] for a in shown["attachments"]] == [d.sha256 for d in app.docs]
    assert (shown["number"], shown["version"], shown["status"]) == ("3171-0500", 1, "received")
    assert count(server, "application_viewed") == 1
    assert verify(server, capsys)[0] == 0


def test_show_before_the_sealed_fields_arrive_names_the_key_and_no_fields(
    server: Harness, kiosk: Kiosk, capsys: pytest.CaptureFixture[str]
) -> None:
    key = make_key(server)
    app = sealed_application(key, plain_documents())
    put_manifest(server.client, kiosk, app)
    upload(server.client, kiosk, app, app.docs[0])  # kk arrived, data-pemohon not yet
    code, out, err = cli(server, capsys, "show", str(app.application_id))
    assert code == 0, err
    shown = json.loads(out)
    assert (shown["fields"], shown["sealed"], shown["status"]) == (None, True, "incomplete")


def test_show_of_a_clear_application_is_unchanged(
    server: Harness, kiosk: Kiosk, capsys: pytest.CaptureFixture[str]
) -> None:
    app = Application([Document("kk", os.urandom(100))])
    submit(server.client, kiosk, app)
    code, out, _ = cli(server, capsys, "show", str(app.application_id))
    assert code == 0
    shown = json.loads(out)
    assert shown["fields"] == app.fields
    assert "sealed" not in shown
    assert "seal_key_id" not in shown


@pytest.mark.parametrize("typed", [None, "frasa sandi yang salah"], ids=["missing", "wrong"])
def test_a_missing_or_wrong_passphrase_is_a_clear_refusal_and_reads_nothing(
    server: Harness,
    kiosk: Kiosk,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    typed: str | None,
) -> None:
    key = make_key(server, PASSPHRASE)
    app = sealed_application(key, plain_documents())
    submit(server.client, kiosk, app)
    extra = []
    if typed is not None:
        with_stdin(monkeypatch, typed)
        extra = ["--passphrase-stdin"]
    code, out, err = cli(server, capsys, "show", str(app.application_id), *extra)
    assert (code, out) == (1, "")
    assert "passphrase" in err
    out_file = server.settings.data_dir / "kk.jpg"
    if typed is not None:
        with_stdin(monkeypatch, typed)
    code, _, err = cli(
        server,
        capsys,
        "open-attachment",
        str(app.application_id),
        "kk",
        "--out",
        str(out_file),
        *extra,
    )
    assert code == 1
    assert "passphrase" in err
    assert not out_file.exists()
    assert count(server, "application_viewed") + count(server, "attachment_opened") == 0


def test_open_attachment_writes_the_original_document_once(
    server: Harness,
    kiosk: Kiosk,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    opened_dir: Path,
) -> None:
    key = make_key(server, PASSPHRASE)
    plain = plain_documents()
    app = sealed_application(key, plain)
    submit(server.client, kiosk, app)
    out = opened_dir / "ktp.jpg"

    def open_it(code: str, target: Path) -> tuple[int, str, str]:
        with_stdin(monkeypatch, PASSPHRASE)
        return cli(
            server,
            capsys,
            "open-attachment",
            str(app.application_id),
            code,
            "--out",
            str(target),
            "--passphrase-stdin",
            "--operator",
            "verif-3",
        )

    code, printed, err = open_it("ktp-el", out)
    assert code == 0, err
    assert printed.strip() == str(out)
    assert out.read_bytes() == plain["ktp-el"]
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    code, _, err = open_it("kk", out)  # an existing file is never overwritten
    assert code == 1
    assert "not overwritten" in err
    assert out.read_bytes() == plain["ktp-el"]
    fields_out = opened_dir / "data-pemohon.json"
    assert open_it(P.SEALED_FIELDS_DOCUMENT, fields_out)[0] == 0
    assert json.loads(fields_out.read_bytes())["fields"] == APPLICANT
    assert open_it("selfie", opened_dir / "selfie.jpg")[0] == 1  # no such document
    assert sorted(p.name for p in opened_dir.iterdir()) == ["data-pemohon.json", "ktp.jpg"]
    rows = server.scalar(
        "SELECT count(*) FROM audit_events WHERE action = 'attachment_opened' "
        "AND operator_id = 'verif-3'"
    )
    assert rows == 2
    assert verify(server, capsys)[0] == 0


def test_open_attachment_of_a_clear_application_writes_the_stored_bytes(
    server: Harness, kiosk: Kiosk, capsys: pytest.CaptureFixture[str], opened_dir: Path
) -> None:
    doc = Document("kk", os.urandom(5000))
    app = Application([doc])
    submit(server.client, kiosk, app)
    out = opened_dir / "kk.jpg"
    code, _, err = cli(
        server, capsys, "open-attachment", str(app.application_id), "kk", "--out", str(out)
    )
    assert code == 0, err
    assert out.read_bytes() == doc.data


def test_open_attachment_refuses_a_document_the_sealed_fields_do_not_describe(
    server: Harness, kiosk: Kiosk, capsys: pytest.CaptureFixture[str], opened_dir: Path
) -> None:
    key = make_key(server)
    plain = plain_documents()
    app = sealed_application(key, plain, described={**plain, "kk": b"something else"})
    submit(server.client, kiosk, app)
    out = opened_dir / "kk.jpg"
    code, _, err = cli(
        server, capsys, "open-attachment", str(app.application_id), "kk", "--out", str(out)
    )
    assert code == 1
    assert "does not match the SHA-256" in err
    assert not out.exists()
    assert count(server, "attachment_opened") == 0
    # The correctly described document of the same application still opens.
    other = opened_dir / "ktp.jpg"
    code, _, _ = cli(
        server, capsys, "open-attachment", str(app.application_id), "ktp-el", "--out", str(other)
    )
    assert (code, other.read_bytes()) == (0, plain["ktp-el"])


def test_the_published_api_documents_sealed_manifests_and_seal_invalid(server: Harness) -> None:
    document = server.client.get("/openapi.json").json()
    schemas = document["components"]["schemas"]
    assert "seal_invalid" in schemas["ErrorCode"]["enum"]
    manifest_key = schemas["ApplicationManifest"]["properties"]["seal_key_id"]["anyOf"][0]
    assert manifest_key["pattern"] == P.SEAL_KEY_ID_PATTERN
    put = document["paths"]["/api/v1/applications/{application_id}/versions/{version}"]["put"]
    assert put["responses"]["422"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorBody"
    }
    # The typed error of the service layer carries the documented status and code.
    assert (SealInvalid.status, SealInvalid.code) == (422, P.ErrorCode.SEAL_INVALID)


def test_clear_applications_are_sealed_on_the_server_when_a_key_is_created(
    server: Harness, kiosk: Kiosk, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 11, point 13: NIK and name sent before a key existed do not stay in clear."""
    before = [Application([Document("kk", os.urandom(100))]) for _ in range(2)]
    for app in before:
        submit(server.client, kiosk, app)
    assert NIK in json.dumps(server.snapshot(), default=str)
    assert cli(server, capsys, "keys", "create")[0] == 0
    rows = server.scalar("SELECT COUNT(*) FROM applications WHERE sealed_fields IS NOT NULL")
    assert rows == 2
    # The clear copy is gone from every table; the sealed one opens to the same fields.
    assert NIK not in json.dumps(server.snapshot(), default=str)
    assert count(server, "application_fields_sealed") == 2
    for app in before:
        code, out, err = cli(server, capsys, "show", str(app.application_id))
        assert code == 0, err
        shown = json.loads(out)
        assert (shown["fields"], shown["sealed_on_server"]) == (app.fields, True)
    # Idempotent: a rotation seals nothing twice (the sealed copy stays under the old key).
    sealed_before = server.scalar("SELECT sealed_fields FROM applications ORDER BY pk LIMIT 1")
    assert cli(server, capsys, "keys", "rotate")[0] == 0
    assert count(server, "application_fields_sealed") == 2
    assert server.scalar("SELECT sealed_fields FROM applications ORDER BY pk LIMIT 1") == (
        sealed_before
    )
    # A clear application arriving while a key exists (a kiosk not upgraded yet) is sealed
    # on arrival, in the transaction that records it; a replay of its manifest is still 200.
    late = Application([Document("kk", os.urandom(100))])
    submit(server.client, kiosk, late)
    assert count(server, "application_fields_sealed") == 3
    assert NIK not in json.dumps(server.snapshot(), default=str)
    assert put_manifest(server.client, kiosk, late).status_code == 200
    code, out, err = cli(server, capsys, "show", str(late.application_id))
    assert (code, json.loads(out)["fields"]) == (0, late.fields), err
    assert cli(server, capsys, "keys", "rotate")[0] == 0
    assert count(server, "application_fields_sealed") == 3
    assert verify(server, capsys)[0] == 0
