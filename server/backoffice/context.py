"""What every back-office request needs: the database, the opener of sealed data, the rest."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fastapi import Request
from fastapi.templating import Jinja2Templates

from ..config import ServerSettings
from ..db import Database
from ..rejection_reasons import ReasonList
from ..unsealing import Opener
from ..worklist import NikDigester

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static"


@dataclass(frozen=True)
class BackofficeContext:
    """Built once per process by `kiosk-server backoffice`.

    Attributes:
        idle_minutes: a session unused this long is over.
        secure_cookies: mark cookies Secure (when served over HTTPS, e.g. behind a proxy).
    """

    settings: ServerSettings
    database: Database
    opener: Opener
    digester: NikDigester
    reasons: ReasonList
    idle_minutes: int = 30
    secure_cookies: bool = False


def context_of(request: Request) -> BackofficeContext:
    context: BackofficeContext = request.app.state.backoffice
    return context


def templates_of(request: Request) -> Jinja2Templates:
    templates: Jinja2Templates = request.app.state.templates
    return templates
