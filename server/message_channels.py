"""How a message reaches a citizen: email over SMTP, WhatsApp through an HTTP gateway.

Each channel answers one delivery attempt with SENT, RETRY (the server or the network is down,
a 5xx, a 429) or GIVE_UP (the gateway refused this message for good: a 4xx, a bad address).
The WhatsApp gateway is pluggable: any provider's send-message API that takes a JSON POST
with a bearer token; its URL and token are configuration, never code. The outbox's dedupe key
travels as Message-ID (email) and Idempotency-Key (WhatsApp), so a provider that saw an
attempt whose answer was lost can drop the repeat.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from enum import StrEnum
from typing import Protocol

import requests


class Outcome(StrEnum):
    SENT = "sent"
    RETRY = "retry"
    GIVE_UP = "give_up"


@dataclass(frozen=True)
class Attempt:
    outcome: Outcome
    error: str | None = None


@dataclass(frozen=True)
class Letter:
    """One message as a channel sends it."""

    recipient: str
    subject: str
    body: str
    dedupe_key: str


class Channel(Protocol):
    @property
    def name(self) -> str: ...

    def send(self, letter: Letter) -> Attempt: ...


@dataclass(frozen=True)
class SmtpChannel:
    """Email through the district's mail server (STARTTLS when `starttls`)."""

    host: str
    port: int
    sender: str
    username: str | None = None
    password: str | None = None
    starttls: bool = False
    timeout: float = 20.0
    name: str = "email"

    def send(self, letter: Letter) -> Attempt:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = letter.recipient
        message["Subject"] = letter.subject
        domain = self.sender.rsplit("@", 1)[-1] or "localhost"
        message["Message-ID"] = make_msgid(idstring=letter.dedupe_key, domain=domain)
        message.set_content(letter.body)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.username:
                    smtp.login(self.username, self.password or "")
                smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            return Attempt(Outcome.GIVE_UP, f"recipient refused: {_short(exc)}")
        except smtplib.SMTPResponseException as exc:
            permanent = 500 <= exc.smtp_code < 600
            return Attempt(Outcome.GIVE_UP if permanent else Outcome.RETRY, _short(exc))
        except (OSError, smtplib.SMTPException) as exc:
            return Attempt(Outcome.RETRY, _short(exc))
        return Attempt(Outcome.SENT)


@dataclass(frozen=True)
class WhatsAppChannel:
    """A provider's send-message API: POST {"to", "message", "reference"} with a bearer token."""

    url: str
    token: str
    timeout: float = 20.0
    name: str = "whatsapp"

    def send(self, letter: Letter) -> Attempt:
        try:
            answer = requests.post(
                self.url,
                json={
                    "to": letter.recipient,
                    "message": f"{letter.subject}\n\n{letter.body}",
                    "reference": letter.dedupe_key,
                },
                headers={
                    "Authorization": f"Bearer {self.token}",
                    "Idempotency-Key": letter.dedupe_key,
                },
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            return Attempt(Outcome.RETRY, _short(exc))
        if 200 <= answer.status_code < 300:
            return Attempt(Outcome.SENT)
        error = f"HTTP {answer.status_code}"
        if answer.status_code in (408, 425, 429) or answer.status_code >= 500:
            return Attempt(Outcome.RETRY, error)
        return Attempt(Outcome.GIVE_UP, error)


def _short(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:300]
