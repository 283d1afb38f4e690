"""What every back-office request needs: the database, the opener of sealed data, the rest."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import Request
from fastapi.templating import Jinja2Templates

from ..config import ServerSettings
from ..db import Database
from ..message_channels import Channel
from ..messages import Templates, load_templates
from ..nik_digest import NikDigester
from ..queue_counts import CountCache
from ..rejection_reasons import ReasonList
from ..unsealing import Opener

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static"


@dataclass(frozen=True)
class BackofficeContext:
    """Built once per process by `kiosk-server backoffice`.

    Attributes:
        idle_minutes: a session unused this long is over.
        secure_cookies: mark cookies Secure (when served over HTTPS, e.g. behind a proxy).
        outbox_wake: set after a decision queues a message, so it goes out at once.
    """

    settings: ServerSettings
    database: Database
    opener: Opener
    digester: NikDigester
    reasons: ReasonList
    idle_minutes: int = 30
    secure_cookies: bool = False
    templates: Templates = field(default_factory=load_templates)
    channels: dict[str, Channel] = field(default_factory=dict)
    """Configured message channels by name ("email", "whatsapp"); none: nothing is sent."""
    outbox_wake: threading.Event = field(default_factory=threading.Event)
    outbox_poll_seconds: float = 15.0
    outbox_backoff_seconds: float = 30.0
    counts: CountCache = field(default_factory=CountCache)


def context_of(request: Request) -> BackofficeContext:
    context: BackofficeContext = request.app.state.backoffice
    return context


def templates_of(request: Request) -> Jinja2Templates:
    templates: Jinja2Templates = request.app.state.templates
    return templates
