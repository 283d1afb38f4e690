"""The citizen hears back: outbox, retry and backoff, a real SMTP server and an HTTP stub."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from email.message import Message

import pytest

from server.message_channels import Channel, SmtpChannel, WhatsAppChannel
from server.messages import backoff, consented_contact, deliver_due
from server.models import utc_now
from sync.protocol import CONTACT_CONSENT_FIELD, CONTACT_EMAIL_FIELD
from tests.helpers.message_stubs import smtp_server, whatsapp_stub
from tests.helpers.postgres import free_port

from .backoffice_helpers import Backoffice, make_backoffice
from .builders import Kiosk
from .conftest import Harness
from .test_sealed_applications import APPLICANT

CONSENTING = {
    **APPLICANT,
    CONTACT_CONSENT_FIELD: "whatsapp,email",
    CONTACT_EMAIL_FIELD: "ayu@example.org",
}


def body_of(mail: Message) -> str:
    payload = mail.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode()


@pytest.fixture
def bo(server: Harness) -> Iterator[Backoffice]:
    yield from make_backoffice(server)


def _reject(bo: Backoffice, kiosk: Kiosk, number: str, fields: dict[str, str]) -> str:
    bo.add_user("siti")
    app = bo.submit_sealed(kiosk, number, fields=fields)
    bo.sign_in("siti")
    answer = bo.client.post(
        f"/backoffice/applications/{app.application_id}/decision",
        data={"action": "reject", "reason": ["kk-buram"], "csrf_token": bo.csrf()},
    )
    assert answer.status_code == 200
    return str(app.application_id)


def test_consent_decides_the_channels() -> None:
    assert consented_contact(CONSENTING).email == "ayu@example.org"
    assert consented_contact(CONSENTING).whatsapp == "081234567890"
    assert consented_contact(APPLICANT) == consented_contact({})
    assert consented_contact({**CONSENTING, CONTACT_CONSENT_FIELD: "email"}).whatsapp is None
    bad = {**CONSENTING, CONTACT_EMAIL_FIELD: "not an address"}
    assert consented_contact(bad).email is None


def test_a_rejection_reaches_smtp_and_the_gateway_once_though_it_fails_twice(
    bo: Backoffice, kiosk: Kiosk
) -> None:
    app_id = _reject(bo, kiosk, "5108-0700", CONSENTING)
    with smtp_server() as (port, mailbox), whatsapp_stub(fail_first=2) as stub:
        channels: dict[str, Channel] = {
            "email": SmtpChannel("127.0.0.1", port, "disdukcapil@example.org"),
            "whatsapp": WhatsAppChannel(stub.url, "token-rahasia"),
        }
        now = utc_now()
        assert deliver_due(bo.intake.database, channels, now) == 1  # email; WhatsApp fails
        assert deliver_due(bo.intake.database, channels, now) == 0  # not due yet: backoff
        assert deliver_due(bo.intake.database, channels, now + backoff(1)) == 0  # fails again
        later = now + backoff(1) + backoff(2)
        assert deliver_due(bo.intake.database, channels, later) == 1
        assert deliver_due(bo.intake.database, channels, later + timedelta(days=1)) == 0
        assert len(mailbox.messages) == 1
        mail = mailbox.messages[0]
        assert mail["To"] == "ayu@example.org"
        assert "5108-0700" in mail["Subject"]
        text = body_of(mail)
        assert "Foto KK buram" in text
        assert "dokumen kk" in text
        assert [r["answered"] for r in stub.requests] == [500, 500, 200]
        [delivered] = stub.delivered()
        assert delivered["body"]["to"] == "081234567890"
        assert delivered["authorization"] == "Bearer token-rahasia"
        assert "5108-0700" in delivered["body"]["message"]
        keys = {r["idempotency_key"] for r in stub.requests}
        assert len(keys) == 1  # every retry carries the same key
    page = bo.client.get(f"/backoffice/applications/{app_id}").text
    assert page.count('class="state">sent<') == 2
    assert bo.intake.scalar("SELECT count(*) FROM message_outbox WHERE recipient IS NOT NULL") == 0


def test_a_mail_server_that_is_down_loses_nothing(bo: Backoffice, kiosk: Kiosk) -> None:
    _reject(bo, kiosk, "5108-0701", {**CONSENTING, CONTACT_CONSENT_FIELD: "email"})
    port = free_port()
    down = {"email": SmtpChannel("127.0.0.1", port, "disdukcapil@example.org", timeout=2)}
    now = utc_now()
    assert deliver_due(bo.intake.database, down, now) == 0
    state = bo.intake.scalar("SELECT state FROM message_outbox")
    assert state == "pending"
    with smtp_server() as (up_port, mailbox):
        up = {"email": SmtpChannel("127.0.0.1", up_port, "disdukcapil@example.org")}
        assert deliver_due(bo.intake.database, up, now + backoff(1)) == 1
        assert deliver_due(bo.intake.database, up, now + timedelta(days=1)) == 0
        assert len(mailbox.messages) == 1


def test_without_consent_nobody_is_contacted(bo: Backoffice, kiosk: Kiosk) -> None:
    _reject(bo, kiosk, "5108-0702", APPLICANT)
    assert bo.intake.scalar("SELECT count(*) FROM message_outbox") == 0


def test_ready_for_pickup_says_where_and_when(bo: Backoffice, kiosk: Kiosk) -> None:
    fields = {**CONSENTING, CONTACT_CONSENT_FIELD: "email"}
    url = bo.reviewing(kiosk, "5108-0703", fields=fields) + "/decision"
    for data in (
        {"action": "approve", "confirmed": "yes"},
        {"action": "processing"},
        {"action": "ready", "place": "Kantor Kecamatan Negara", "pickup_date": "10/12/2026"},
    ):
        assert bo.client.post(url, data={**data, "csrf_token": bo.csrf()}).status_code == 200
    with smtp_server() as (port, mailbox):
        channels = {"email": SmtpChannel("127.0.0.1", port, "disdukcapil@example.org")}
        assert deliver_due(bo.intake.database, channels) == 1
        body = body_of(mailbox.messages[0])
        assert "Kantor Kecamatan Negara" in body
        assert "mulai 10/12/2026" in body  # the day as the verifier typed it, day first
