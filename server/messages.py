"""The citizen hears back: messages on rejection and on "ready for pickup", through an outbox.

Enqueueing happens in the back office right after the decision, from the applicant's sealed
fields: only the channels the citizen consented to at the kiosk (CONTACT_CONSENT_FIELD), to
the number or address they gave. Each message is one row of `message_outbox` with a dedupe
key (application version, status, channel), so deciding twice enqueues once. `deliver_due`
sends what is due; a channel that is down (RETRY) is tried again after an exponential backoff
(`BACKOFF_SECONDS` doubling, capped at `MAX_BACKOFF_SECONDS`, given up after `MAX_ATTEMPTS`),
a refusal (GIVE_UP) is final. A row is claimed ("sending") in its own transaction before the
call and settled after it, so two workers never send the same row; a worker that dies during
the call leaves a claim that is retried only after `CLAIM_TIMEOUT`, with the same dedupe key.

Templates are data (resources/backoffice/message_templates.json; a district replaces it
with `--message-templates FILE`), in Bahasa Indonesia, with $number, $reason, $fix.
"""

from __future__ import annotations

import json
import logging
import re
import string
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sync.protocol import CONTACT_CONSENT_FIELD, CONTACT_EMAIL_FIELD
from sync.protocol import ApplicationStatus as S

from . import audit
from .db import Database
from .errors import InvalidRequest
from .message_channels import Channel, Letter, Outcome
from .models import Application, OutboxMessage, utc_now

log = logging.getLogger("kiosk.server.messages")

DEFAULT_TEMPLATES = (
    Path(__file__).resolve().parent.parent / "resources" / "backoffice" / "message_templates.json"
)
BACKOFF_SECONDS = 30.0
MAX_BACKOFF_SECONDS = 3600.0
MAX_ATTEMPTS = 12
CLAIM_TIMEOUT = timedelta(minutes=10)
EMAIL_RE = re.compile(r"^[^@\s<>,;]{1,64}@[A-Za-z0-9.-]{1,190}\.[A-Za-z]{2,}$")
PHONE_RE = re.compile(r"^(\+62|62|0)8\d{7,12}$")
NOTIFIED = (S.REJECTED, S.READY)


