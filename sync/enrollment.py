"""Enrollment of this device with the district server, and where its credential is kept.

The device id is created and saved BEFORE the first request, so a retry after a lost answer
sends the same id and code, and the server hands back the same credential instead of burning
the code. The credential is stored encrypted with the device key.
"""

from __future__ import annotations

import base64
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from pydantic import ValidationError

from kiosk.errors import KioskError
from kiosk.sealing import SealError
from kiosk.store import Store
from kiosk.store.clock import utcnow
from sync import protocol as p
from sync.client import SyncClient
from sync.errors import ErrorClass, SyncError

log = logging.getLogger("kiosk.sync")

_AAD = b"sync/credential/v1"
CREDENTIAL_SINCE = "sync.credential_since"
"""When the current credential was issued (enrollment or rotation), ISO time in UTC."""


@dataclass(frozen=True)
class Enrollment:
    server_url: str
    device_id: str
    office_code: str
    credential: str


class NotEnrolled(KioskError):
    code = "not_enrolled"

    def __init__(self) -> None:
        super().__init__(
            "Perangkat ini belum terdaftar di server; jalankan 'kiosk enroll' dengan kode dari "
            "admin Dukcapil",
            "This device is not enrolled with the server; run 'kiosk enroll' with a code from "
            "the registry's admin",
        )


def device_id(store: Store) -> str:
    existing = store.get_state("sync.device_id")
    if existing:
        return existing
    new_id = str(uuid.uuid4())
    store.set_state("sync.device_id", new_id)
    return new_id


def load_enrollment(store: Store) -> Enrollment:
    sealed = store.get_state("sync.credential")
    url, office = store.get_state("sync.server_url"), store.get_state("sync.office_code")
    if not sealed or not url or office is None:
        raise NotEnrolled()
    credential = store.keys.decrypt(base64.b64decode(sealed), _AAD).decode()
    return Enrollment(url, device_id(store), office, credential)


def _save_credential(store: Store, credential: str) -> None:
    sealed = base64.b64encode(store.keys.encrypt(credential.encode(), _AAD)).decode()
    store.set_state("sync.credential", sealed)
    store.set_state(CREDENTIAL_SINCE, utcnow().isoformat())


def rotate_credential(store: Store) -> Enrollment:
    """Swaps this device's credential for a fresh one; safe to cut at any point.

    The server keeps the old secret valid until the new one is first used. So: ask for a new
    one (a lost answer: the old one still works, rotate again later), store it, then use it
    once, which retires the old one on the server (if that request is cut, the next one
    does it). Raises SyncError (offline, refused) or NotEnrolled.
    """
    current = load_enrollment(store)
    client = SyncClient(current.server_url, credential=current.credential, operator="system")
    try:
        answer = client.rotate_credential()
    finally:
        client.close()
    if str(answer.device_id) != current.device_id:
        raise SyncError(
            ErrorClass.NEEDS_PERSON,
            "credential_mismatch",
            "Server memberi kredensial untuk perangkat lain; hubungi admin Dukcapil",
            "The server issued a credential for another device; call the registry's admin",
        )
    _save_credential(store, answer.credential)
    store.audit.record("credential_rotated", operator="system:sync")
    confirm = SyncClient(current.server_url, credential=answer.credential, operator="system")
    try:
        confirm.audit_head()
    except SyncError as exc:
        log.info("new credential stored; its first use is postponed: %s", exc.code)
    finally:
        confirm.close()
    log.info("device credential rotated")
    return Enrollment(current.server_url, current.device_id, current.office_code, answer.credential)


def credential_age(store: Store, now: datetime | None = None) -> timedelta | None:
    """How old the current credential is; None if unknown (enrolled by an older version)."""
    since = store.get_state(CREDENTIAL_SINCE)
    if not since:
        return None
    return (now or utcnow()) - datetime.fromisoformat(since)


def learn_seal_key(store: Store, client: SyncClient) -> bool:
    """Fetches the server's current sealing key and keeps it; False when it has none yet.

    Raises SyncError: offline or refused, or (needs a person) a malformed key.
    """
    key = client.public_key()
    if key is None:
        return False
    try:
        store.set_seal_key(key.key_id, key.public_key)
    except SealError as exc:
        raise SyncError(
            ErrorClass.NEEDS_PERSON, "seal_key_invalid", exc.message_id, exc.message_en
        ) from exc
    return True


def fetch_seal_key(store: Store, server_url: str, credential: str) -> None:
    """Learns the server's sealing key right away, so the next submit is sealed at once.

    Best effort: without it (no key on the server yet, or the link dropped) every sync pass
    fetches it again, and applications queued meanwhile are sealed before they are sent.
    """
    client = SyncClient(server_url, credential=credential, operator="enrollment")
    try:
        learn_seal_key(store, client)
    except SyncError as exc:
        log.info("sealing key not fetched at enrollment: %s", exc.code)
    finally:
        client.close()


def enroll(store: Store, server_url: str, code: str, device_name: str) -> Enrollment:
    """Enrolls (or re-confirms) this device; raises SyncError on refusal or no network."""
    try:
        request = p.EnrollRequest(
            device_id=uuid.UUID(device_id(store)),
            code=p.normalize_enrollment_code(code),
            device_name=device_name[:80] or "kiosk",
        )
    except ValidationError as exc:
        raise KioskError(
            "Kode pendaftaran harus 12 huruf/angka seperti ABCD-EFGH-JKMN; periksa lagi",
            "The enrollment code has 12 letters/digits like ABCD-EFGH-JKMN; check it again",
            code="enrollment_code_invalid",
        ) from exc
    client = SyncClient(server_url, operator="enrollment")
    try:
        response = client.enroll(request)
    finally:
        client.close()
    store.set_state("sync.server_url", server_url.rstrip("/"))
    store.set_state("sync.office_code", response.office_code)
    _save_credential(store, response.credential)
    store.set_state("sync.device_problem", "")
    fetch_seal_key(store, server_url, response.credential)
    return Enrollment(
        server_url, str(response.device_id), response.office_code, response.credential
    )
