"""The bundle upload page refuses, before importing anything: too large, no file, no CSRF
token, not a supervisor, not a bundle. Runs on SQLite and on a real PostgreSQL. The import of a
real bundle is tests/e2e/test_backoffice_bundles.py."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from server.backoffice import bundle_pages
from server.models import Application, AuditEvent

from .backoffice_helpers import Backoffice, csrf_of, make_backoffice
from .conftest import Harness


@pytest.fixture
def bo(server: Harness) -> Iterator[Backoffice]:
    yield from make_backoffice(server)


@pytest.fixture
def supervisor(bo: Backoffice) -> Backoffice:
    bo.add_user("kadek", role="supervisor", offices=())
    assert bo.sign_in("kadek").status_code == 303
    return bo


def upload(bo: Backoffice, content: bytes, token: str | None = "page") -> Any:
    page = bo.client.get("/backoffice/bundles/")
    assert page.status_code == 200
    data = {"csrf_token": csrf_of(page.text)} if token == "page" else {}
    return bo.client.post(
        "/backoffice/bundles/",
        data=data,
        files={"bundle": ("minggu-1.bundle", content, "application/octet-stream")},
    )


def nothing_imported(bo: Backoffice) -> None:
    with bo.intake.database.read() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Application)) == 0
    uploads = bo.context.settings.data_dir / "bundle-uploads"
    assert not uploads.exists() or list(uploads.iterdir()) == []  # no upload left behind


def test_a_file_over_the_limit_is_refused_before_it_is_read(
    supervisor: Backoffice, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bundle_pages, "MAX_BUNDLE_BYTES", 1000)
    answer = upload(supervisor, b"x" * (1000 + 70 * 1024))
    assert answer.status_code == 413
    assert "tidak ada yang diimpor" in answer.text
    nothing_imported(supervisor)


def test_no_csrf_token_or_no_file_imports_nothing(supervisor: Backoffice) -> None:
    assert upload(supervisor, b"PK\x03\x04", token=None).status_code == 403
    page = supervisor.client.get("/backoffice/bundles/")
    no_file = supervisor.client.post(
        "/backoffice/bundles/", data={"csrf_token": csrf_of(page.text)}
    )
    assert no_file.status_code == 400
    assert "Pilih berkas bundel" in no_file.text
    nothing_imported(supervisor)


def test_a_file_that_is_no_bundle_is_refused_with_the_reason_and_audited(
    supervisor: Backoffice,
) -> None:
    answer = upload(supervisor, b"bukan bundel sama sekali")
    assert answer.status_code == 422
    assert "Bundel ditolak" in answer.text
    assert "Tidak ada yang diimpor" in answer.text
    nothing_imported(supervisor)
    with supervisor.intake.database.read() as session:
        refused = session.execute(
            sa.select(AuditEvent.operator_id, AuditEvent.detail).where(
                AuditEvent.action == bundle_pages.REFUSED_ACTION
            )
        ).all()
    assert len(refused) == 1
    assert refused[0][0] == "bo:kadek"
    assert str(refused[0][1]).startswith("minggu-1.bundle: Bundel ditolak")


def test_a_verifikator_cannot_upload_and_an_unknown_receipt_is_404(bo: Backoffice) -> None:
    bo.add_user("siti")
    assert bo.sign_in("siti").status_code == 303
    assert bo.client.get("/backoffice/bundles/").status_code == 403
    token = csrf_of(bo.client.get("/backoffice/").text)
    posted = bo.client.post(
        "/backoffice/bundles/",
        data={"csrf_token": token},
        files={"bundle": ("a.bundle", b"PK", "application/octet-stream")},
    )
    assert posted.status_code == 403
    nothing_imported(bo)
    bo.add_user("kadek", role="supervisor", offices=())
    assert bo.sign_in("kadek").status_code == 303
    missing = "/backoffice/bundles/00000000-0000-0000-0000-000000000001/receipt"
    assert bo.client.get(missing).status_code == 404
    assert bo.client.get("/backoffice/bundles/not-a-uuid/receipt").status_code == 404
