"""Enrollment of this device with the district server, and where its credential is kept.

The device id is created and saved BEFORE the first request, so a retry after a lost answer
sends the same id and code, and the server hands back the same credential instead of burning
the code. The credential is stored encrypted with the device key. The same goes for the
public half of the bundle signing key (sync.signing_key): made before, sent with the request.
"""

from __future__ import annotations

import base64
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from pydantic import ValidationError

from kiosk.errors import KioskError
from kiosk.local_store import Store
from kiosk.sealing import SealError
from kiosk.store import machine_state as ms
from kiosk.store.clock import utcnow
from sync import protocol as p
from sync.client import SyncClient
from sync.errors import ErrorClass, SyncError
from sync.pass_lock import PassLock
from sync.signing_key import note_registered, public_key

log = logging.getLogger("kiosk.sync")

_AAD = b"sync/credential/v1"


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
    """The id this device enrolls with: made once, before the first request."""
    return store.state.setdefault(ms.DEVICE_ID, lambda: str(uuid.uuid4()))


def load_enrollment(store: Store) -> Enrollment:
    sealed = store.state.get(ms.CREDENTIAL)
    url, office = store.state.get(ms.SERVER_URL), store.state.get(ms.OFFICE_CODE)
    if not sealed or not url:
        raise NotEnrolled()
    credential = store.core.keys.decrypt(base64.b64decode(sealed), _AAD).decode()
    return Enrollment(url, device_id(store), office, credential)


def _save_credential(store: Store, credential: str) -> None:
    sealed = base64.b64encode(store.core.keys.encrypt(credential.encode(), _AAD)).decode()
    store.state.set(ms.CREDENTIAL, sealed)
    store.state.set(ms.CREDENTIAL_SINCE, utcnow())


def rotate_credential(store: Store) -> Enrollment:
    """Swaps this device's credential for a fresh one; safe to cut at any point.

    The server keeps the old secret valid until the new one is first used. So: ask for a new
    one (a lost answer: the old one still works, rotate again later), store it, then use it
    once, which retires the old one on the server (if that request is cut, the next one
    does it). Raises SyncError (offline, refused, a pass is running) or NotEnrolled.

    Never while a sync pass runs (the pass lock): a pass still sending the old secret after
    the switch would look to the server like a copied credential and suspend this device.
    """
    lock = PassLock(store.data_dir / "sync.lock")
    if not lock.acquire():
        raise SyncError(
            ErrorClass.RETRYABLE,
            "sync_busy",
            "Pengiriman sedang berjalan; ganti kredensial setelah selesai",
            "A sync pass is running; replace the credential when it has finished",
        )
    try:
        return _rotate_credential(store)
    finally:
        lock.release()


def _rotate_credential(store: Store) -> Enrollment:
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
    since = store.state.get(ms.CREDENTIAL_SINCE)
    if since is None:
        return None
    return (now or utcnow()) - since


def learn_seal_key(store: Store, client: SyncClient) -> bool:
    """Fetches the server's current sealing key and keeps it; False when it has none yet.

    Raises SyncError: offline or refused, or (needs a person) a malformed key.
    """
    key = client.public_key()
    if key is None:
        return False
    try:
        store.state.set_seal_key(key.key_id, key.public_key)
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
            signing_key=public_key(store),
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
    store.state.set(ms.SERVER_URL, server_url.rstrip("/"))
    store.state.set(ms.OFFICE_CODE, response.office_code)
    _save_credential(store, response.credential)
    note_registered(store, response.signing_key)
    store.state.set(ms.DEVICE_PROBLEM, "")
    fetch_seal_key(store, server_url, response.credential)
    return Enrollment(
        server_url, str(response.device_id), response.office_code, response.credential
    )
