"""The `kiosk-server` commands, run in-process through server.cli.main."""

from __future__ import annotations

import dataclasses
import json
import re
import uuid
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from server import config
from server.cli import EXIT_NOT_MIGRATED, EXIT_REFUSED, EXIT_USAGE, main
from server.config import ENV_DATA_DIR, ENV_DATABASE_URL
from server.db import head_revision
from server.enrollment import create_code
from server.models import EnrollmentCode
from sync import protocol as P
from sync.protocol import bundles as b

from .builders import Application, Kiosk, documents, put_manifest, submit
from .conftest import Harness


def run(server: Harness, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    where = [
        "--database-url",
        server.settings.database_url,
        "--data-dir",
        str(server.settings.data_dir),
    ]
    code = main([*args, *where])
    out, err = capsys.readouterr()
    return code, out, err


def listing(
    server: Harness, capsys: pytest.CaptureFixture[str], *extra: str
) -> list[dict[str, Any]]:
    code, out, _ = run(server, capsys, "applications", "--json", *extra)
    assert code == 0
    return json.loads(out)


def test_migrate_is_idempotent_and_says_where_it_is(
    server: Harness, capsys: pytest.CaptureFixture[str]
) -> None:
    head = head_revision()  # the newest migration, whichever branch added it
    assert run(server, capsys, "migrate")[:2] == (
        0,
        f"Skema basis data pada revisi {head} / database schema at revision {head}\n",
    )
    assert run(server, capsys, "migrate")[0] == 0


def test_an_enrollment_code_from_the_cli_enrolls_a_device(
    server: Harness, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(server, capsys, "enrollment-code", "--office", "51.08.01.2001")
    assert code == 0
    assert re.fullmatch(P.ENROLLMENT_CODE_PATTERN, out.strip())
    assert "72" in err
    body = {"device_id": str(uuid.uuid4()), "code": out.strip(), "device_name": "loket"}
    assert server.client.post(P.ENROLL_PATH, json=body).status_code == 201


def code_lifetimes(server: Harness) -> list[float]:
    """Hours between creating and expiring each stored enrollment code, oldest first."""
    with server.database.read() as session:
        rows = session.execute(
            sa.select(EnrollmentCode.created_at, EnrollmentCode.expires_at).order_by(
                EnrollmentCode.created_at
            )
        ).all()
    return [(expires - created).total_seconds() / 3600 for created, expires in rows]


def test_a_code_lives_as_long_as_the_server_settings_say_unless_told(
    server: Harness, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lifetime has one default, ServerSettings.enrollment_code_ttl_hours (72)."""
    assert run(server, capsys, "enrollment-code", "--office", "51.08.01.2001")[0] == 0
    resolve = config.resolve_settings
    monkeypatch.setattr(
        config,
        "resolve_settings",
        lambda *a: dataclasses.replace(resolve(*a), enrollment_code_ttl_hours=5),
    )
    code, _, err = run(server, capsys, "enrollment-code", "--office", "51.08.01.2001")
    assert (code, "berlaku 5 jam" in err) == (0, True)
    assert run(server, capsys, "enrollment-code", "--office", "51.08", "--ttl-hours", "9")[0] == 0
    device = kiosk_device(server)
    code, _, err = run(server, capsys, "rotate-device", device)
    assert (code, "5 jam" in err) == (0, True)
    assert code_lifetimes(server) == [72, 5, 9, 1, 5]  # 1: kiosk_device's own code


def kiosk_device(server: Harness) -> str:
    """A device enrolled through the API, for the commands that name one."""
    device_id = str(uuid.uuid4())
    code = create_code(server.database, "51.08.01.2001", 1, "test")
    body = {"device_id": device_id, "code": code, "device_name": "loket"}
    assert server.client.post(P.ENROLL_PATH, json=body).status_code == 201
    return device_id


@pytest.mark.parametrize("office", ["51.8", "../51", "51.08.01.2001.1", ""])
def test_a_malformed_office_code_is_a_usage_error(
    server: Harness, capsys: pytest.CaptureFixture[str], office: str
) -> None:
    code, out, err = run(server, capsys, "enrollment-code", "--office", office)
    assert (code, out) == (EXIT_USAGE, "")
    assert "wilayah" in err


def test_applications_lists_every_attachment_as_stored(
    server: Harness, kiosk: Kiosk, capsys: pytest.CaptureFixture[str]
) -> None:
    done = Application(documents(1500, 2500), number="3171-0100")
    submit(server.client, kiosk, done)
    pending = Application(documents(10), number="3171-0101")
    put_manifest(server.client, kiosk, pending)
    rows = {row["number"]: row for row in listing(server, capsys, "--verify")}
    assert rows["3171-0100"]["id"] == str(done.application_id)
    assert (rows["3171-0100"]["status"], rows["3171-0100"]["version"]) == ("received", 1)
    assert [
        (a["document_code"], a["sha256"], a["size"], a["stored_size"], a["stored_sha256"])
        for a in rows["3171-0100"]["attachments"]
    ] == [(d.code, d.sha256, d.size, d.size, d.sha256) for d in done.docs]
    assert rows["3171-0101"]["status"] == "incomplete"
    assert rows["3171-0101"]["attachments"][0]["stored_sha256"] is None
    assert "fields" not in rows["3171-0100"]  # no citizen data on a terminal by default
    code, text, _ = run(server, capsys, "applications")
    assert code == 0
    assert "3171-0100" in text


def test_decide_records_a_rejection_that_reaches_the_feed(
    server: Harness, kiosk: Kiosk, capsys: pytest.CaptureFixture[str]
) -> None:
    app = Application(documents(10))
    submit(server.client, kiosk, app)
    code, _, err = run(server, capsys, "decide", str(app.application_id), "--status", "rejected")
    assert code == EXIT_REFUSED
    assert "--reason" in err
    code, out, _ = run(
        server,
        capsys,
        "decide",
        str(app.application_id),
        "--status",
        "rejected",
        "--reason",
        "Swafoto buram",
        "--fix",
        "Ulangi swafoto",
    )
    assert (code, out.strip()) == (0, f"{app.application_id} v1: rejected")
    entries = server.client.get(P.CHANGES_PATH, headers=kiosk.headers).json()["entries"]
    assert (entries[-1]["status"], entries[-1]["reason"], entries[-1]["fix"]) == (
        "rejected",
        "Swafoto buram",
        "Ulangi swafoto",
    )
    code, _, err = run(server, capsys, "decide", str(app.application_id), "--status", "verified")
    assert code == EXIT_REFUSED
    assert "rejected" in err


def test_decide_refuses_unknown_and_malformed_ids(
    server: Harness, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        run(server, capsys, "decide", str(uuid.uuid4()), "--status", "verified")[0] == EXIT_REFUSED
    )
    assert run(server, capsys, "decide", "../1", "--status", "verified")[0] == EXIT_USAGE
    with pytest.raises(SystemExit) as usage:
        main(["decide", str(uuid.uuid4()), "--status", "received"])
    assert usage.value.code == EXIT_USAGE


def test_a_revoked_device_is_refused_and_listed_as_revoked(
    server: Harness, kiosk: Kiosk, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(server, capsys, "revoke-device", str(kiosk.device_id))
    assert code == 0
    assert "dicabut" in out
    assert server.client.get(P.CHANGES_PATH, headers=kiosk.headers).status_code == 403
    devices = json.loads(run(server, capsys, "devices", "--json")[1])
    assert [(d["device_id"], d["revoked_at"] is not None) for d in devices] == [
        (str(kiosk.device_id), True)
    ]
    assert run(server, capsys, "revoke-device", str(uuid.uuid4()))[0] == EXIT_REFUSED


def test_devices_shows_which_device_registered_its_signing_key(
    server: Harness, capsys: pytest.CaptureFixture[str]
) -> None:
    older = kiosk_device(server)  # enrolled without a key, as kiosks before signed bundles
    public_key = b.public_key_hex(Ed25519PrivateKey.generate())
    signed = str(uuid.uuid4())
    body = {
        "device_id": signed,
        "code": create_code(server.database, "51.08.01.2001", 1, "test"),
        "device_name": "jemput bola",
        "signing_key": public_key,
    }
    assert server.client.post(P.ENROLL_PATH, json=body).status_code == 201
    code, out, _ = run(server, capsys, "devices")
    assert code == 0
    rows = {line.split()[0]: line.split()[2] for line in out.splitlines()}
    assert rows == {older: "-", signed: f"ed25519:{public_key[:16]}"}
    listed = json.loads(run(server, capsys, "devices", "--json")[1])
    assert {d["device_id"]: d["signing_key"] for d in listed} == {older: None, signed: public_key}


def test_commands_read_the_environment_and_accept_options_first(
    server: Harness,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(ENV_DATABASE_URL, server.settings.database_url)
    monkeypatch.setenv(ENV_DATA_DIR, str(server.settings.data_dir))
    assert main(["enrollment-code", "--office", "51.08"]) == 0
    capsys.readouterr()
    monkeypatch.delenv(ENV_DATABASE_URL)
    assert main(["--database-url", server.settings.database_url, "devices", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_an_unmigrated_database_is_named_not_used(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'kosong.sqlite3'}"
    code = main(["applications", "--json", "--database-url", url, "--data-dir", str(tmp_path)])
    assert code == EXIT_NOT_MIGRATED
    assert "kiosk-server migrate" in capsys.readouterr().err


def test_the_default_database_is_sqlite_in_the_data_dir(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_DATABASE_URL, raising=False)
    assert main(["migrate", "--data-dir", str(tmp_path)]) == 0
    assert (tmp_path / "server.sqlite3").is_file()
    capsys.readouterr()
