"""The server's own audit chain (INVARIANT 4): complete, append-only, tamper-evident."""

from __future__ import annotations

import json
import uuid

import pytest
import sqlalchemy as sa
from alembic import command

from server.audit import record, verify_server_chain
from server.db import Database, alembic_config, migrate
from server.device_admin import revoke_device
from server.feed import decide
from server.models import Device
from sync import protocol as P

from .builders import Application, Kiosk, documents, submit
from .conftest import Harness
from .security_helpers import cli, swap, tamper, verify


def actions(server: Harness) -> list[tuple[int, str, str]]:
    with server.database.engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT seq, action, operator_id FROM audit_events ORDER BY seq")
        ).all()
    return [(int(seq), action, operator) for seq, action, operator in rows]


def busy_server(server: Harness, kiosk: Kiosk) -> Application:
    """Enrollment, an upload, a decision and a revocation: a chain of a dozen entries."""
    app = Application(documents(10, 20))
    submit(server.client, kiosk, app)
    decide(
        server.database,
        app.application_id,
        P.ApplicationStatus.VERIFIED,
        reason=None,
        fix=None,
        operator_id="verifikator-1",
    )
    revoke_device(server.database, server.enroll().device_id, "admin-1")
    return app


def test_every_change_is_chained_with_who_did_it(server: Harness, kiosk: Kiosk) -> None:
    busy_server(server, kiosk)
    seen = actions(server)
    assert [seq for seq, _, _ in seen] == list(range(1, len(seen) + 1))
    assert ("decision", "verifikator-1") in [(a, o) for _, a, o in seen]
    assert ("device_revoked", "admin-1") in [(a, o) for _, a, o in seen]
    assert [a for _, a, o in seen if o == kiosk.operator] == [
        "manifest_accepted",
        "attachment_stored",
        "attachment_stored",
        "application_received",
    ]
    with server.database.read() as session:
        check = verify_server_chain(session)
    assert (check.ok, check.entries, check.head_seq) == (True, len(seen), len(seen))


def test_a_rolled_back_change_leaves_no_entry_and_no_gap(server: Harness) -> None:
    def fail_after_recording() -> None:
        with server.database.write() as session:
            record(session, "lost", "nobody")
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        fail_after_recording()
    with server.database.write() as session:
        record(session, "kept", "somebody")
    assert actions(server) == [(1, "kept", "somebody")]


def test_the_database_refuses_to_change_or_delete_entries(server: Harness, kiosk: Kiosk) -> None:
    busy_server(server, kiosk)
    for statement in (
        "UPDATE audit_events SET detail = 'x' WHERE seq = 1",
        "DELETE FROM audit_events WHERE seq = 1",
    ):
        with server.database.engine.connect() as connection:
            with pytest.raises(sa.exc.DBAPIError):
                connection.execute(sa.text(statement))
            connection.rollback()
    assert actions(server)[0][0] == 1


@pytest.mark.parametrize(
    ("tampering", "first_bad", "problem"),
    [
        (("UPDATE audit_events SET detail = 'tidak ada' WHERE seq = 3",), 3, "edited"),
        (("UPDATE audit_events SET operator_id = 'orang-lain' WHERE seq = 5",), 5, "edited"),
        (("DELETE FROM audit_events WHERE seq = 4",), 4, "missing"),
        (swap("audit_events", "", 2, 3), 2, "reordered"),
        (
            ("DELETE FROM audit_events WHERE seq = (SELECT MAX(seq) FROM audit_events)",),
            0,
            "newest",
        ),
    ],
    ids=["edit detail", "edit operator", "delete", "reorder", "delete newest"],
)
def test_audit_verify_finds_a_single_tampered_server_entry(
    server: Harness,
    kiosk: Kiosk,
    capsys: pytest.CaptureFixture[str],
    tampering: tuple[str, ...],
    first_bad: int,
    problem: str,
) -> None:
    busy_server(server, kiosk)
    newest = len(actions(server))
    assert verify(server, capsys)[0] == 0
    tamper(server.database, *tampering)
    code, report = verify(server, capsys)
    assert code == 1
    assert report["ok"] is False
    chain = report["chains"][0]
    assert chain["chain"] == "server"
    assert chain["first_bad_seq"] == (first_bad or newest)
    assert problem in chain["problem"]
    code, _, err = cli(server, capsys, "audit", "verify")
    assert code == 1
    assert f"entri {first_bad or newest}" in err


def test_verify_reports_every_chain_when_all_is_well(
    server: Harness, kiosk: Kiosk, capsys: pytest.CaptureFixture[str]
) -> None:
    busy_server(server, kiosk)
    code, out, _ = cli(server, capsys, "audit", "verify")
    assert code == 0
    assert "server: utuh/intact" in out


def test_migration_chains_the_entries_written_before_it(database: Database) -> None:
    with database.engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0001")
    device_id = uuid.uuid4()
    with database.engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO devices (id, name, office_code, credential_sha256, enrolled_at) "
                "VALUES (:id, 'lama', '51.08', :sha, :at)"
            ),
            {
                "id": device_id.hex if database.is_sqlite else str(device_id),
                "sha": "a" * 64,
                "at": "2025-01-01 10:00:00.000000",
            },
        )
        for n in range(3):
            connection.execute(
                sa.text(
                    "INSERT INTO audit_events (at, action, operator_id, device_id, detail) "
                    "VALUES (:at, 'decision', 'lama', NULL, :detail)"
                ),
                {
                    # How revision 0001 stored times on each database.
                    "at": f"2025-01-0{n + 1} 10:00:00.000001"
                    if database.is_sqlite
                    else f"2025-01-0{n + 1}T10:00:00.000001+00:00",
                    "detail": f"baris {n}" if n else None,
                },
            )
    migrate(database)
    with database.write() as session:
        record(session, "after", "baru")
    with database.read() as session:
        check = verify_server_chain(session)
    assert (check.ok, check.entries, check.head_seq) == (True, 4, 4), check
    with database.read() as session:  # rows of 0001 survive the table changes of 0002
        device = session.get(Device, device_id)
        assert device is not None
        assert (device.name, device.next_credential_sha256) == ("lama", None)


def test_reading_citizen_data_through_the_cli_is_audited(
    server: Harness, kiosk: Kiosk, capsys: pytest.CaptureFixture[str]
) -> None:
    app = busy_server(server, kiosk)
    code, out, _ = cli(server, capsys, "show", str(app.application_id), "--operator", "verif-2")
    assert code == 0
    assert json.loads(out)["fields"] == app.fields
    assert cli(server, capsys, "applications", "--json", "--operator", "verif-2")[0] == 0
    assert cli(server, capsys, "show", str(uuid.uuid4()))[0] == 1
    newest = actions(server)[-2:]
    assert [(action, operator) for _, action, operator in newest] == [
        ("application_viewed", "verif-2"),
        ("applications_listed", "verif-2"),
    ]
