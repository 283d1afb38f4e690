"""A supervisor uploads a field laptop's sealed USB bundle on the back office's page.

Real `kiosk-server serve` and `kiosk-server backoffice` processes on PostgreSQL and a real
`kiosk bundle export`; the page runs the same import as `kiosk-server bundle import`. Without
the CSRF token nothing is imported; the bundle imports its applications once (a second upload
finds them all present); a damaged copy is refused whole with the reason; a verifikator may
not upload; the receipt downloaded from the page acknowledges the laptop (`kiosk bundle ack`);
the audit names the supervisor and still verifies.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from server.db import Database
from server.models import AuditEvent
from tests.e2e.test_field_bundles import export
from tests.e2e.test_offline_sync import OFFICE, queue_applications
from tests.helpers.postgres import PostgresCluster
from tests.helpers.processes import BackofficeProcess, ServerProcess, enroll, kiosk_json
from tests.helpers.processes import district as running_district

PASSWORD = "sandi-supervisor-1"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')

pytestmark = pytest.mark.postgres


@pytest.fixture
def district(
    postgres_cluster: PostgresCluster, tmp_path: Path
) -> Iterator[tuple[ServerProcess, BackofficeProcess]]:
    staff = [("kadek", "Kadek", "supervisor"), ("siti", "Siti", "verifikator")]
    database = postgres_cluster.url(postgres_cluster.create_database())
    with running_district(tmp_path / "server", database, OFFICE, PASSWORD, staff) as running:
        yield running


def signed_in(base: str, username: str) -> requests.Session:
    session = requests.Session()
    page = session.get(base + "/backoffice/login", timeout=30)
    token = TOKEN.search(page.text)
    assert token
    answer = session.post(
        base + "/backoffice/login",
        data={"username": username, "password": PASSWORD, "csrf_token": token.group(1)},
        timeout=30,
    )
    assert answer.ok
    assert "nav" in answer.text
    return session


def upload(
    session: requests.Session, base: str, path: Path, csrf: bool = True
) -> requests.Response:
    page = session.get(base + "/backoffice/bundles/", timeout=30)
    assert page.status_code == 200, page.text[:300]
    token = TOKEN.search(page.text)
    assert token
    data = {"csrf_token": token.group(1)} if csrf else {}
    with path.open("rb") as handle:
        return session.post(
            base + "/backoffice/bundles/",
            data=data,
            files={"bundle": (path.name, handle, "application/octet-stream")},
            timeout=300,
        )


def test_a_supervisor_imports_a_bundle_once_and_the_receipt_acks_the_laptop(
    district: tuple[ServerProcess, BackofficeProcess], tmp_path: Path
) -> None:
    server, backoffice = district
    base = backoffice.url
    laptop, stick = tmp_path / "laptop", tmp_path / "stick"
    enroll(server, laptop, OFFICE)
    queue_applications(laptop, 3, random.Random(12))
    export(laptop, stick / "minggu-1.bundle")
    damaged = stick / "rusak.bundle"
    data = bytearray((stick / "minggu-1.bundle").read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))

    kadek = signed_in(base, "kadek")
    refused = upload(kadek, base, stick / "minggu-1.bundle", csrf=False)
    assert refused.status_code == 403
    assert server.applications() == []

    bad = upload(kadek, base, damaged)
    assert bad.status_code == 422
    assert "Bundel ditolak" in bad.text
    assert "Tidak ada yang diimpor" in bad.text
    assert server.applications() == []

    first = upload(kadek, base, stick / "minggu-1.bundle")
    assert first.status_code == 200, first.text[:500]
    assert '<span id="imported">3</span> diimpor' in first.text
    assert '<span id="already">0</span>' in first.text
    assert len(server.applications()) == 3
    again = upload(kadek, base, stick / "minggu-1.bundle")
    assert '<span id="imported">0</span>' in again.text
    assert '<span id="already">3</span> sudah ada' in again.text
    assert len(server.applications()) == 3

    link = re.search(r'id="receipt" href="([^"]+)"', again.text)
    assert link
    receipt = kadek.get(base + link.group(1), timeout=30)
    assert receipt.status_code == 200
    saved = stick / "minggu-1.bundle.receipt.json"
    saved.write_bytes(receipt.content)
    acked = kiosk_json("bundle", "ack", "--data-dir", str(laptop), str(saved), "--json")
    assert acked["acknowledged"] == 3

    siti = signed_in(base, "siti")
    assert siti.get(base + "/backoffice/bundles/", timeout=30).status_code == 403
    assert siti.get(base + link.group(1), timeout=30).status_code == 403
    signed_out = requests.get(base + link.group(1), timeout=30, allow_redirects=False)
    assert signed_out.status_code in (303, 401)

    audit = server.cli("audit", "verify", "--json")
    assert '"ok": true' in audit.stdout
    database = Database(server.database_url)
    try:
        with database.read() as session:
            actions = session.execute(
                sa.select(AuditEvent.action, AuditEvent.operator_id).where(
                    AuditEvent.action.in_(["bundle_imported", "bundle_refused"])
                )
            ).all()
    finally:
        database.dispose()
    assert sorted(actions) == [
        ("bundle_imported", "bo:kadek"), ("bundle_imported", "bo:kadek"),
        ("bundle_refused", "bo:kadek"),
    ]  # fmt: skip
