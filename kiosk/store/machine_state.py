"""Machine state: every key of the device_state table, declared once with its type and default.

User preferences live in settings.json (kiosk/settings.py); what the machine itself learnt
(its code, its enrollment, the sync cursor, the server's sealing key, ...) lives here, in the
database, next to the data it describes. Callers ask `MachineState` questions
(`is_enrolled()`, `last_success()`) or read a declared `StateKey`; no module spells a raw key.
Values are stored as text exactly as before this module existed, so no migration is needed.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy.orm import Session

from kiosk.sealing import SealKey
from kiosk.store.clock import utcnow
from kiosk.store.core import StoreCore
from kiosk.store.models import DeviceStateRow

log = logging.getLogger("kiosk.db")
T = TypeVar("T")


def _text(value: str) -> str:
    return value


def _time(value: str) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _time_text(value: datetime | None) -> str:
    return value.isoformat() if value is not None else ""


def _json(value: str) -> dict[str, Any] | None:
    loaded = json.loads(value)
    return loaded if isinstance(loaded, dict) else None


def _json_text(value: dict[str, Any] | None) -> str:
    return json.dumps(value)


@dataclass(frozen=True)
class StateKey(Generic[T]):
    """One declared key: its name in the table, its default and how it is kept as text."""

    name: str
    default: T
    parse: Callable[[str], T]
    unparse: Callable[[T], str]
    doc: str


def _text_key(name: str, doc: str) -> StateKey[str]:
    return StateKey(name, "", _text, _text, doc)


def _time_key(name: str, doc: str) -> StateKey[datetime | None]:
    return StateKey(name, None, _time, _time_text, doc)


DEVICE_CODE = _text_key("device_code", "4 letters in every application number of this device")
AUDIT_HEAD = _text_key("audit.head", "'<seq>:<hash>' of the newest audit entry (kiosk/audit.py)")
AUDIT_SERVER_HEAD = _text_key(
    "audit.server_head", "'<seq>:<hash>' the server holds of this device's chain (sync pass)"
)
AUDIT_PROBLEM = _text_key(
    "audit.problem", "'<code>: <message>' when the chain no longer matches the server's copy"
)
SEAL_KEY = StateKey[dict[str, Any] | None](
    "server_seal_key",
    None,
    _json,
    _json_text,
    "{key_id, public_key} of the server key finalised applications are sealed to",
)
DEVICE_ID = _text_key("sync.device_id", "UUID this device enrolls with; made before the request")
SERVER_URL = _text_key("sync.server_url", "the district server this device is enrolled with")
OFFICE_CODE = _text_key("sync.office_code", "the office the server enrolled this device for")
CREDENTIAL = _text_key("sync.credential", "the device credential, encrypted with the device key")
CREDENTIAL_SINCE = _time_key("sync.credential_since", "when the credential was issued (UTC)")
SIGNING_KEY = _text_key(
    "sync.signing_key", "the device's Ed25519 bundle signing key, encrypted with the device key"
)
SIGNING_KEY_REGISTERED = _text_key(
    "sync.signing_key_registered", "the public signing key (hex) the server confirmed it holds"
)
DEVICE_PROBLEM = _text_key("sync.device_problem", "'<code>: <message>' when the server refused")
LAST_SUCCESS = _time_key("sync.last_success", "end of the last pass that had no error")
LAST_BUNDLE_ACK = _time_key(
    "sync.last_bundle_ack", "when the server's receipt for a USB bundle was last taken"
)
FEED_CURSOR = _text_key("sync.cursor", "where the status change feed continues")
OPERATORS_REVISION = _text_key("sync.operators_revision", "revision of the accounts last taken")
RETENTION_LAST_RUN = _time_key("retention.last_run", "when documents were last purged")
UPDATE_CHANNEL = StateKey[str](
    "updates.channel", "stable", _text, _text, "the release channel this kiosk follows"
)
UPDATE_PROBLEM = _text_key("updates.problem", "why the last offered release was refused")
CONFIG_PROBLEM = _text_key("config.problem", "why the last district configuration was refused")
OPERATORS_MANAGED = _text_key(
    "accounts.server_managed",
    "'yes' once the server's operator list was taken: accounts are the server's alone",
)

KEYS: tuple[StateKey[Any], ...] = (
    DEVICE_CODE,
    AUDIT_HEAD,
    AUDIT_SERVER_HEAD,
    AUDIT_PROBLEM,
    SEAL_KEY,
    DEVICE_ID,
    SERVER_URL,
    OFFICE_CODE,
    CREDENTIAL,
    CREDENTIAL_SINCE,
    SIGNING_KEY,
    SIGNING_KEY_REGISTERED,
    DEVICE_PROBLEM,
    LAST_SUCCESS,
    LAST_BUNDLE_ACK,
    FEED_CURSOR,
    OPERATORS_REVISION,
    RETENTION_LAST_RUN,
    UPDATE_CHANNEL,
    UPDATE_PROBLEM,
    CONFIG_PROBLEM,
    OPERATORS_MANAGED,
)


def read_in(session: Session, key: StateKey[T]) -> T:
    row = session.get(DeviceStateRow, key.name)
    return key.parse(row.value) if row is not None else key.default


def write_in(session: Session, key: StateKey[T], value: T) -> None:
    """Writes inside the caller's transaction (e.g. the audit head with its entry)."""
    session.merge(DeviceStateRow(key=key.name, value=key.unparse(value)))


class MachineState:
    """Typed access to the device_state table, and the questions callers ask of it."""

    def __init__(self, core: StoreCore) -> None:
        self._core = core

    def get(self, key: StateKey[T]) -> T:
        with self._core.read_session() as session:
            return read_in(session, key)

    def set(self, key: StateKey[T], value: T) -> None:
        with self._core.write_session() as session:
            write_in(session, key, value)

    def setdefault(self, key: StateKey[T], make: Callable[[], T]) -> T:
        """The key's value; when it has none yet, `make()`'s, kept in the same transaction."""
        with self._core.write_session() as session:
            value = read_in(session, key)
            if value == key.default:
                value = make()
                write_in(session, key, value)
            return value

    def is_enrolled(self) -> bool:
        return bool(self.get(CREDENTIAL))

    def last_success(self) -> datetime | None:
        return self.get(LAST_SUCCESS)

    def device_problem(self) -> str | None:
        """Why the server last refused this device; None once enrolled again or never."""
        return self.get(DEVICE_PROBLEM) or None

    def mark_synced(self, at: datetime | None = None) -> None:
        self.set(LAST_SUCCESS, at or utcnow())

    def seal_key(self) -> SealKey | None:
        """The district server's public key finalised applications are sealed to."""
        entry = self.get(SEAL_KEY)
        if entry is None:
            return None
        return SealKey.from_b64(entry["key_id"], entry["public_key"])

    def set_seal_key(self, key_id: str, public_key_b64: str) -> bool:
        """Keeps the server's current public key (validated); True when it changed.

        Never cleared: a key once known stays until the server publishes a newer one.
        """
        key = SealKey.from_b64(key_id, public_key_b64)
        if self.seal_key() == key:
            return False
        self.set(SEAL_KEY, {"key_id": key.key_id, "public_key": public_key_b64})
        log.info("server sealing key is now %s (fingerprint %s)", key.key_id, key.fingerprint)
        return True
