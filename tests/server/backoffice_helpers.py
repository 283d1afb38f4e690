"""A back office on the same database and storage as an intake harness, with signed-in users."""

from __future__ import annotations

import re
import warnings
from collections.abc import Generator
from dataclasses import dataclass
from typing import Any

from server import staff
from server.backoffice.app import create_backoffice_app
from server.backoffice.context import BackofficeContext
from server.nik_digest import NikDigester
from server.rejection_reasons import load_reasons
from server.seal_keys import KeyRing, SealKey
from server.unsealing import Opener

from .builders import OFFICE, OTHER_OFFICE, Kiosk, submit
from .conftest import Harness
from .test_sealed_applications import plain_documents, sealed_application

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

PASSWORD = "sandi-verifikator-1"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = CSRF_RE.search(html)
    assert found, "no csrf_token in the page"
    return found.group(1)


@dataclass
class Backoffice:
    intake: Harness
    key: SealKey
    context: BackofficeContext
    client: Any  # TestClient

    def add_user(
        self, username: str, role: str = "verifikator", offices: tuple[str, ...] = (OFFICE,)
    ) -> None:
        staff.add_user(
            self.intake.database,
            username,
            f"Nama {username}",
            staff.StaffRole(role),
            list(offices),
            PASSWORD,
            "test",
        )

    def sign_in(self, username: str, password: str = PASSWORD) -> Any:
        """Signs in with a fresh cookie jar (the shared client keeps one person at a time)."""
        self.client.cookies.clear()
        page = self.client.get("/backoffice/login")
        assert page.status_code == 200
        return self.client.post(
            "/backoffice/login",
            data={"username": username, "password": password, "csrf_token": csrf_of(page.text)},
            follow_redirects=False,
        )

    def csrf(self) -> str:
        return csrf_of(self.client.get("/backoffice/").text)

    def submit_sealed(
        self,
        kiosk: Kiosk,
        number: str,
        plain: dict[str, bytes] | None = None,
        fields: dict[str, str] | None = None,
        quality: dict[str, Any] | None = None,
        capture: dict[str, dict[str, Any]] | None = None,
    ) -> Any:
        app = sealed_application(
            self.key, plain or plain_documents(), fields=fields, quality=quality, capture=capture
        )
        app.number = number
        status = submit(self.intake.client, kiosk, app)
        assert status["status"] == "received", status
        return app

    def reviewing(self, kiosk: Kiosk, number: str, **submitted: Any) -> str:
        """Verifier siti signed in, `number` received (submit_sealed): its review page's url."""
        self.add_user("siti")
        app = self.submit_sealed(kiosk, number, **submitted)
        self.sign_in("siti")
        return f"/backoffice/applications/{app.application_id}"


def make_backoffice(intake: Harness) -> Generator[Backoffice, None, None]:
    ring = KeyRing(intake.settings.seal_keys_dir)
    key = ring.create(None)
    context = BackofficeContext(
        settings=intake.settings,
        database=intake.database,
        opener=Opener(intake.storage, ring, None),
        digester=NikDigester.from_dir(intake.settings.keys_dir),
        reasons=load_reasons(),
    )
    with TestClient(create_backoffice_app(context), raise_server_exceptions=True) as client:
        yield Backoffice(intake, key, context, client)


__all__ = ["OFFICE", "OTHER_OFFICE", "Backoffice", "csrf_of", "make_backoffice"]


def submit_many(bo: Backoffice, server: Harness, kiosk: Kiosk, count: int, prefix: str) -> None:
    """`count` sealed applications numbered `<prefix>000`..., from three kiosks of the office
    (one kiosk alone would go past its request rate limit: 6 requests per application)."""
    kiosks = [kiosk, server.enroll(name="loket 2"), server.enroll(name="loket 3")]
    for i in range(count):
        bo.submit_sealed(kiosks[i % 3], f"{prefix}{i:03d}", {"kk": bytes([i]) * 10})