class Template(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    subject: str = Field(min_length=1, max_length=200)
    body: str = Field(min_length=1, max_length=1500)


class Templates(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: int = Field(ge=1, le=1)
    templates: dict[str, Template]


def load_templates(path: Path | None = None) -> Templates:
    source = path or DEFAULT_TEMPLATES
    try:
        loaded = Templates.model_validate(json.loads(source.read_text(encoding="utf-8")))
    except (OSError, ValueError, ValidationError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InvalidRequest(
            f"Templat pesan {source} tidak sah: {first} / message templates {source} "
            f"are not valid: {first}"
        ) from None
    for status in NOTIFIED:
        if status.value not in loaded.templates:
            raise InvalidRequest(
                f"Templat '{status.value}' tidak ada di {source} / no '{status.value}' template"
            )
    return loaded


@dataclass(frozen=True)
class Contact:
    whatsapp: str | None
    email: str | None


def consented_contact(fields: Mapping[str, Any] | None) -> Contact:
    """The channels the citizen agreed to, with a usable address each; nothing otherwise."""
    fields = fields or {}
    consent = {c.strip() for c in str(fields.get(CONTACT_CONSENT_FIELD) or "").split(",")}
    phone = re.sub(r"[\s-]", "", str(fields.get("phone") or ""))
    email = str(fields.get(CONTACT_EMAIL_FIELD) or "").strip()
    return Contact(
        whatsapp=phone if "whatsapp" in consent and PHONE_RE.match(phone) else None,
        email=email if "email" in consent and EMAIL_RE.match(email) else None,
    )


def enqueue(
    database: Database,
    templates: Templates,
    application_id: uuid.UUID,
    version: int,
    fields: Mapping[str, Any] | None,
    operator_id: str,
) -> int:
    """Queues the message for the version's current status; returns how many were added."""
    contact = consented_contact(fields)
    added = 0
    with database.write() as session:
        app = session.scalars(
            sa.select(Application).where(
                Application.application_id == application_id, Application.version == version
            )
        ).one()
        status = S(app.status)
        if status not in NOTIFIED:
            return 0
        template = templates.templates[status.value]
        values = {"number": app.number, "reason": app.reason or "", "fix": app.fix or ""}
        subject = string.Template(template.subject).safe_substitute(values)[:200]
        body = string.Template(template.body).safe_substitute(values)[:2000]
        now = utc_now()
        for channel, recipient in (("email", contact.email), ("whatsapp", contact.whatsapp)):
            if recipient is None:
                continue
            key = f"{application_id}.v{version}.{status.value}.{channel}"
            exists = session.scalar(
                sa.select(OutboxMessage.id).where(OutboxMessage.dedupe_key == key)
            )
            if exists is not None:
                continue
            session.add(
                OutboxMessage(
                    application_pk=app.pk,
                    dedupe_key=key,
                    channel=channel,
                    recipient=recipient,
                    subject=subject,
                    body=body,
                    state="pending",
                    attempts=0,
                    next_attempt_at=now,
                    created_at=now,
                )
            )
            audit.record(
                session,
                "message_queued",
                operator_id,
                application_id=application_id,
                version=version,
                detail=f"{channel} {status.value}",
            )
            added += 1
    return added


def backoff(attempts: int, base_seconds: float = BACKOFF_SECONDS) -> timedelta:
    return timedelta(seconds=min(MAX_BACKOFF_SECONDS, base_seconds * 2 ** (attempts - 1)))


def deliver_due(
    database: Database,
    channels: Mapping[str, Channel],
    now: datetime | None = None,
    backoff_seconds: float = BACKOFF_SECONDS,
) -> int:
    """Sends every due message whose channel is configured; returns how many were sent."""
    sent = 0
    while True:
        claimed = _claim_one(database, set(channels), now or utc_now())
        if claimed is None:
            return sent
        row_id, letter, channel_name, attempts = claimed
        attempt = channels[channel_name].send(letter)
        settled_at = now or utc_now()
        retry_at = settled_at + backoff(attempts, backoff_seconds)
        _settle(database, row_id, attempt.outcome, attempt.error, attempts, settled_at, retry_at)
        sent += attempt.outcome == Outcome.SENT


def _claim_one(
    database: Database, channels: set[str], now: datetime
) -> tuple[int, Letter, str, int] | None:
    if not channels:
        return None
    with database.write() as session:
        stale = now - CLAIM_TIMEOUT
        row = session.scalars(
            sa.select(OutboxMessage)
            .where(
                OutboxMessage.channel.in_(sorted(channels)),
                sa.or_(
                    sa.and_(OutboxMessage.state == "pending", OutboxMessage.next_attempt_at <= now),
                    sa.and_(
                        OutboxMessage.state == "sending", OutboxMessage.next_attempt_at <= stale
                    ),
                ),
            )
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        ).one_or_none()
        if row is None or row.recipient is None:
            return None
        row.state = "sending"
        row.attempts += 1
        row.next_attempt_at = now
        letter = Letter(row.recipient, row.subject, row.body, row.dedupe_key)
        return row.id, letter, row.channel, row.attempts


def _settle(
    database: Database,
    row_id: int,
    outcome: Outcome,
    error: str | None,
    attempts: int,
    now: datetime,
    retry_at: datetime,
) -> None:
    with database.write() as session:
        row = session.get(OutboxMessage, row_id, with_for_update=True)
        if row is None:
            return
        app = session.get(Application, row.application_pk)
        row.last_error = error
        if outcome == Outcome.SENT:
            row.state, row.sent_at, row.recipient = "sent", now, None
        elif outcome == Outcome.GIVE_UP or attempts >= MAX_ATTEMPTS:
            row.state, row.recipient = "failed", None
        else:
            row.state, row.next_attempt_at = "pending", retry_at
        if row.state != "pending":
            audit.record(
                session,
                f"message_{row.state}",
                "bo:outbox",
                application_id=app.application_id if app else None,
                version=app.version if app else None,
                detail=f"{row.channel} after {attempts} attempt(s)",
            )
        log.info(
            "message %d (%s): %s after %d attempt(s)", row.id, row.channel, row.state, attempts
        )


def delivery_status(database: Database, application_pks: list[int]) -> list[dict[str, Any]]:
    """What the review page shows: each message's channel, state, attempts, last error."""
    with database.read() as session:
        rows = session.scalars(
            sa.select(OutboxMessage)
            .where(OutboxMessage.application_pk.in_(application_pks))
            .order_by(OutboxMessage.id)
        ).all()
        return [
            {
                "channel": r.channel,
                "state": r.state,
                "attempts": r.attempts,
                "subject": r.subject,
                "last_error": r.last_error,
                "sent_at": r.sent_at,
            }
            for r in rows
        ]
