"""``GET /health``: reachability and captive-portal probe (request 0)."""

from __future__ import annotations

from fastapi import APIRouter

from sync.protocol import API_PREFIX, ServerInfo

router = APIRouter(prefix=API_PREFIX)


@router.get("/health")
def health() -> ServerInfo:
    """Reachability probe; no authentication, no database."""
    return ServerInfo()
